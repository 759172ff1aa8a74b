"""The registers' search boxes: stemmed full-text search ranked by relevance, mixed with meaning, on SQLite
and PostgreSQL alike, and the matched words marked in the page."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localdigital.projects import services
from localdigital.projects.models import Project
from localdigital.projects.tests.factories import project_data
from localdigital.registers.search import highlighted, search_words
from localdigital.signing.models import Commitment, Signing
from localdigital.signing.tests.factories import CommitmentFactory, CouncilFactory, SigningFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def kingston():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def add(kingston):
    owner = member_of(kingston)

    def add_project(title: str, problem: str = "Residents ask us about this", building: str = "") -> Project:
        return services.create(
            kingston, owner, project_data(title=title, problem=problem, building=building, tags=[])
        )

    return add_project


def titles(client, query: str, path: str = "/api/v1/projects", **filters) -> list[str]:
    items = client.get(path, {"q": query, **filters}).json()["items"]
    return [item.get("title") or item["name"] for item in items]


def page(client, query: str, path: str = "/projects/") -> str:
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


class TestFullText:
    def test_a_word_finds_the_other_forms_of_it(self, client, add):
        add("Recycle more garden waste")
        add("Book a library room")

        assert titles(client, "recycling") == ["Recycle more garden waste"]
        assert titles(client, "libraries") == ["Book a library room"]

    def test_a_match_in_the_title_comes_above_one_in_the_description(self, client, add):
        add("Parking permits online", problem="Residents wait weeks for a permit to park near a school")
        add("School admissions", problem="Parents apply on paper")
        add("Street lights", problem="Faults in street lights near the school are reported by phone")

        found = titles(client, "school")

        assert found[0] == "School admissions"
        assert set(found[1:]) == {"Parking permits online", "Street lights"}

    def test_a_row_with_every_word_comes_first_whatever_their_order(self, client, add):
        add("Bulky waste collections", problem="Book a collection of a sofa")
        add("Missed bin collections", problem="Report a bin that was not emptied")

        assert titles(client, "collections bin")[0] == "Missed bin collections"
        assert sorted(titles(client, "collection")) == ["Bulky waste collections", "Missed bin collections"]

    def test_the_count_is_of_the_rows_that_match(self, client, add):
        for number in range(3):
            add(f"Housing repairs {number}")
        add("Council tax bills")

        assert client.get("/api/v1/projects", {"q": "repair"}).json()["count"] == 3
        assert '<h2 class="govuk-heading-m" id="results-count">3 projects</h2>' in page(client, "repairs")

    def test_the_search_is_narrowed_by_the_other_filters(self, client, add, kingston):
        add("Housing repairs in alpha")
        owner = member_of(kingston, "other")
        services.create(kingston, owner, project_data(title="Housing repairs in beta", phase="beta", tags=[]))

        assert titles(client, "repairs", phase="beta") == ["Housing repairs in beta"]

    @pytest.mark.parametrize(
        "query",
        [
            "ailgylchu’r biniau",
            "Llyfrgell Caerdydd – oriau agor",
            'O\'Brien & "bins" OR (NEAR) * ^ - :',
            "<script>alert(1)</script>",
            "the of and",
            "🗑️",
            "NOT",
        ],
    )
    def test_welsh_and_odd_characters_are_searched_for_without_error(self, client, add, query):
        add("Ailgylchu biniau", problem="Gwasanaeth ailgylchu")

        for path in ("/projects/", "/commitments/", "/organisations/", "/projects.csv", "/api/v1/projects"):
            assert client.get(path, {"q": query}).status_code == 200

    def test_welsh_words_are_found_as_written(self, client, add):
        add("Ailgylchu biniau", problem="Gwasanaeth ailgylchu i bob cartref")
        add("Book a library room")

        assert titles(client, "ailgylchu") == ["Ailgylchu biniau"]

    def test_an_edited_project_is_found_by_its_new_words_and_a_deleted_one_not_at_all(self, client, add):
        changed = add("Blue badges")
        gone = add("Pest control")

        changed.title = "Disabled parking permits"
        changed.save()
        gone.delete()

        assert titles(client, "permit") == ["Disabled parking permits"]
        assert titles(client, "badges") == []
        assert titles(client, "pest") == []

    def test_the_page_the_api_the_csv_and_the_json_find_the_same_rows_in_the_same_order(self, client, add):
        add("Parking permits online", problem="Residents wait for a permit near the school")
        add("School admissions")
        add("Council tax bills")

        from_api = titles(client, "school")
        from_csv = [row["title"] for row in csv.DictReader(io.StringIO(_streamed(client, "/projects.csv")))]
        from_json = [item["title"] for item in json.loads(_streamed(client, "/projects.json"))["items"]]
        listed = page(client, "school")

        assert from_api == ["School admissions", "Parking permits online"]
        assert from_csv == from_json == from_api
        assert listed.index("Parking permits online") > listed.index("<mark>School</mark> admissions")
        assert "Council tax bills" not in listed


def _streamed(client, path: str, query: str = "school") -> str:
    response = client.get(path, {"q": query})
    return b"".join(response.streaming_content).decode()


class TestMeaning:
    def test_a_search_in_words_the_project_does_not_use_still_finds_it(self, client, add):
        add("Missed bin collections", problem="Report a wheelie bin that was not emptied on collection day")
        add("Book a library room", problem="Reserve a meeting room in a library")

        found = titles(client, "dustbin")

        assert found == ["Missed bin collections"]

    def test_a_match_of_the_words_and_of_the_meaning_comes_first(self, client, add):
        add("Garden waste subscriptions", problem="Residents pay each year for a brown bin")
        add("Missed bin collections", problem="Report a bin that was not emptied")
        add("Book a library room", problem="Reserve a meeting room")

        assert titles(client, "missed bins")[0] == "Missed bin collections"

    def test_commitments_are_found_by_meaning_too(self, client, kingston):
        signing = SigningFactory(organisation=kingston, status=Signing.Status.SIGNED)
        CommitmentFactory(
            signing=signing,
            title="Report missed bin collections online",
            mission="A live service for reporting missed collections",
            state=Commitment.State.PUBLISHED,
        )
        CommitmentFactory(
            signing=signing,
            title="Open library data",
            mission="Publish opening hours",
            impact="Readers know when to come",
            state=Commitment.State.PUBLISHED,
        )

        assert titles(client, "dustbin", path="/api/v1/commitments") == [
            "Report missed bin collections online"
        ]
        assert titles(client, "publishing", path="/api/v1/commitments")[0] == "Open library data"


class TestOrganisations:
    def test_a_body_is_found_by_its_name_or_its_code_and_the_name_ranks_it(self, client, kingston):
        CouncilFactory(
            name="Richmond upon Thames", slug="richmond", official_name="London Borough of Richmond"
        )
        CouncilFactory(name="Thames Valley", slug="thames-valley", official_name="Thames Valley Police")

        assert titles(client, "richmond", path="/api/v1/organisations") == ["Richmond upon Thames"]
        assert titles(client, "thames london borough", path="/api/v1/organisations") == [
            "Richmond upon Thames"
        ]
        assert titles(client, kingston.gss_code, path="/api/v1/organisations") == ["Kingston upon Thames"]
        assert set(titles(client, "thames", path="/api/v1/organisations")) == {
            "Kingston upon Thames", "Richmond upon Thames", "Thames Valley",
        }  # fmt: skip


class TestHighlighting:
    def test_the_words_that_matched_are_marked_in_their_own_forms(self):
        marked = highlighted("Recycled waste and recycling centres", "recycle centre")

        assert marked == "<mark>Recycled</mark> waste and <mark>recycling</mark> <mark>centres</mark>"

    def test_people_s_text_is_escaped_before_it_is_marked(self, client, add):
        add("<script>alert('bins')</script> Bins for flats")

        listed = page(client, "bins")

        assert "<script>alert" not in listed
        assert (
            "&lt;script&gt;alert(&#39;<mark>bins</mark>&#39;)&lt;/script&gt; <mark>Bins</mark> for flats"
            in listed
        )

    def test_without_a_search_nothing_is_marked(self, client, add):
        add("Bins for flats")

        assert "<mark>" not in client.get("/projects/").content.decode()
        assert highlighted("a <b>", "") == "a &lt;b&gt;"

    def test_the_words_searched_for_leave_out_punctuation_and_stop_words(self):
        assert search_words('The "bins" OR (rubbish)*') == ["bins", "rubbish"]


class TestQueries:
    def test_a_search_asks_as_many_questions_for_many_matches_as_for_few(self, client, add):
        add("Housing repairs 0")
        client.get("/projects/", {"q": "repairs"})  # the index built, the encoder loaded
        with CaptureQueriesContext(connection) as few:
            client.get("/api/v1/projects", {"q": "housing repairs"})
        for number in range(1, 8):
            add(f"Housing repairs {number}")
        client.get("/projects/", {"q": "repairs"})
        with CaptureQueriesContext(connection) as many:
            client.get("/api/v1/projects", {"q": "housing repairs"})

        assert len(many) == len(few)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_on_postgresql_the_search_reads_the_gin_index(add):
    from localdigital.projects.register import projects

    add("Housing repairs")
    form = projects.form({"q": "repairs"})
    sql, params = projects.apply(form).query.sql_with_params()
    with connection.cursor() as cursor:
        # As at 10,000 projects, where reading the whole table costs more than the index (a bitmap scan).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "project_search" in plan
