"""Signing the Declaration in a browser, from signing in to the public list, accessible all the way."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from localdigital.accounts.models import User
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.projects import services as project_services
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    DeclarationVersionFactory()
    CouncilFactory(
        name="Kingston upon Thames",
        slug="kingston-upon-thames",
        gss_code="E09000021",
        type="london-borough",
        region="london",
        domain="kingston.gov.uk",
    )
    sutton = CouncilFactory(
        name="Sutton",
        slug="sutton",
        gss_code="E09000029",
        type="london-borough",
        region="london",
        domain="sutton.gov.uk",
    )
    # Another council already working on the problem the applicant will describe in other words.
    project_services.create(
        sutton,
        member_of(sutton),
        {
            "title": "Refuse collection: tell us about a missed collection",
            "problem": "Households phone the contact centre when the refuse lorry does not come",
            "phase": "beta",
            "status": "active",
            "collaboration": "open-to-conversation",
            "contact_name": "Jo",
            "contact_email": "jo@sutton.gov.uk",
            "budget": "under-50k",
            "tags": [],
        },
    )
    Service.objects.create(code=524, label="Household waste collection")
    User.objects.create_user("team@localdigital.example", is_staff=True)
    return live_server.url


def sign_in(page, site, axe, email):
    page.goto(site + "/sign-in/")
    axe.check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    axe.check(page)
    link = re.search(r"http://\S+/sign-in/\S+/", mail.outbox[-1].body).group(0)
    page.goto(site + link.split("8000", 1)[1])
    axe.check(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    axe.check(page)


def test_an_organisation_signs_from_first_visit_to_the_public_list(site, new_page, axe):
    applicant = new_page()
    sign_in(applicant, site, axe, "digital.lead@kingston.gov.uk")

    applicant.get_by_role("link", name="Sign the Declaration").click()
    axe.check(applicant)
    applicant.get_by_role("button", name="Start signing for Kingston upon Thames").click()
    expect(applicant.get_by_role("heading", name="Sign the Declaration")).to_be_visible()
    axe.check(applicant)

    applicant.get_by_role("link", name="Chief executive or head of paid service").click()
    applicant.get_by_label("Full name").fill("Alex Chief")
    applicant.get_by_label("Job title").fill("Chief Executive")
    applicant.get_by_label("Email address").fill("chief@kingston.gov.uk")
    applicant.get_by_role("button", name="Save and continue").click()
    applicant.get_by_role("link", name="Political leader or chair").click()
    applicant.get_by_label("Full name").fill("Sam Leader")
    applicant.get_by_label("Job title").fill("Leader of the Council")
    applicant.get_by_label("Email address").fill("leader@elsewhere.gov.uk")
    applicant.get_by_role("button", name="Save and continue").click()
    expect(applicant.locator(".govuk-error-summary")).to_contain_text("one of Kingston upon Thames")
    axe.check(applicant)
    applicant.get_by_label("Email address").fill("leader@kingston.gov.uk")
    applicant.get_by_role("button", name="Save and continue").click()

    applicant.get_by_role("link", name="Add a commitment").click()
    applicant.get_by_label("Title").fill("Report missed bin collections online")
    applicant.get_by_label("Mission").fill("A live online service for reporting missed collections")
    applicant.get_by_label("Impact").fill("Residents get their bins emptied sooner")
    applicant.get_by_label("Design services around the people who use them").check()
    applicant.get_by_label("Service area").select_option(label="Household waste collection")
    due = timezone.localdate() + timedelta(days=120)
    applicant.get_by_label("Day").fill(str(due.day))
    applicant.get_by_label("Month").fill(str(due.month))
    applicant.get_by_label("Year").fill(str(due.year))
    expect(applicant.get_by_role("group", name="Partner organisations (optional)")).to_be_visible()
    applicant.get_by_label("Partner 1").select_option(label="Sutton")
    axe.check(applicant)
    applicant.get_by_role("button", name="Save and continue").click()
    expect(applicant.get_by_role("heading", name="Report missed bin collections online")).to_be_visible()
    axe.check(applicant)

    applicant.get_by_role("link", name="Check your answers and submit").click()
    expect(applicant.get_by_text("Sutton (not yet confirmed)")).to_be_visible()
    axe.check(applicant)
    applicant.get_by_role("button", name="Submit for review").click()
    expect(applicant.get_by_role("heading", name="Submitted for review")).to_be_visible()
    axe.check(applicant)

    staff = new_page()
    sign_in(staff, site, axe, "team@localdigital.example")
    staff.get_by_role("link", name="Review queue").click()
    axe.check(staff)
    staff.get_by_role("link", name="Kingston upon Thames").click()
    axe.check(staff)
    staff.get_by_label("Send it to the approvers to sign").check()
    staff.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text("Nothing is waiting for review.")).to_be_visible()

    staff.goto(site + "/outbox/")
    axe.check(staff)
    for name in ("Alex Chief", "Sam Leader"):
        card = staff.locator(".govuk-summary-card", has_text=f"Dear {name}").first
        link = card.get_by_role("link").first.get_attribute("href")
        approver = new_page()
        approver.goto(site + link.split("8000", 1)[1])
        expect(approver.get_by_role("heading", name="Sign the Local Digital Declaration")).to_be_visible()
        axe.check(approver)
        approver.get_by_label("Type your full name to sign").fill(name)
        approver.get_by_label("I confirm that I sign the Declaration for Kingston upon Thames").check()
        approver.get_by_role("button", name="Sign the Declaration").click()
        expect(approver.get_by_role("heading", name="You have signed")).to_be_visible()
        axe.check(approver)

    # Someone from Sutton confirms the partnership from their account page; only then does it show.
    partner = new_page()
    sign_in(partner, site, axe, "digital@sutton.gov.uk")
    expect(partner.get_by_role("heading", name="Partnerships to confirm")).to_be_visible()
    partner.get_by_role("button", name="Confirm that Sutton is a partner").click()
    expect(partner.locator(".govuk-notification-banner")).to_contain_text(
        "You have confirmed that Sutton is a partner on “Report missed bin collections online”"
    )
    expect(partner.get_by_role("heading", name="Partnerships to confirm")).to_have_count(0)
    axe.check(partner)

    applicant.goto(site + "/projects/new/")
    axe.check(applicant)
    applicant.get_by_label("Project name").fill("Report missed bins online")
    applicant.get_by_label("What problem are you solving, and for whom?").fill(
        "Residents phone us when their bins are not emptied"
    )
    applicant.get_by_role("button", name="Continue").click()
    expect(applicant.get_by_text("Before you save: who else is working on this")).to_be_visible()
    expect(
        applicant.get_by_role("link", name="Refuse collection: tell us about a missed collection")
    ).to_be_visible()
    axe.check(applicant)
    applicant.get_by_label("Alpha").check()
    applicant.get_by_label("Happy to share ideas").check()
    applicant.get_by_label("Contact name").fill("Pat Lead")
    applicant.get_by_label("Contact email address").fill("pat@kingston.gov.uk")
    applicant.get_by_role("button", name="Save project").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Report missed bins online")
    axe.check(applicant)
    applicant.get_by_role("link", name="Post an update").click()
    axe.check(applicant)
    applicant.get_by_label("What has happened?").fill("Sprint 1: spoke to 12 residents about missed bins")
    applicant.get_by_role("button", name="Publish update").click()
    expect(applicant.get_by_text("Sprint 1: spoke to 12 residents about missed bins")).to_be_visible()
    applicant.get_by_role("link", name="Add an output").click()
    axe.check(applicant)

    public = new_page()
    public.goto(site + "/signatories/")
    expect(public.get_by_role("link", name="Kingston upon Thames")).to_be_visible()
    expect(public.get_by_text("1 of 2 councils have signed")).to_be_visible()
    axe.check(public)
    public.get_by_role("link", name="Kingston upon Thames").click()
    expect(public.get_by_text("Alex Chief, Chief Executive")).to_be_visible()
    axe.check(public)
    public.get_by_role("link", name="Report missed bin collections online").click()
    expect(public.locator(".govuk-summary-list__row", has_text="Partners")).to_contain_text("Sutton")
    axe.check(public)
    public.goto(site + "/commitments/")
    axe.check(public)
    public.goto(site + "/declaration/")
    expect(public.get_by_text("1 organisation has signed the Declaration.", exact=False)).to_be_visible()
    axe.check(public)


def add_commitment(page, title: str, axe) -> None:
    page.get_by_role("link", name=re.compile(r"^Add (a|another|a new) commitment$")).click()
    axe.check(page)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Mission").fill("A live online service")
    page.get_by_label("Impact").fill("Residents are served sooner")
    page.get_by_label("Fix the plumbing").check()
    page.get_by_label("Service area").select_option(label="Household waste collection")
    due = timezone.localdate() + timedelta(days=90)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_an_applicant_removes_a_commitment_by_pressing_its_button(site, new_page, axe):
    applicant = new_page()
    sign_in(applicant, site, axe, "digital.lead@kingston.gov.uk")
    applicant.get_by_role("link", name="Sign the Declaration").click()
    applicant.get_by_role("button", name="Start signing for Kingston upon Thames").click()
    add_commitment(applicant, "Report missed bin collections online", axe)
    add_commitment(applicant, "Book a bulky waste collection", axe)
    axe.check(applicant)
    expect(applicant.locator("main")).not_to_contain_text("{{")

    remove = applicant.get_by_role("button", name="Remove Report missed bin collections online")
    expect(remove).to_have_class(re.compile(r"\bgovuk-button\b"))
    remove.focus()
    applicant.keyboard.press("Enter")

    expect(applicant.get_by_role("heading", name="Sign the Declaration")).to_be_visible()
    expect(applicant.get_by_role("heading", name="Report missed bin collections online")).to_have_count(0)
    expect(applicant.get_by_role("heading", name="Book a bulky waste collection")).to_be_visible()
    axe.check(applicant)


@pytest.fixture
def kingston_signed(site):
    """Kingston has signed, with one published commitment."""
    from localdigital.organisations.models import Organisation
    from localdigital.signing import services as signing_services
    from localdigital.signing.models import Approver

    kingston = Organisation.objects.get(slug="kingston-upon-thames")
    lead = User.objects.create_user("digital.lead@kingston.gov.uk")
    staff = User.objects.get(email="team@localdigital.example")
    signing = signing_services.start(kingston, lead)
    for role, name, email in (
        (Approver.Role.HEAD_OF_PAID_SERVICE, "Alex Chief", "chief@kingston.gov.uk"),
        (Approver.Role.POLITICAL_LEADER, "Sam Leader", "leader@kingston.gov.uk"),
    ):
        signing_services.nominate(signing, lead, role=role, name=name, job_title="Post", email=email)
    signing_services.save_commitment(
        signing,
        lead,
        data={
            "title": "Report missed bin collections online",
            "mission": "A live service",
            "impact": "Bins emptied sooner",
            "principles": [1],
            "service": None,
            "due_date": timezone.localdate() + timedelta(days=100),
        },
        partners=[],
    )
    signing_services.submit(signing, lead)
    signing_services.send_for_signature(signing, staff)
    for message in list(mail.outbox):
        token = re.search(r"/approve/([^/\s]+)/", message.body)
        if token:
            signing_services.sign(token.group(1), "Alex Chief" if "chief" in message.to[0] else "Sam Leader")
    return signing


def test_the_programme_team_reviews_commitments_added_after_signing(site, kingston_signed, new_page, axe):
    applicant = new_page()
    sign_in(applicant, site, axe, "digital.lead@kingston.gov.uk")
    applicant.get_by_role("link", name="Sign the Declaration").click()
    axe.check(applicant)
    applicant.get_by_role(
        "link", name="Add commitments, update progress or change approvers for Kingston upon Thames"
    ).click()
    add_commitment(applicant, "Open up our planning data", axe)
    axe.check(applicant)
    applicant.get_by_role("button", name="Submit new commitments for review").click()
    expect(applicant.get_by_role("heading", name="Submitted for review")).to_be_visible()
    axe.check(applicant)

    public = new_page()
    added = kingston_signed.commitments.get(title="Open up our planning data")
    assert public.goto(site + added.get_absolute_url()).status == 404
    public.goto(site + "/commitments/")
    expect(public.get_by_text("Open up our planning data")).to_have_count(0)

    staff = new_page()
    sign_in(staff, site, axe, "team@localdigital.example")
    staff.get_by_role("link", name="Review queue").click()
    expect(staff.get_by_role("cell", name="New commitments from a signatory")).to_be_visible()
    axe.check(staff)
    staff.get_by_role("link", name="Kingston upon Thames").click()
    axe.check(staff)
    new_card = staff.locator(".govuk-summary-card", has_text="Open up our planning data")
    expect(new_card.locator(".govuk-tag")).to_have_text("New")
    published_card = staff.locator(".govuk-summary-card", has_text="Report missed bin collections online")
    expect(published_card.locator(".govuk-tag")).to_have_count(0)
    staff.get_by_label("Ask the signatory for changes").check()
    staff.get_by_role("button", name="Confirm").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Say what the applicant needs to change")
    axe.check(staff)
    staff.get_by_label("Message to the applicant").fill("Say which datasets you will open")
    staff.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text("Nothing is waiting for review.")).to_be_visible()
    assert mail.outbox[-1].to == ["digital.lead@kingston.gov.uk"]
    assert "Say which datasets you will open" in mail.outbox[-1].body

    applicant.get_by_role("link", name="See what you submitted").click()
    expect(applicant.get_by_text("Say which datasets you will open")).to_be_visible()
    applicant.get_by_role("link", name="Change Open up our planning data").click()
    applicant.get_by_label("Mission").fill("Publish the brownfield land register as open data")
    applicant.get_by_role("button", name="Save and continue").click()
    applicant.get_by_role("button", name="Submit new commitments for review").click()
    expect(applicant.get_by_role("heading", name="Submitted for review")).to_be_visible()

    staff.reload()
    staff.get_by_role("link", name="Kingston upon Thames").click()
    staff.get_by_label("Publish the new commitments").check()
    staff.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text("Nothing is waiting for review.")).to_be_visible()
    assert "published" in mail.outbox[-1].subject

    assert public.goto(site + added.get_absolute_url()).status == 200
    expect(public.get_by_role("heading", name="Open up our planning data")).to_be_visible()
    axe.check(public)


def test_a_member_cannot_make_themselves_the_chief_executive_of_a_signatory(
    site, kingston_signed, new_page, axe
):
    applicant = new_page()
    sign_in(applicant, site, axe, "digital.lead@kingston.gov.uk")
    applicant.get_by_role("link", name="Sign the Declaration").click()
    applicant.get_by_role(
        "link", name="Add commitments, update progress or change approvers for Kingston upon Thames"
    ).click()
    applicant.get_by_role("link", name="Name a new chief executive or head of paid service").click()
    axe.check(applicant)
    applicant.get_by_label("Full name").fill("Digital Lead")
    applicant.get_by_label("Job title").fill("Chief Executive")
    applicant.get_by_label("Email address").fill("digital.lead@kingston.gov.uk")
    applicant.get_by_role("button", name="Save and continue").click()
    summary = applicant.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the email address of the person who will sign, not your own")
    expect(applicant.get_by_label("Full name")).to_have_value("Digital Lead")
    axe.check(applicant)
    applicant.get_by_label("Email address").fill("leader@kingston.gov.uk")
    applicant.get_by_role("button", name="Save and continue").click()
    expect(summary).to_contain_text("one person cannot sign for both roles")
    applicant.get_by_label("Full name").fill("Jo New")
    applicant.get_by_label("Email address").fill("newchief@kingston.gov.uk")
    applicant.get_by_role("button", name="Save and continue").click()
    expect(applicant.get_by_text("The programme team is checking the new approver")).to_be_visible()
    axe.check(applicant)
    assert not any("newchief@kingston.gov.uk" in message.to for message in mail.outbox)
    told = [message for message in mail.outbox if message.to == ["chief@kingston.gov.uk"]][-1]
    assert "Jo New, Chief Executive" in told.body

    staff = new_page()
    sign_in(staff, site, axe, "team@localdigital.example")
    staff.get_by_role("link", name="Review queue").click()
    expect(staff.get_by_role("cell", name="Change of senior approver")).to_be_visible()
    staff.get_by_role("link", name="Kingston upon Thames").click()
    expect(staff.get_by_text("Jo New, Chief Executive (newchief@kingston.gov.uk)")).to_be_visible()
    axe.check(staff)
    staff.get_by_label("Send the new approver a link to sign").check()
    staff.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text("Nothing is waiting for review.")).to_be_visible()

    invitation = [message for message in mail.outbox if message.to == ["newchief@kingston.gov.uk"]][-1]
    link = re.search(r"http://\S+/approve/\S+/", invitation.body).group(0)
    approver = new_page()
    approver.goto(site + link.split("8000", 1)[1])
    approver.get_by_label("Type your full name to sign").fill("jo new")
    approver.get_by_label("I confirm that I sign the Declaration for Kingston upon Thames").check()
    approver.get_by_role("button", name="Sign the Declaration").click()
    expect(approver.get_by_role("heading", name="You have signed")).to_be_visible()

    public = new_page()
    public.goto(site + kingston_signed.get_record_url())
    expect(public.get_by_text("Jo New, Chief Executive, signed")).to_be_visible()
    history = public.get_by_role("table", name="Everyone who has signed")
    expect(history).to_contain_text("Alex Chief, Post")
    expect(history).to_contain_text("replaced")
    axe.check(public)
