"""A funding round in a browser: the programme team opens it, a council bids with a partner, is
blocked by a broken rule, puts it right and submits; an assessor scores it; the team funds it."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import formats, timezone
from playwright.sync_api import expect

from localdigital.accounts.models import User
from localdigital.fund.models import Application, Assignment
from localdigital.signing.models import Signing
from localdigital.signing.tests.factories import CouncilFactory, SigningFactory
from tests.browser.test_signing_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    for name, slug, gss, domain in [
        ("Kingston upon Thames", "kingston-upon-thames", "E09000021", "kingston.gov.uk"),
        ("Sutton", "sutton", "E09000029", "sutton.gov.uk"),
    ]:
        council = CouncilFactory(
            name=name, slug=slug, gss_code=gss, type="london-borough", region="london", domain=domain
        )
        SigningFactory(organisation=council, status=Signing.Status.SIGNED)
    User.objects.create_superuser("team@localdigital.example", password=None)
    User.objects.create_user("assessor@panel.example", full_name="Alex Assessor")
    return live_server.url


def admin_date(moment) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return local.strftime(formats.get_format("DATE_INPUT_FORMATS")[0]), local.strftime("%H:%M:%S")


def open_a_round(staff, site) -> None:
    """The programme team sets up the round in the staff tools. These are Django's admin pages, which
    axe faults for Django's own markup (split date and time boxes, tabular inlines), so they are not
    checked here; every page the public, applicants, partners and assessors see is."""
    staff.goto(site + "/staff/fund/round/add/")
    staff.locator("#id_name").fill("Round 7")
    staff.locator("#id_name").press("Tab")
    expect(staff.locator("#id_slug")).to_have_value("round-7")  # made from the name as it is typed
    staff.locator("#id_prospectus").fill("Discovery work on shared problems, by two signatories or more.")
    for field, moment in (
        ("opens_at", timezone.now() - timedelta(days=1)),
        ("closes_at", timezone.now() + timedelta(days=30)),
    ):
        day, time = admin_date(moment)
        staff.locator(f"#id_{field}_0").fill(day)
        staff.locator(f"#id_{field}_1").fill(time)
    staff.locator("#id_status").select_option("open")
    staff.locator("#id_minimum_organisations").fill("2")
    staff.locator("#id_phases-0-phase").select_option("discovery")
    staff.locator("#id_phases-0-cap").fill("80000")
    staff.locator("#id_criteria-0-name").fill("Strategic fit")
    staff.locator("#id_criteria-0-weight").fill("2")
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist")).to_contain_text("was added successfully")


def test_a_round_from_opening_to_a_funded_project(site, new_page, axe):
    staff = new_page()
    sign_in(staff, site, axe, "team@localdigital.example")
    open_a_round(staff, site)

    # A council starts a bid from the round's page.
    applicant = new_page()
    sign_in(applicant, site, axe, "digital.lead@kingston.gov.uk")
    applicant.goto(site + "/fund/round-7/")
    axe.check(applicant)
    applicant.get_by_role("button", name="Start a bid").click()
    axe.check(applicant)
    applicant.get_by_label("Kingston upon Thames").check()
    applicant.get_by_label("What is the bid called?").fill("Missed bin reports that reach the crew")
    applicant.get_by_role("button", name="Start the bid").click()
    expect(applicant.get_by_role("heading", name="Missed bin reports that reach the crew")).to_be_visible()
    # A new bid: only its name is done, and the count says so.
    expect(applicant.get_by_text("You have completed 1 of 9 parts")).to_be_visible()
    expect(applicant.locator(".govuk-task-list__item", has_text="Budget")).to_contain_text("Not yet started")
    axe.check(applicant)

    applicant.get_by_role("link", name="Contact for the bid").click()
    axe.check(applicant)
    applicant.get_by_label("Full name").fill("digital.lead@kingston.gov.uk")
    applicant.get_by_role("button", name="Save and continue").click()
    expect(applicant.locator(".govuk-error-summary")).to_contain_text("Enter a person's name")
    axe.check(applicant)
    applicant.get_by_label("Full name").fill("Sam Applicant")
    applicant.get_by_role("button", name="Save and continue").click()

    applicant.get_by_role("link", name="Phase and amount").click()
    applicant.get_by_label("Discovery, up to £80,000").check()
    applicant.get_by_label("How much is the bid asking for?").fill("£90,000")
    applicant.get_by_role("button", name="Save and continue").click()
    expect(applicant.locator(".govuk-error-summary")).to_contain_text("can ask for up to £80,000")
    axe.check(applicant)
    applicant.get_by_label("How much is the bid asking for?").fill("60,000")
    applicant.get_by_role("button", name="Save and continue").click()

    applicant.get_by_role("link", name="The problem and its users").click()
    axe.check(applicant)
    applicant.get_by_label("What problem will the work solve?").fill("Crews never see missed bin reports.")
    applicant.get_by_label("Who are the users, and what do they need?").fill("Residents and crews.")
    applicant.get_by_role("button", name="Save and continue").click()
    applicant.get_by_role("link", name="The plan and the team").click()
    applicant.get_by_label("What will you do, and when?").fill("Eight weeks of research in both boroughs.")
    applicant.get_by_label("Who will do the work?").fill("A user researcher from each council.")
    applicant.get_by_role("button", name="Save and continue").click()
    applicant.get_by_role("link", name="Finance (Section 151) officer").click()
    applicant.get_by_label("Full name").fill("Pat Finance")
    applicant.get_by_label("Email address").fill("s151@kingston.gov.uk")
    applicant.get_by_role("button", name="Save and continue").click()
    applicant.get_by_role("link", name="Publishing what you make").click()
    axe.check(applicant)
    applicant.get_by_label("We will publish the code").check()
    applicant.get_by_role("button", name="Save and continue").click()

    applicant.get_by_role("link", name="Budget").click()
    for item, amount in (("User research, 40 days", "40000"), ("Service design, 20 days", "20000")):
        applicant.get_by_label("What is the money for?").fill(item)
        applicant.get_by_label("Amount").fill(amount)
        applicant.get_by_role("button", name="Add line").click()
    expect(applicant.get_by_text("The lines add up to the amount the bid asks for")).to_be_visible()
    axe.check(applicant)
    applicant.get_by_role("link", name="Back to your bid").click()
    applicant.get_by_role("link", name="Partners").click()
    applicant.get_by_label("Which organisation is a partner?").select_option(label="Sutton")
    applicant.get_by_role("button", name="Add partner").click()
    expect(applicant.get_by_text("Waiting for the partner to confirm")).to_be_visible()
    axe.check(applicant)

    # Blocked: the partner has not confirmed yet.
    applicant.get_by_role("link", name="Back to your bid").click()
    applicant.get_by_role("link", name="Check your answers and submit").click()
    expect(applicant.locator("#unmet-rules")).to_contain_text("Sutton has not confirmed it is a partner yet")
    axe.check(applicant)
    applicant.get_by_role("button", name="Submit the bid").click()
    expect(applicant.locator(".govuk-error-summary")).to_contain_text("You cannot submit the bid yet")
    axe.check(applicant)
    assert Application.objects.get().status == "draft"

    # Someone at Sutton confirms from their account.
    partner = new_page()
    sign_in(partner, site, axe, "digital@sutton.gov.uk")
    partner.get_by_role("link", name="Your bids to the Local Digital Fund").click()
    axe.check(partner)
    partner.get_by_role("button", name="Confirm that Sutton is a partner").click()
    expect(partner.get_by_role("cell", name="Missed bin reports that reach the crew")).to_be_visible()

    applicant.goto(site + f"/fund/bids/{Application.objects.get().reference}/check/")
    expect(applicant.locator("#unmet-rules")).to_have_count(0)
    mail.outbox.clear()
    applicant.get_by_role("button", name="Submit the bid").click()
    expect(applicant.get_by_role("heading", name="Bid submitted")).to_be_visible()
    panel = applicant.locator(".govuk-panel__body")
    assert panel.inner_text().split() == ["Your", "reference", Application.objects.get().reference]
    expect(panel.locator("strong")).to_have_text(Application.objects.get().reference)
    axe.check(applicant)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "digital.lead@kingston.gov.uk",
        "digital@sutton.gov.uk",
        "s151@kingston.gov.uk",
    ]

    # The programme team gives the bid to an assessor in the staff tools.
    bid = Application.objects.get()
    assert bid.status == "submitted"
    staff.goto(site + "/staff/fund/assignment/add/")
    staff.locator(".select2-selection").first.click()
    staff.locator(".select2-search__field").fill(bid.reference)
    staff.locator(".select2-results__option", has_text=bid.reference).click()
    staff.locator("#id_assessor").fill(str(bid.created_by.pk))  # the bid's own applicant: refused
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".errorlist")).to_contain_text("Choose an assessor from outside the bid")
    staff.locator("#id_assessor").fill(str(User.objects.get(email="assessor@panel.example").pk))
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist")).to_contain_text("was added successfully")
    assert Assignment.objects.get().application == bid

    assessor = new_page()
    sign_in(assessor, site, axe, "assessor@panel.example")
    assessor.get_by_role("link", name="Bids for you to assess").click()
    axe.check(assessor)
    assessor.get_by_role("link", name="Missed bin reports that reach the crew").click()
    axe.check(assessor)
    assessor.get_by_label("No").check()
    assessor.get_by_role("button", name="Continue").click()
    assessor.get_by_role("group", name="Strategic fit: your score").get_by_label("4").check()
    assessor.get_by_label("Strategic fit: why this score?").fill("A shared problem with a clear plan.")
    axe.check(assessor)
    assessor.get_by_role("button", name="Save scores").click()
    expect(assessor.get_by_role("cell", name="Scored")).to_be_visible()

    # Bids are decided once the round has closed: until then the decision page says when.
    staff.goto(site + "/account/")
    staff.get_by_role("link", name="Moderation and decisions: Round 7").click()
    staff.get_by_role("link", name="Missed bin reports that reach the crew").click()
    expect(staff.get_by_text("You can decide this bid after Round 7 closes on")).to_be_visible()
    axe.check(staff)
    staff.goto(site + "/staff/fund/round/")
    staff.get_by_role("link", name="Round 7").click()
    staff.locator("#id_status").select_option("assessing")
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist")).to_contain_text("was changed successfully")

    staff.goto(site + "/account/")
    staff.get_by_role("link", name="Moderation and decisions: Round 7").click()
    expect(staff.get_by_role("cell", name="80.0")).to_have_count(2)  # the assessor's score and the mean
    axe.check(staff)
    staff.get_by_role("link", name="Missed bin reports that reach the crew").click()
    axe.check(staff)
    staff.get_by_label("Fund the bid", exact=True).check()
    staff.get_by_label("Feedback for the applicant").fill("A clear shared problem and a realistic plan.")
    staff.get_by_role("button", name="Record the decision and email the applicant").click()
    expect(staff.get_by_role("cell", name="Funded")).to_be_visible()

    # The award is public: on the round's page and in the 360Giving data.
    public = new_page()
    public.goto(site + "/fund/round-7/")
    expect(public.get_by_role("link", name="Missed bin reports that reach the crew")).to_be_visible()
    axe.check(public)
    public.get_by_role("link", name="Missed bin reports that reach the crew").click()
    axe.check(public)
    expect(public.locator("main")).to_contain_text("Sam Applicant")
    assert "digital.lead@kingston.gov.uk" not in public.content()
    grants = json.loads(public.request.get(site + "/fund/360giving.json").text())["grants"]
    assert [(g["title"], g["amountAwarded"]) for g in grants] == [
        ("Missed bin reports that reach the crew", 60000)
    ]
