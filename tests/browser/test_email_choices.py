"""Choosing how often to hear about followed projects, and unsubscribing from an email's link, in a
browser as a person does it: each page axe-clean, the unsubscribe page working without JavaScript."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from playwright.sync_api import expect

from localdigital.accounts.models import User
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.notifications import preferences
from localdigital.projects.emails import UpdatePosted
from localdigital.signing.tests.factories import CouncilFactory, member_of
from tests.browser.test_projects_journey import banner, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    DeclarationVersionFactory()
    member_of(CouncilFactory(name="Sutton", slug="sutton", domain="sutton.gov.uk"), "officer")
    return live_server.url


def test_choosing_how_often_to_hear_about_followed_projects(site, page, axe):
    sign_in(page, site, "officer@sutton.gov.uk")
    axe.check(page)

    page.get_by_role("link", name="Change how often you hear about projects you follow").click()
    expect(
        page.get_by_role("heading", name="How often do you want to hear about projects you follow?")
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Save").click()  # nothing changed is fine: the current choice is kept
    expect(banner(page)).to_contain_text("We will email you each time")

    page.get_by_role("link", name="Change how often you hear about projects you follow").click()
    page.get_by_label("Once a day, with every update from the day before").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(banner(page)).to_contain_text("We will email you once a day about projects you follow")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Once a day")
    axe.check(page)
    assert User.objects.get(email="officer@sutton.gov.uk").project_emails == "daily"


def unsubscribe_path(address: str) -> str:
    UpdatePosted.sample().send(address)
    return re.search(r"https?://[^/\s]+(/emails/unsubscribe/\S+/)", mail.outbox[-1].body).group(1)


def test_unsubscribing_from_an_email_s_link(site, page, axe):
    page.goto(site + unsubscribe_path("reader@sutton.gov.uk"))
    expect(page.get_by_role("heading", name="Unsubscribe from emails")).to_be_visible()
    axe.check(page)
    assert not preferences.is_unsubscribed("reader@sutton.gov.uk")

    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_role("heading", name="You have unsubscribed")).to_be_visible()
    axe.check(page)
    assert preferences.is_unsubscribed("reader@sutton.gov.uk")


def test_unsubscribing_works_without_javascript(site, new_page):
    page = new_page(java_script_enabled=False)  # axe needs JavaScript: it runs in the test above

    page.goto(site + unsubscribe_path("other@sutton.gov.uk"))
    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_role("heading", name="You have unsubscribed")).to_be_visible()
    assert preferences.is_unsubscribed("other@sutton.gov.uk")


def test_a_year_old_link_says_it_has_expired_and_where_to_go_instead(site, page, axe):
    sent_at = time.time()
    with mock.patch("django.core.signing.time.time", return_value=sent_at):
        path = unsubscribe_path("late@sutton.gov.uk")
    a_year_on = sent_at + preferences.LINK_DAYS * 24 * 60 * 60 + 60

    with mock.patch("django.core.signing.time.time", return_value=a_year_on):
        page.goto(site + "/cy" + path)
        expect(page.get_by_role("heading", name="Mae’r ddolen hon wedi dod i ben")).to_be_visible()
        axe.check(page)
        page.get_by_role("link", name="mewngofnodwch i’ch cyfrif").click()

    expect(page.get_by_role("heading", name="Mewngofnodi")).to_be_visible()
    assert not preferences.is_unsubscribed("late@sutton.gov.uk")
