"""The dashboard, reached from the home page and filtered as a person does: tick, press; each chart with its
table and downloads, accessible in English and Welsh."""

import os
import re
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.pledges import services as pledges
from localdigital.pledges.models import PledgeTally
from localdigital.projects.models import Project
from localdigital.signing.models import Commitment, Signing
from localdigital.signing.tests.factories import CommitmentFactory, CouncilFactory, SigningFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Where to keep screenshots of the pages, to look at by eye; none are kept unless this is set.
SCREENSHOTS = os.environ.get("SCREENSHOTS", "")


def _look(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def site(live_server):
    DeclarationVersionFactory()
    OrganisationFactory.create_batch(4)
    OrganisationFactory.create_batch(2, nation="wales", type="unitary")
    signings = []
    for name, nation, kind, when in (
        ("Kingston upon Thames", "england", "london-borough", datetime(2018, 7, 4, 10, tzinfo=UTC)),
        ("Hart", "england", "district", datetime(2019, 2, 1, 10, tzinfo=UTC)),
        ("Hampshire", "england", "county", datetime(2020, 7, 9, 10, tzinfo=UTC)),
        ("Cardiff", "wales", "unitary", datetime(2021, 7, 1, 10, tzinfo=UTC)),
    ):
        slug = name.lower().replace(" ", "-")
        organisation = CouncilFactory(name=name, slug=slug, nation=nation, type=kind)
        signings.append(
            SigningFactory(organisation=organisation, status=Signing.Status.SIGNED, signed_at=when)
        )
    CommitmentFactory(signing=signings[0], principles=[1, 2], progress=Commitment.Progress.DONE)
    CommitmentFactory(signing=signings[3], principles=[5], progress=Commitment.Progress.IN_PROGRESS)
    projects = ((signings[0], "Bulky waste bookings", "alpha"), (signings[3], "Parking", "beta"))
    for signing, title, phase in projects:
        Project.objects.create(
            title=title, problem="p", lead=signing.organisation, owner=signing.started_by, phase=phase
        )
    PledgeTally.objects.create(day=date(2026, 11, 30), organisation=signings[0].organisation, count=7)
    PledgeTally.objects.create(day=date(2026, 12, 1), organisation=signings[3].organisation, count=3)
    pledges.tally()
    return live_server.url


def test_the_dashboard_from_the_home_page_filtered_to_wales(site, page, axe):
    page.goto(site + "/")
    expect(page.get_by_text("4 of 10", exact=True)).to_be_visible()
    axe.check(page)
    _look(page, "home")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("img", name=re.compile("Councils that have signed, over time"))).to_be_visible()
    axe.check(page)
    _look(page, "dashboard")

    page.get_by_role("group", name="Nation").get_by_label("Wales").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("group", name="Nation").get_by_label("Wales")).to_be_checked()
    nation = page.locator("#coverage-by-nation-chart")
    nation.get_by_text("Show the figures as a table").click()
    rows = nation.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_text(re.compile(r"Wales\s*1\s*3"))
    expect(page.get_by_role("img", name=re.compile("1 of 3 councils have signed"))).to_have_count(2)
    axe.check(page)
    _look(page, "dashboard-wales")

    with page.expect_download() as download:
        nation.get_by_role("link", name="its figures (CSV)").click()
    assert download.value.suggested_filename == "coverage-by-nation.csv"
    with open(download.value.path(), encoding="utf-8-sig") as figures:
        assert "Wales,1,3" in figures.read()

    page.get_by_role("link", name="Newid yr iaith i’r Gymraeg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dangosfwrdd")
    expect(page.get_by_role("group", name="Gwlad").get_by_label("Cymru")).to_be_checked()
    axe.check(page)
    _look(page, "dashboard-cy")


def test_without_javascript_the_dashboard_filters_by_type_and_its_charts_stay_named(site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(site + "/dashboard/")
    page.get_by_role("group", name="Type").get_by_label("District council").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("group", name="Type").get_by_label("District council")).to_be_checked()
    chart = page.get_by_role("img", name=re.compile("Councils that have signed, by type"))
    expect(chart).to_have_accessible_name(re.compile("1 of 5 councils have signed"))
    page.locator("#coverage-by-type-chart").get_by_text("Show the figures as a table").click()
    expect(page.locator("#coverage-by-type-chart tbody tr")).to_have_text(
        [re.compile(r"District council\s*1\s*5")]
    )
