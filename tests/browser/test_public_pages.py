"""A first visit: from the home page through the navigation to an organisation, accessible all the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from localdigital.accounts.models import User
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.fund.tests.factories import RoundFactory
from localdigital.organisations.models import Organisation, OrganisationDomain
from localdigital.organisations.services.importer import import_organisations
from localdigital.projects import services as project_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, real_data_dir):
    import_organisations(real_data_dir)
    DeclarationVersionFactory()
    kingston = Organisation.objects.get(gss_code="E09000021")
    OrganisationDomain.objects.get_or_create(organisation=kingston, domain="kingston.gov.uk")
    owner = User.objects.create_user("digital@kingston.gov.uk")
    project = project_services.create(
        kingston,
        owner,
        {
            "title": "Report missed bins online",
            "problem": "Residents phone to report missed bins",
            "phase": "alpha",
            "status": "active",
            "collaboration": "share-ideas",
            "contact_name": "Pat",
            "contact_email": "pat@kingston.gov.uk",
            "budget": "under-50k",
            "tags": ["bins"],
        },
    )
    project_services.post_update(project, owner, "Sprint 1: research with residents")
    RoundFactory(slug="open-round", name="Round 7")
    return live_server.url


def test_a_visitor_finds_an_organisation_through_the_navigation(site, page, axe):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Local Digital")
    axe.check(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    expect(page.locator("#results-count")).to_contain_text("442 organisations")
    axe.check(page)

    page.get_by_label("Search by name or code").fill("Kingston")
    page.get_by_label("London borough").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*1 organisation\s*"))
    axe.check(page)

    page.get_by_role("link", name="Kingston upon Thames").click()
    expect(page).to_have_url(re.compile(r"/organisations/E09000021/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kingston upon Thames")
    expect(page.get_by_text("kingston.gov.uk", exact=True)).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Greater London").click()
    expect(page.get_by_role("heading", name="Member councils")).to_be_visible()
    axe.check(page)

    assert page.console_problems == []


@pytest.mark.parametrize(
    "path",
    [
        "/declaration/",
        "/declaration/versions/",
        "/organisations/?page=2",
        "/organisations/?type=castle",
        "/organisations/E10000032/",
        "/open-data/",
        "/api/v1/docs",
        "/projects/",
        "/projects/?phase=castle",
        "/projects/activity/",
        "/projects/search/",
        "/projects/search/?q=missed+bins&phase=alpha",
        "/cookies/",
        "/accessibility/",
        "/privacy/",
        "/no-such-page/",
        "/sign-in/",
        "/sign-in/check-your-email/",
        "/sign-in/not-a-real-token/",
        "/signed-out/",
        "/pledge/",
        "/pledge/withdraw/",
        "/pledge/confirm/not-a-real-token/",
        "/pledge/withdraw/not-a-real-token/",
        "/pledges/",
        "/dashboard/",
        "/cy/dashboard/",
        "/fund/",
        "/fund/open-round/",
    ],
)
def test_every_public_page_passes_axe(site, page, axe, path):
    response = page.goto(site + path)
    expect(page.locator("h1")).to_be_visible()
    axe.check(page)
    if response.ok:
        assert page.console_problems == []


def test_a_project_page_passes_axe(site, page, axe):
    page.goto(site + "/projects/")
    page.get_by_role("link", name="Report missed bins online").click()
    expect(page.get_by_text("Sprint 1: research with residents")).to_be_visible()
    axe.check(page)


def test_the_filters_work_without_javascript(site, new_page):
    page = new_page(java_script_enabled=False)

    page.goto(site + "/organisations/")
    page.get_by_role("group", name="Nation").get_by_label("Wales").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("#results-count")).to_contain_text(
        "26 organisations"
    )  # 22 councils and 4 police force areas


PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


@pytest.mark.parametrize(
    "path", ["/", "/dashboard/", "/organisations/", "/signatories/", "/pledges/", "/fund/open-round/"]
)
def test_on_a_phone_the_page_never_scrolls_sideways(site, new_page, axe, path):
    page = new_page(viewport=PHONE)
    page.goto(site + path)
    axe.check(page)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_a_wide_table_scrolls_in_its_own_named_box_by_keyboard(site, new_page, axe):
    page = new_page(viewport=PHONE)
    page.goto(site + "/organisations/")
    box = page.get_by_role("region", name="Organisations")
    box.focus()
    expect(box).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")

    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    assert box.evaluate("box => box.scrollLeft") > 0
    axe.check(page)


def test_on_a_phone_the_filters_start_hidden_and_open_when_asked(site, new_page, axe):
    page = new_page(viewport=PHONE)
    page.goto(site + "/organisations/")
    search = page.get_by_label("Search by name or code")
    expect(search).to_be_hidden()

    page.get_by_text("Filters", exact=True).click()
    search.fill("Kingston upon Thames")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*1 organisation\s*"))
    axe.check(page)


def test_on_a_desktop_the_filters_are_open(site, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(site + "/projects/")

    expect(page.get_by_label("Search projects")).to_be_visible()


def test_without_javascript_the_filters_are_shown_and_can_be_hidden(site, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(site + "/projects/")
    expect(page.get_by_label("Search projects")).to_be_visible()

    page.get_by_text("Filters", exact=True).click()
    expect(page.get_by_label("Search projects")).to_be_hidden()


def test_sign_out_stays_on_one_line_beside_the_navigation_at_1280_pixels(site, new_page, axe):
    page = new_page(viewport=DESKTOP)
    page.goto(site + "/sign-in/")
    page.get_by_label("Email address").fill("digital@kingston.gov.uk")
    page.get_by_role("button", name="Send me a link").click()
    path = re.search(r"http://[^/\s]+(/sign-in/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(site + path)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    axe.check(page)

    menu = page.get_by_role("navigation", name="Menu")
    sign_out = menu.get_by_role("button", name="Sign out").bounding_box()
    projects = menu.get_by_role("link", name="Projects").bounding_box()
    assert abs(sign_out["y"] - projects["y"]) < 5  # the same line
    assert sign_out["height"] < 2 * projects["height"]  # not broken across two lines
