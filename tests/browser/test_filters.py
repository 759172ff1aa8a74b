"""Register filters and multiple-choice questions, operated as a person does: type, tick, press."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.projects import services as project_services
from localdigital.projects.models import Project
from localdigital.service_list.models import Service
from localdigital.signing.models import Commitment, Signing
from localdigital.signing.tests.factories import CommitmentFactory, CouncilFactory, SigningFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)

PROJECTS = [  # title, phase, status, collaboration
    ("Book a bulky waste collection", "alpha", "active", "share-ideas"),
    ("Pay for bulky item removal", "beta", "paused", "share-funding"),
    ("Bulky waste: tell us it was missed", "live", "finished", "open-to-conversation"),
    ("Parking permits online", "alpha", "active", "share-ideas"),
]


@pytest.fixture
def site(live_server):
    DeclarationVersionFactory()
    kingston = CouncilFactory(
        name="Kingston upon Thames", slug="kingston-upon-thames", gss_code="E09000021",
        type="london-borough", region="london", domain="kingston.gov.uk",
    )  # fmt: skip
    owner = member_of(kingston, "digital")
    for title, phase, status, collaboration in PROJECTS:
        project_services.create(
            kingston,
            owner,
            {
                "title": title,
                "problem": f"Residents phone the council: {title.lower()}",
                "phase": phase,
                "status": status,
                "collaboration": collaboration,
                "contact_name": "Pat",
                "contact_email": "pat@kingston.gov.uk",
                "budget": "under-50k",
                "tags": [],
            },
        )
    signing = SigningFactory(organisation=kingston, status=Signing.Status.SIGNED, signed_at=timezone.now())
    for title, principles in (
        ("Bulky waste bookings online", [1]),
        ("Bulky waste payments in the open", [2, 5]),
        ("Share parking data safely", [3]),
    ):
        CommitmentFactory(signing=signing, title=title, principles=principles)
    Service.objects.create(code=524, label="Household waste collection")
    return live_server.url


def test_searching_projects_through_the_form_finds_what_the_same_words_find_by_address(site, page, axe):
    page.goto(site + "/projects/?q=bulky")
    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*3 projects\s*"))

    page.goto(site + "/projects/")
    axe.check(page)
    page.get_by_label("Search projects").fill("bulky")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*3 projects\s*"))
    expect(page.get_by_label("Search projects")).to_have_value("bulky")
    axe.check(page)


def test_ticking_two_phases_finds_projects_in_either(site, page, axe):
    page.goto(site + "/projects/")
    phases = page.get_by_role("group", name="Phase", exact=True)
    phases.get_by_label("Alpha").check()
    phases.get_by_label("Beta").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*3 projects\s*"))
    expect(page.get_by_role("link", name="Bulky waste: tell us it was missed")).to_have_count(0)
    expect(phases.get_by_label("Alpha")).to_be_checked()
    expect(phases.get_by_label("Beta")).to_be_checked()
    expect(phases.get_by_label("Live")).not_to_be_checked()
    expect(page.get_by_label("Service area")).to_have_value("")
    axe.check(page)


def test_filtering_commitments_by_words_and_two_principles(site, page, axe):
    page.goto(site + "/commitments/")
    axe.check(page)
    page.get_by_label("Search commitments").fill("bulky")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*2 commitments\s*"))
    axe.check(page)

    page.get_by_label("Search commitments").fill("")
    page.get_by_label("Design services around the people who use them").check()
    page.get_by_label("Share information safely to build trust").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*2 commitments\s*"))
    expect(page.get_by_role("link", name="Bulky waste bookings online")).to_be_visible()
    expect(page.get_by_role("link", name="Share parking data safely")).to_be_visible()
    axe.check(page)


def test_searching_by_meaning_through_the_form_filters_by_nothing_left_alone(site, page, axe):
    page.goto(site + "/projects/search/")
    axe.check(page)
    page.get_by_label("What problem are you working on?").fill("bulky waste")
    page.get_by_role("button", name="Search").click()

    results = page.locator("main ul.govuk-list")
    for title in (
        "Book a bulky waste collection",
        "Pay for bulky item removal",
        "Bulky waste bookings online",
    ):
        expect(results.get_by_role("link", name=title)).to_be_visible()
    axe.check(page)


def test_ticking_two_organisation_types_finds_bodies_of_either(site, page, axe):
    CouncilFactory(name="Hart", slug="hart", gss_code="E07000089", type="district")
    CouncilFactory(name="Hampshire", slug="hampshire", gss_code="E10000014", type="county")
    page.goto(site + "/organisations/")
    axe.check(page)
    page.get_by_label("London borough").check()
    page.get_by_label("County council").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*2 organisations\s*"))
    expect(page.get_by_label("London borough")).to_be_checked()
    axe.check(page)


@pytest.mark.parametrize("path", ["/organisations/", "/signatories/"])
def test_the_filters_of_a_body_register_work_from_the_keyboard_and_clear(site, page, axe, path):
    page.goto(site + path)
    axe.check(page)
    search = page.get_by_label("Search by name or code")
    expect(search).to_be_visible()
    search.focus()
    page.keyboard.type("Kingston")
    page.keyboard.press("Tab")  # on to the first type's checkbox
    expect(page.locator(":focus")).to_have_attribute("name", "type")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # submits the filter form

    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*1 (organisation|signatory)\s*"))
    expect(page.get_by_label("Search by name or code")).to_have_value("Kingston")
    page.screenshot(path=f"var/filters-{path.strip('/')}.png", full_page=True)
    axe.check(page)
    page.get_by_role("link", name="Clear filters").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + path)
    expect(page.get_by_role("link", name="Clear filters")).to_have_count(0)


def sign_in(page, site, axe, email):
    page.goto(site + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    path = re.search(r"http://[^/\s]+(/sign-in/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(site + path)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    axe.check(page)


def test_a_commitment_serves_the_two_principles_ticked(site, page, axe):
    sutton = CouncilFactory(name="Sutton", slug="sutton", gss_code="E09000029", domain="sutton.gov.uk")
    signing = SigningFactory(organisation=sutton)
    sign_in(page, site, axe, signing.started_by.email)
    page.goto(site + "/sign/sutton/")
    page.get_by_role("link", name="Add a commitment").click()
    axe.check(page)

    page.get_by_label("Title").fill("Report missed bins online")
    page.get_by_label("Mission").fill("A live service for reporting missed collections")
    page.get_by_label("Impact").fill("Bins are emptied sooner")
    principles = page.get_by_role("group", name="Which principles does it serve?")
    principles.get_by_label("Fix the plumbing").check()
    principles.get_by_label("Work in the open").check()
    page.get_by_label("Service area").select_option(label="Household waste collection")
    due = timezone.localdate() + timedelta(days=100)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Report missed bins online")).to_be_visible()
    axe.check(page)
    assert Commitment.objects.get(signing=signing).principles == [2, 5]


def test_a_project_delivers_the_two_commitments_ticked(site, page, axe):
    sign_in(page, site, axe, "digital@kingston.gov.uk")
    project = Project.objects.get(title="Parking permits online")
    page.goto(site + project.get_absolute_url())
    page.get_by_role("link", name="Link Declaration commitments").click()
    axe.check(page)

    page.get_by_label("Bulky waste bookings online").check()
    page.get_by_label("Share parking data safely").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Parking permits online")
    axe.check(page)
    assert set(project.commitments.values_list("title", flat=True)) == {
        "Bulky waste bookings online",
        "Share parking data safely",
    }
