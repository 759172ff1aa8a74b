"""Looking after a project in a browser: each thing done is confirmed by a success banner."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.projects import services as project_services
from localdigital.projects.models import Project
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    DeclarationVersionFactory()
    kingston = CouncilFactory(
        name="Kingston upon Thames", slug="kingston-upon-thames", domain="kingston.gov.uk"
    )
    sutton = CouncilFactory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
    project_services.create(
        kingston,
        member_of(kingston, "digital"),
        {
            "title": "Book a <b>bulky</b> waste collection",
            "problem": "Residents phone to book a collection",
            "phase": "alpha",
            "status": "active",
            "collaboration": "share-ideas",
            "contact_name": "Pat",
            "contact_email": "pat@kingston.gov.uk",
            "budget": "under-50k",
            "tags": [],
        },
    )
    member_of(sutton, "officer")
    return live_server.url


def sign_in(page, site, email):
    page.goto(site + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    path = re.search(r"http://[^/\s]+(/sign-in/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(site + path)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


def banner(page):
    return page.get_by_role("alert").filter(has=page.locator(".govuk-notification-banner__heading"))


def test_saving_a_project_shows_a_success_banner_once(site, page, axe):
    sign_in(page, site, "digital@kingston.gov.uk")
    project = Project.objects.get()
    page.goto(site + project.get_absolute_url())
    page.get_by_role("link", name="Change the project").click()
    axe.check(page)
    page.get_by_label("Project name").fill("Book a bulky waste collection online")
    page.get_by_role("button", name="Save project").click()

    expect(banner(page)).to_contain_text("Your changes are saved")
    expect(banner(page)).to_contain_text("Success")
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a bulky waste collection online")
    axe.check(page)
    page.reload()
    expect(banner(page)).to_have_count(0)

    page.get_by_role("link", name="Post an update").click()
    page.get_by_label("What has happened?").fill("We booked the first collections online")
    page.get_by_role("button", name="Publish update").click()
    expect(banner(page)).to_contain_text("Your update is published")
    axe.check(page)


def test_following_asking_to_join_and_accepting_are_each_confirmed(site, new_page, axe):
    project = Project.objects.get()
    officer = new_page()
    sign_in(officer, site, "officer@sutton.gov.uk")
    officer.goto(site + project.get_absolute_url())
    officer.get_by_role("button", name="Follow", exact=True).click()
    # The title is shown as typed, never as markup.
    expect(banner(officer)).to_contain_text("You follow Book a <b>bulky</b> waste collection")
    axe.check(officer)
    officer.get_by_role("button", name="Stop following").click()
    expect(banner(officer)).to_contain_text("You no longer follow")

    officer.get_by_role("link", name="Ask to join").click()
    axe.check(officer)
    officer.get_by_label("Which organisation would join?").select_option(label="Sutton")
    officer.get_by_role("button", name="Send request").click()
    expect(banner(officer)).to_contain_text("We have emailed Kingston upon Thames to ask if Sutton can join")
    axe.check(officer)

    lead = new_page()
    sign_in(lead, site, "digital@kingston.gov.uk")
    lead.goto(site + project.get_absolute_url())
    lead.get_by_role("button", name="Accept Sutton").click()
    expect(banner(lead)).to_contain_text("Sutton is now a partner")
    axe.check(lead)
