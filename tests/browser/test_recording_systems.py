"""Recording a system in a browser as a council officer would: fill, choose, press, check the answers and
save; and, when the product typed is close to one already recorded, being offered it and choosing it."""

import pytest
from playwright.sync_api import expect

from localdigital.plumbing import matching
from localdigital.plumbing.models import Product, System
from localdigital.plumbing.tests.factories import ProductFactory, StandardFactory
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory, member_of
from tests.browser.test_projects_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    kingston = CouncilFactory(
        name="Kingston upon Thames", slug="kingston-upon-thames", domain="kingston.gov.uk"
    )
    member_of(kingston, "officer")
    Service.objects.create(code=524, label="Household waste collection")
    Service.objects.create(code=525, label="Bulky waste collection")
    StandardFactory(name="Local Waste Service Standards")
    return live_server.url


def fill_the_record(page, axe):
    expect(page.get_by_role("heading", name="Which services does it support?")).to_be_visible()
    axe.check(page)
    page.get_by_label("Service", exact=True).select_option(label="Household waste collection")
    page.get_by_label("Another service (optional)").first.select_option(label="Bulky waste collection")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="The contract")).to_be_visible()
    axe.check(page)
    page.get_by_label("Hosted by the supplier (software as a service)").check()
    start = page.get_by_role("group", name="When did the contract start?")
    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("4")
    start.get_by_label("Year").fill("2022")
    end = page.get_by_role("group", name="When does the contract end?")
    end.get_by_label("Day").fill("31")
    end.get_by_label("Month").fill("3")
    end.get_by_label("Year").fill("2021")
    page.get_by_label("Longest extension, in months (optional)").fill("24")
    page.get_by_label("Call-off from a framework (for example G-Cloud)").check()
    page.get_by_label("Which framework? (optional)").fill("G-Cloud 14")
    page.get_by_label("£100,000 to £500,000").check()
    page.get_by_label("Anyone", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    # The end was typed before the start: the page says so, and keeps what was typed.
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be the same as or after it starts")
    axe.check(page)
    expect(page.get_by_label("Which framework? (optional)")).to_have_value("G-Cloud 14")
    end.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Open standards and APIs")).to_be_visible()
    axe.check(page)
    page.get_by_label("Local Waste Service Standards").check()
    page.get_by_label("Yes, with open documentation").check()
    page.get_by_label("Where is the API documented? (optional)").fill("https://developer.example.com/")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Plans to replace it")).to_be_visible()
    axe.check(page)
    page.get_by_label("Planning to replace it").check()
    page.get_by_role("button", name="Continue").click()


def test_an_officer_records_a_system_and_checks_the_answers(site, page, axe):
    sign_in(page, site, "officer@kingston.gov.uk")
    page.goto(site + "/systems/new/")
    expect(page.get_by_role("heading", name="The product and its supplier")).to_be_visible()
    axe.check(page)
    page.get_by_label("What is the product called?").fill("Whitespace Work")
    page.get_by_label("Who supplies it? (optional)").fill("Whitespace Ltd")
    page.get_by_role("button", name="Continue").click()
    fill_the_record(page, axe)

    expect(page.get_by_role("heading", name="Check your answers before saving the record")).to_be_visible()
    axe.check(page)
    page.screenshot(path="var/recording-check.png", full_page=True)
    expect(page.locator("main")).to_contain_text("31 March 2027")
    expect(page.locator("main")).to_contain_text("G-Cloud 14")
    page.get_by_role("button", name="Save the record").click()

    expect(page.get_by_role("heading", name="System recorded")).to_be_visible()
    axe.check(page)
    system = System.objects.get()
    assert (system.product.name, system.product.supplier.name) == ("Whitespace Work", "Whitespace Ltd")
    assert system.services.count() == 2

    page.get_by_role("link", name="See your organisation's systems").click()
    expect(page.get_by_role("heading", name="Your organisation's systems")).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="This record is still right").click()
    expect(page.get_by_role("alert")).to_contain_text("confirmed as still right")


def test_a_near_duplicate_product_is_offered_and_chosen(site, page, axe):
    known = ProductFactory(name="Whitespace Work", slug="whitespace-work", supplier__name="Whitespace Ltd")
    matching.remember_product_name(known, "Whitespace Work")
    sign_in(page, site, "officer@kingston.gov.uk")
    page.goto(site + "/systems/new/")
    page.get_by_label("What is the product called?").fill("whitespce work ltd")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Did you mean one of these?")).to_be_visible()
    axe.check(page)
    page.screenshot(path="var/recording-choose.png", full_page=True)
    expect(page.get_by_label("No, it is a new product: whitespce work ltd")).to_be_visible()
    page.get_by_label("Whitespace Work from Whitespace Ltd").check()
    page.get_by_role("button", name="Continue").click()
    fill_the_record(page, axe)
    page.get_by_role("button", name="Save the record").click()

    expect(page.get_by_role("heading", name="System recorded")).to_be_visible()
    assert Product.objects.count() == 1
    assert System.objects.get().product == known
