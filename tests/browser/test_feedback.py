"""Feedback at the end of a journey: after a pledge is confirmed, a mistake, then sent; without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.notifications.models import SentEmail
from localdigital.pages.models import Feedback
from localdigital.pledges import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    DeclarationVersionFactory()
    return live_server.url


def confirm_link(to: str) -> str:
    body = SentEmail.objects.filter(to=to).order_by("-id").first().body
    return re.search(r"http://\S+(/pledge/confirm/\S+/)", body).group(1)


def test_a_resident_gives_feedback_after_pledging(site, new_page, axe):
    services.submit(name="Sam Resident", email="sam@example.org")
    page = new_page()
    page.goto(site + confirm_link("sam@example.org"))
    page.get_by_role("button", name="Confirm my pledge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your pledge is confirmed")

    page.get_by_role("link", name="What did you think of this service?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give feedback on Local Digital")
    axe.check(page)

    page.get_by_label("How could we improve this service? (optional)").fill("Show the count going up.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page).to_have_title(re.compile("^Error: Give feedback"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Select how you felt about the service you used today")
    expect(page.locator("#satisfaction-error, .govuk-error-message").first).to_contain_text(
        "Select how you felt about the service you used today"
    )
    expect(page.get_by_label("How could we improve this service? (optional)")).to_have_value(
        "Show the count going up."
    )
    axe.check(page)

    summary.get_by_role("link", name="Select how you felt about the service you used today").click()
    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback sent")
    axe.check(page)

    kept = Feedback.objects.get()
    assert (kept.journey, kept.satisfaction, kept.improvement) == ("pledging", 4, "Show the count going up.")


def test_feedback_works_without_javascript(site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(site + "/feedback/?journey=bidding")

    page.get_by_label("Very dissatisfied").check()
    page.get_by_role("button", name="Send feedback").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback sent")
    assert Feedback.objects.get().journey == "bidding"
