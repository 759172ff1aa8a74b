"""On a 320 pixel wide screen (WCAG's reflow size) no public page scrolls sideways, in English or in
Welsh, and a table wider than the screen scrolls in its own box with its caption in view."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.organisations.services.importer import import_organisations

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 640}

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

# Each table caption in a scrolling box, and how far past the box's right edge it reaches.
CLIPPED_CAPTIONS = """() => [...document.querySelectorAll('.app-table-scroll caption')]
  .filter(caption => getComputedStyle(caption).position !== 'absolute')
  .map(caption => [caption.textContent.trim(), caption.getBoundingClientRect().right
    - caption.closest('.app-table-scroll').getBoundingClientRect().right])
  .filter(([, past]) => past > 0.5)"""


@pytest.fixture
def site(live_server, official_lists):
    import_organisations(official_lists.folder)
    DeclarationVersionFactory()
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=io.StringIO())
    return live_server.url


def pages_linked_from(page, site) -> list[str]:
    """The site's own pages that the header, navigation and footer link to, and the first
    organisation, project and signatory a visitor would open from their lists."""
    found = []
    for link in page.locator("header a, nav a, footer a").all():
        href = link.get_attribute("href") or ""
        parts = urlsplit(href)
        if href.startswith(("/", site)) and not parts.path.endswith((".csv", ".json", ".xml", "/feed/")):
            found.append(parts.path)
    return list(dict.fromkeys(found))


def check_fits(page, url, axe):
    page.goto(url)
    axe.check(page)
    assert page.evaluate(SIDEWAYS) <= 0, f"{url} scrolls sideways at 320 pixels"
    assert page.evaluate(CLIPPED_CAPTIONS) == [], f"{url} cuts a table's caption off"


@pytest.mark.parametrize("prefix", ["", "/cy"], ids=["English", "Welsh"])
def test_no_public_page_scrolls_sideways_on_a_320_pixel_screen(site, new_page, axe, prefix):
    page = new_page(viewport=NARROW)
    page.goto(site + prefix + "/")
    paths = pages_linked_from(page, site)
    assert f"{prefix}/cookies/" in paths and f"{prefix}/signatories/" in paths
    for path in paths:
        check_fits(page, site + path, axe)

    # Pages a visitor opens from the lists: the first of each.
    for listing in ["/organisations/", "/projects/"]:
        page.goto(site + prefix + listing)
        one = re.compile(rf"^{prefix}{listing}[A-Za-z0-9-]+/$")
        links = page.locator("main a.govuk-link").all()
        next(link for link in links if one.match(link.get_attribute("href") or "")).click()
        expect(page.locator("main h1").first).to_be_visible()
        check_fits(page, page.url, axe)


def test_a_wide_table_scrolls_in_its_box_with_its_caption_in_view(site, new_page, axe):
    page = new_page(viewport=NARROW)
    page.goto(site + "/cy/signatories/")
    axe.check(page)
    box = page.get_by_role("region", name="Cynghorau sydd wedi llofnodi, yn ôl math")
    box.focus()
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")  # the table is wider than the screen
    page.keyboard.press("ArrowRight")
    # Chromium scrolls by keyboard smoothly, over several frames: wait for the box to get there.
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
    assert page.evaluate(CLIPPED_CAPTIONS) == []
    caption = box.locator("caption")
    assert caption.evaluate("c => c.getBoundingClientRect().left") >= box.evaluate(
        "b => b.getBoundingClientRect().left"
    )
    assert page.evaluate(SIDEWAYS) <= 0
