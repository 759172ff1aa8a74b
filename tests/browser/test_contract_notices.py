"""Contract notices in, in a browser: the programme team uploads a release package and reads the report;
a member of the buyer signs in, finds the record proposed for their council and confirms it. Axe on
every page."""

import os
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from localdigital.accounts.models import User
from localdigital.organisations.services import programme_team
from localdigital.organisations.tests.factories import OrganisationDomainFactory
from localdigital.plumbing.models import System
from localdigital.plumbing.tests.test_ocds_import import PACKAGE, make_buyers, make_services

pytestmark = pytest.mark.django_db(transaction=True)

TEAM_MEMBER = "team.member@localdigital.example"
OFFICER = "waste.officer@northfield.gov.uk"
# Where to keep screenshots of the pages, to look at by eye; none are kept unless this is set.
SCREENSHOTS = os.environ.get("SCREENSHOTS", "")


def _look(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def site(live_server):
    make_services()
    northfield, _eastmarsh = make_buyers()
    OrganisationDomainFactory(organisation=northfield, domain="northfield.gov.uk")
    programme_team.add_member(User.objects.create_user(TEAM_MEMBER, full_name="Sam Team"))
    User.objects.create_user(OFFICER, full_name="Wren Officer")
    return live_server.url


def sign_in(page, site, email):
    page.goto(site + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = re.search(r"https?://\S+/sign-in/\S+/", mail.outbox[-1].body).group(0)
    page.goto(site + urlsplit(link).path)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


def test_the_team_imports_notices_and_a_member_confirms_one(site, new_page, axe, tmp_path):
    team = new_page()
    sign_in(team, site, TEAM_MEMBER)
    team.get_by_role("link", name="Import contract notices").click()
    expect(team.get_by_role("heading", level=1)).to_have_text("Import contract notices")
    axe.check(team)

    bad = tmp_path / "notices.json"
    bad.write_text('{"version": "1.1"}', encoding="utf-8")
    team.get_by_label("Upload a release package").set_input_files(bad)
    team.get_by_role("button", name="Import").click()
    expect(team.get_by_role("alert")).to_contain_text(
        "notices.json was not imported: The file is not a valid OCDS release package"
    )
    expect(team.get_by_text("(the package): 'releases' is a required property")).to_be_visible()
    axe.check(team)
    assert not System.objects.exists()

    team.get_by_label("Upload a release package").set_input_files(PACKAGE)
    team.get_by_role("button", name="Import").click()
    expect(team.get_by_role("heading", level=1)).to_have_text("Contract notices imported")
    expect(team.locator(".govuk-panel")).to_contain_text("3 systems proposed from contract_notices.json")
    unmatched = "Nowhere-on-Sea Town Council (contract notice ocds-b5fd17-90ff31c8)"
    expect(team.get_by_text(unmatched)).to_be_visible()
    axe.check(team)
    _look(team, "contract-notices-report")

    officer = new_page()
    sign_in(officer, site, OFFICER)
    officer.get_by_role("link", name="Systems waiting to be confirmed").click()
    axe.check(officer)
    card = officer.locator(".govuk-summary-card").filter(has_text="RoundRunner waste collection software")
    expect(card).to_contain_text("Bincorp Systems Ltd")
    expect(card).to_contain_text("Household waste collection")
    expect(card).to_contain_text("31 March 2030")
    expect(officer.locator(".govuk-summary-card")).to_have_count(1)  # Eastmarsh's are not Northfield's
    _look(officer, "contract-notices-proposed")

    card.get_by_role("button", name=re.compile("^Confirm and publish")).click()
    confirmed = "RoundRunner waste collection software at Northfield is confirmed and published"
    expect(officer.get_by_text(confirmed)).to_be_visible()
    expect(officer.get_by_text("There are no records waiting to be confirmed.")).to_be_visible()
    axe.check(officer)
    record = System.objects.get(ocid="ocds-b5fd17-7c1e0a52-waste")
    assert record.state == System.State.PUBLISHED
    assert record.confirmed_by.email == OFFICER
