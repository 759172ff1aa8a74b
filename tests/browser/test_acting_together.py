"""Acting together in a browser: a member finds the councils whose contracts end with theirs and starts a
joint project with them; and a member says how far their council has got with a standard."""

from datetime import date

import pytest
from playwright.sync_api import expect

from localdigital.plumbing.models import Adoption, System
from localdigital.plumbing.tests.factories import ProductFactory, StandardFactory, SystemFactory
from localdigital.projects.models import Project
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory
from tests.browser.test_projects_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    waste = Service.objects.create(code=524, label="Household waste collection")
    kingston = CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    product = ProductFactory(name="RoundPlanner")
    SystemFactory(organisation=kingston, product=product, services=[waste], contract_end=date(2027, 9, 30))
    for name, end in [("Sutton", date(2027, 4, 30)), ("Merton", date(2028, 2, 29))]:
        SystemFactory(organisation=CouncilFactory(name=name), services=[waste], contract_end=end)
    StandardFactory(slug="local-waste-service-standards", name="Local Waste Service Standards")
    return live_server.url


def test_a_member_starts_a_joint_project_with_those_whose_contracts_end_with_theirs(site, page, axe):
    mine = System.objects.get(organisation__slug="kingston")
    sign_in(page, site, "officer@kingston.gov.uk")
    page.goto(site + f"/systems/{mine.pk}/together/")

    sentence = (
        "3 organisations' contracts for Household waste collection end between April 2027 and March 2028."
    )
    expect(page.get_by_text(sentence)).to_be_visible()
    expect(page.get_by_role("cell", name="Sutton")).to_be_visible()
    axe.check(page)
    page.screenshot(path="var/acting-together.png", full_page=True)
    expect(page.get_by_label("Sutton")).to_be_checked()
    page.get_by_label("Merton").uncheck()
    page.get_by_role("button", name="Start a joint project").click()

    expect(page.get_by_role("heading", name="Joint project started")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Sutton")).to_be_visible()
    axe.check(page)
    project = Project.objects.get()
    assert project.lead.slug == "kingston"
    assert [p.organisation.name for p in project.partners.all()] == ["Sutton"]


def test_a_member_records_how_far_their_council_has_got_with_a_standard(site, page, axe):
    sign_in(page, site, "officer@kingston.gov.uk")
    page.goto(site + "/standards/local-waste-service-standards/adopt/")
    page.get_by_role("button", name="Save and confirm").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    axe.check(page)

    page.get_by_label("In progress").check()
    page.get_by_label("Anything others should know (optional)").fill("Testing it for bin days")
    page.get_by_role("button", name="Save and confirm").click()

    expect(page.get_by_role("heading", name="Adoption saved")).to_be_visible()
    axe.check(page)
    adoption = Adoption.objects.get()
    assert (adoption.stage, adoption.note) == ("in-progress", "Testing it for bin days")
