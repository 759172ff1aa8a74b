"""Pledging support: a mistake, the email, confirming, being listed, withdrawing; and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.notifications.models import SentEmail
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.pledges import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    DeclarationVersionFactory()
    OrganisationFactory(name="Kingston upon Thames", slug="kingston-upon-thames", gss_code="E09000021")
    return live_server.url


def link_in_email(to: str, kind: str) -> str:
    body = SentEmail.objects.filter(to=to).order_by("-id").first().body
    return re.search(rf"http://\S+(/pledge/{kind}/\S+/)", body).group(1)


def test_a_resident_pledges_confirms_is_listed_and_withdraws(site, new_page, axe):
    page = new_page()
    page.goto(site + "/declaration/")
    page.get_by_role("link", name="Pledge your support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pledge your support for the Local Digital Declaration"
    )
    axe.check(page)

    page.get_by_label("Full name").fill("Sam Resident")
    page.get_by_label("Email address").fill("sam.resident@example")
    page.get_by_role("button", name="Pledge your support").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter an email address in the correct format"
    )
    expect(page.get_by_label("Full name")).to_have_value("Sam Resident")
    axe.check(page)

    page.get_by_label("Email address").fill("Sam.Resident@example.org")
    page.get_by_label("Organisation you work for (optional)").select_option(label="Kingston upon Thames")
    page.get_by_label("Show my name on the public list").check()
    page.get_by_role("button", name="Pledge your support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_text("Sam.Resident@example.org")).to_be_visible()
    axe.check(page)

    page.goto(site + link_in_email("Sam.Resident@example.org", "confirm"))
    axe.check(page)
    page.get_by_role("button", name="Confirm my pledge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your pledge is confirmed")
    axe.check(page)

    services.tally()
    page.goto(site + "/pledges/")
    expect(page.locator("main")).to_contain_text("1 person has pledged their support")
    expect(page.locator("main")).to_contain_text("Sam Resident, Kingston upon Thames")
    axe.check(page)

    page.goto(site + link_in_email("Sam.Resident@example.org", "withdraw"))
    axe.check(page)
    page.get_by_role("button", name="Withdraw my pledge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your pledge has been withdrawn")
    axe.check(page)

    services.tally()
    page.goto(site + "/pledges/")
    expect(page.locator("main")).to_contain_text("0 people have pledged")
    expect(page.locator("main")).not_to_contain_text("Sam Resident")


def test_pledging_works_without_javascript(site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(site + "/pledge/")
    page.get_by_label("Full name").fill("Kim Officer")
    page.get_by_label("Email address").fill("kim@example.org")
    page.get_by_role("button", name="Pledge your support").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert SentEmail.objects.filter(to="kim@example.org", template="pledge_confirm").exists()


def test_pledging_again_straight_away_is_told_only_what_is_true(site, new_page, axe):
    page = new_page()
    for _ in range(2):
        page.goto(site + "/pledge/")
        page.get_by_label("Full name").fill("Kim Officer")
        page.get_by_label("Email address").fill("kim@example.org")
        page.get_by_role("button", name="Pledge your support").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        main = page.locator("main")
        expect(main).to_contain_text(
            "If you have not had an email from us in the last 10 minutes, we have sent one to "
            "kim@example.org."
        )
        expect(main).not_to_contain_text("We have sent an email")
        axe.check(page)

    assert SentEmail.objects.filter(to="kim@example.org").count() == 1  # the repeat was sent nothing
