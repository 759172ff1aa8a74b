"""The register of systems and contracts as a member of the public uses it: choose a service, type the
dates a contract should end between, press Apply filters, and see only the matching organisations; then
open a service's page and read its pictures' figures."""

from datetime import date

import pytest
from playwright.sync_api import expect

from localdigital.plumbing.tests.factories import ProductFactory, SystemFactory
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    waste = Service.objects.create(code=524, label="Household waste collection")
    planning = Service.objects.create(code=487, label="Full planning applications")
    bins = ProductFactory(name="BinTrack")
    for name, service, end in (
        ("Kingston upon Thames", waste, date(2027, 6, 30)),
        ("Sutton", waste, date(2027, 11, 30)),
        ("Merton", waste, date(2030, 3, 31)),
        ("Richmond upon Thames", planning, date(2027, 7, 31)),
    ):
        SystemFactory(
            organisation=CouncilFactory(name=name), product=bins, services=[service], contract_end=end
        )
    return live_server.url


def test_a_person_finds_the_councils_whose_waste_contracts_end_within_a_year(site, page, axe):
    page.goto(site + "/systems/")
    expect(page.get_by_role("heading", name="4 systems")).to_be_visible()
    axe.check(page)

    page.get_by_label("Service", exact=True).select_option(label="Household waste collection")
    after = page.get_by_role("group", name="Contract ends on or after")
    after.get_by_label("Day").fill("1")
    after.get_by_label("Month").fill("4")
    after.get_by_label("Year").fill("2027")
    before = page.get_by_role("group", name="Contract ends on or before")
    before.get_by_label("Day").fill("31")
    before.get_by_label("Month").fill("3")
    before.get_by_label("Year").fill("2028")
    before.get_by_label("Year").press("Enter")

    expect(page.get_by_role("heading", name="2 systems")).to_be_visible()
    results = page.locator(".govuk-grid-column-two-thirds")
    expect(results).to_contain_text("BinTrack at Kingston upon Thames")
    expect(results).to_contain_text("BinTrack at Sutton")
    expect(results).not_to_contain_text("Merton")
    expect(results).not_to_contain_text("Richmond")
    axe.check(page)

    # A date that is not real is said so, and what was typed stays.
    before.get_by_label("Day").fill("31")
    before.get_by_label("Month").fill("2")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real date")
    expect(page.get_by_role("group", name="Contract ends on or before").get_by_label("Month")).to_have_value(
        "2"
    )
    axe.check(page)

    page.get_by_role("link", name="BinTrack at Kingston upon Thames").click()
    page.get_by_role("link", name="Household waste collection").click()
    expect(page.get_by_role("heading", name="Systems for Household waste collection")).to_be_visible()
    page.get_by_text("Show the figures as a table").first.click()
    expect(page.get_by_role("table", name="Products used for Household waste collection")).to_contain_text(
        "3"
    )
    axe.check(page)
    page.screenshot(path="var/systems-service.png", full_page=True)
