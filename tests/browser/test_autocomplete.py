"""A long list (council services) suggests as you type where JavaScript runs, and stays a select where not."""

import re

import pytest
from playwright.sync_api import expect

from localdigital.projects.models import Project
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory
from tests.browser.test_signing_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SERVICES = ["Household waste collection", "Garden waste collection", "Bulky waste collection"] + [
    f"Service number {n}" for n in range(40)
]


@pytest.fixture
def site(live_server):
    CouncilFactory(
        name="Kingston upon Thames", slug="kingston", gss_code="E09000021", domain="kingston.gov.uk"
    )
    Service.objects.bulk_create(
        Service(code=code, label=label) for code, label in enumerate(SERVICES, start=1)
    )
    return live_server.url


def start_a_project(page, site, axe, title):
    page.goto(site + "/projects/new/")
    page.get_by_label("Project name").fill(title)
    page.get_by_label("What problem are you solving, and for whom?").fill(
        "Bins are missed and residents phone"
    )
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Alpha").check()
    page.get_by_label("Happy to share ideas").check()
    page.get_by_label("Contact name").fill("Pat Lead")
    page.get_by_label("Contact email address").fill("pat@kingston.gov.uk")


def test_a_service_is_chosen_by_typing_part_of_its_name_with_the_keyboard(site, new_page, axe):
    page = new_page()
    sign_in(page, site, axe, "officer@kingston.gov.uk")
    start_a_project(page, site, axe, "Missed bins")

    box = page.get_by_role("combobox", name="Service area")
    hint = re.compile("From the Local Government Service List")
    expect(box).to_have_accessible_description(hint)  # the select's hint, as well as the box's own
    box.fill("garden")
    expect(page.get_by_role("option", name="Garden waste collection")).to_be_visible()
    expect(box).to_have_accessible_description(hint)  # still, after the box's own hint has gone
    expect(page.get_by_role("option", name="Household waste collection")).to_have_count(0)
    axe.check(page)  # with the suggestions open
    box.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(box).to_have_value("Garden waste collection")
    page.get_by_role("button", name="Save project").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Missed bins")
    assert Project.objects.get().service.label == "Garden waste collection"


def test_emptying_the_box_leaves_no_service(site, new_page, axe):
    page = new_page()
    sign_in(page, site, axe, "officer@kingston.gov.uk")
    start_a_project(page, site, axe, "Missed bins")
    box = page.get_by_role("combobox", name="Service area")
    box.fill("bulky")
    page.get_by_role("option", name="Bulky waste collection").click()
    box.fill("")
    page.get_by_role("button", name="Save project").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Missed bins")
    assert Project.objects.get().service is None


def test_without_javascript_it_is_a_select(site, new_page, axe):
    signed_in = new_page()
    sign_in(signed_in, site, axe, "officer@kingston.gov.uk")
    page = new_page(java_script_enabled=False)  # axe needs JavaScript: it runs on the page above
    page.context.add_cookies(signed_in.context.cookies())
    start_a_project(page, site, axe, "Missed bins")
    page.get_by_label("Service area").select_option(label="Household waste collection")
    page.get_by_role("button", name="Save project").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Missed bins")
    assert Project.objects.get().service.label == "Household waste collection"
