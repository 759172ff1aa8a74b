"""From an organisation's page a visitor finds its signed record, its commitments and its projects."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.projects import services as project_services
from localdigital.signing.models import Commitment, Signing
from localdigital.signing.tests.factories import CommitmentFactory, CouncilFactory, SigningFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    kingston = CouncilFactory(name="Kingston upon Thames", slug="kingston", gss_code="E09000021")
    signing = SigningFactory(
        organisation=kingston,
        status=Signing.Status.SIGNED,
        signed_at=timezone.now().replace(year=2024, month=3, day=5),
        declaration_version=DeclarationVersionFactory(),
    )
    CommitmentFactory(signing=signing, title="Report missed bins online", state=Commitment.State.PUBLISHED)
    project_services.create(
        kingston,
        member_of(kingston),
        {"title": "Book a bulky waste collection", "problem": "Residents phone to book", "phase": "alpha",
         "status": "active", "collaboration": "share-ideas", "contact_name": "Pat Lead",
         "budget": "under-50k"},
    )  # fmt: skip
    return live_server.url


def test_a_visitor_goes_from_the_organisation_to_its_record_commitments_and_projects(site, page, axe):
    page.goto(site + "/organisations/")
    page.get_by_label("Search by name or code").fill("Kingston")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Kingston upon Thames").click()
    expect(
        page.get_by_text("Kingston upon Thames signed the Local Digital Declaration on 5 March 2024.")
    ).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="View the signed record for Kingston upon Thames").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kingston upon Thames")
    axe.check(page)
    page.go_back()

    page.get_by_role("link", name="1 commitment by Kingston upon Thames").click()
    expect(page.get_by_role("link", name="Report missed bins online")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/commitments/\?organisation=E09000021$"))
    axe.check(page)
    page.go_back()

    page.get_by_role("link", name="1 project Kingston upon Thames leads or works on").click()
    expect(page.get_by_role("link", name="Book a bulky waste collection")).to_be_visible()
    axe.check(page)
    assert page.console_problems == []
