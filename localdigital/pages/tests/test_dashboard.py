"""The dashboard: charts of the registers' figures, each with its table, downloadable, for the nations
and types chosen, in a constant number of queries."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from localdigital.govuk.tests.reading import SVG, as_table, bar_values, figures, parsed
from localdigital.organisations.models import Nation, OrganisationType
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.platform import caches
from localdigital.pledges.models import PledgeTally
from localdigital.projects.models import Project
from localdigital.signing.models import Commitment, Signing
from localdigital.signing.tests.factories import CommitmentFactory, CouncilFactory, SigningFactory

pytestmark = pytest.mark.django_db

BAR_CHARTS = (
    "coverage-by-nation", "coverage-by-type", "commitments-by-principle", "commitments-by-progress",
    "projects-by-phase", "pledges-by-day",
)  # fmt: skip


def signed_council(when: datetime, **organisation) -> Signing:
    return SigningFactory(
        organisation=CouncilFactory(**organisation), status=Signing.Status.SIGNED, signed_at=when
    )


def a_world(scale: int = 1) -> None:
    """Councils in England and Wales, some signed over three years, with commitments, projects and
    pledges; `scale` times as many of each."""
    for copy in range(scale):
        OrganisationFactory.create_batch(2, nation=Nation.WALES, type=OrganisationType.UNITARY)
        OrganisationFactory.create_batch(3)
        first = signed_council(datetime(2019, 3, 4, 10, tzinfo=UTC))
        signed_council(datetime(2019, 3, 20, 10, tzinfo=UTC))
        welsh = signed_council(
            datetime(2021, 7, 1, 10, tzinfo=UTC), nation=Nation.WALES, type=OrganisationType.UNITARY
        )
        CommitmentFactory(signing=first, principles=[1, 5], progress=Commitment.Progress.DONE)
        CommitmentFactory(signing=welsh, principles=[2], progress=Commitment.Progress.IN_PROGRESS)
        Project.objects.create(
            title=f"Bins {copy}", problem="p", lead=first.organisation, owner=first.started_by, phase="alpha"
        )
        Project.objects.create(
            title=f"Forms {copy}", problem="p", lead=welsh.organisation, owner=welsh.started_by, phase="beta"
        )
        PledgeTally.objects.create(day=date(2026, 11, 1 + copy), organisation=first.organisation, count=4)
        PledgeTally.objects.create(day=date(2026, 11, 2 + copy), organisation=welsh.organisation, count=2)


def forget() -> None:
    caches.forget_all()
    cache.clear()


def test_every_chart_is_an_image_with_a_title_and_a_summary(client):
    a_world()

    html = client.get(reverse("pages:dashboard")).content.decode()

    for name in ("signatories-over-time", *BAR_CHARTS):
        root, rows = figures(html, name)
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text
        assert desc is not None and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert rows, name


def test_every_bar_shows_the_number_in_its_table(client):
    a_world()

    html = client.get(reverse("pages:dashboard")).content.decode()

    for name in BAR_CHARTS:
        root, rows = figures(html, name)
        assert bar_values(root) == as_table(rows), name
    _root, rows = figures(html, "coverage-by-nation")
    assert rows[0] == ["England", "2", "5"]
    assert rows[1] == ["Wales", "1", "3"]
    _root, rows = figures(html, "commitments-by-principle")
    assert [row[1] for row in rows] == ["1", "1", "0", "0", "1"]


def test_signatories_over_time_climb_to_the_councils_signed_against_all_the_councils(client):
    a_world()

    html = client.get(reverse("pages:dashboard")).content.decode()

    root, rows = figures(html, "signatories-over-time")
    assert rows == [["March 2019", "2"], ["July 2021", "3"]]
    points = root.findall(f".//{SVG}circle[@class='app-chart__point']")
    assert [point.get("data-value") for point in points] == ["2", "3"]
    assert root.find(f".//{SVG}text[@class='app-chart__target-label']").text == "8 councils"  # type: ignore[union-attr]
    assert "3 of 8 councils had signed by July 2021." in html


def test_choosing_a_nation_shows_its_figures_only(client):
    a_world()

    html = client.get(reverse("pages:dashboard"), {"nation": "wales"}).content.decode()

    _root, rows = figures(html, "coverage-by-nation")
    assert rows == [["Wales", "1", "3"]]
    _root, rows = figures(html, "projects-by-phase")
    assert dict((row[0], row[1]) for row in rows)["Beta"] == "1"
    assert dict((row[0], row[1]) for row in rows)["Alpha"] == "0"
    _root, rows = figures(html, "pledges-by-day")
    assert rows == [["2 November 2026", "2"]]
    assert 'href="/signatories.csv?nation=wales"' in html
    assert 'href="/dashboard/coverage-by-nation.svg?nation=wales"' in html


def test_a_chart_downloads_as_an_svg_file_and_its_figures_as_csv(client):
    a_world()

    image = client.get(reverse("pages:chart-svg", args=["coverage-by-type"]), {"type": "unitary"})
    figures_csv = client.get(reverse("pages:chart-csv", args=["coverage-by-type"]), {"type": "unitary"})

    assert image["Content-Type"] == "image/svg+xml; charset=utf-8"
    root = parsed(image.content.decode())
    assert root.tag == f"{SVG}svg"
    assert bar_values(root) == [("Unitary authority", 1)]
    rows = list(csv.reader(io.StringIO(b"".join(figures_csv.streaming_content).decode("utf-8-sig"))))
    assert rows == [["Type", "Signed", "Councils"], ["Unitary authority", "1", "3"]]


def test_there_is_no_chart_of_a_name_nobody_drew(client):
    assert client.get(reverse("pages:chart-svg", args=["nothing"])).status_code == 404


def test_the_dashboard_in_welsh_is_in_welsh(client):
    a_world()

    html = client.get("/cy/dashboard/").content.decode()

    assert '<html lang="cy"' in html
    root, _rows = figures(html, "signatories-over-time")
    assert "Mawrth 2019" in html
    assert root.find(f"{SVG}title").text != "Councils that have signed, over time"  # type: ignore[union-attr]


def test_the_dashboard_asks_the_same_number_of_queries_at_ten_times_the_data(
    client, django_assert_num_queries
):
    a_world()
    client.get(reverse("pages:dashboard"))
    forget()
    with django_assert_num_queries(9) as small:
        client.get(reverse("pages:dashboard"), {"nation": "england"})

    a_world(scale=10)
    forget()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("pages:dashboard"), {"nation": "england"})


def test_a_second_person_gets_the_kept_page(client, django_assert_num_queries):
    a_world()
    client.get(reverse("pages:dashboard"))

    with django_assert_num_queries(1):  # the validators only
        response = client.get(reverse("pages:dashboard"))
    assert "Councils that have signed, by nation" in response.content.decode()


def test_the_home_page_and_the_navigation_link_to_the_dashboard(client):
    html = client.get(reverse("pages:home")).content.decode()

    assert html.count(f'href="{reverse("pages:dashboard")}"') >= 2
