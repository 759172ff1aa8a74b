import csv
import io

import pytest
from django.urls import reverse

from localdigital.organisations.models import Nation, OrganisationType, Region
from localdigital.organisations.tests.factories import OrganisationDomainFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    county = OrganisationFactory(
        name="West Sussex", slug="west-sussex", gss_code="E10000032", type=OrganisationType.COUNTY
    )
    adur = OrganisationFactory(name="Adur", slug="adur", gss_code="E07000223", parent=county)
    kingston = OrganisationFactory(
        name="Kingston upon Thames",
        slug="kingston-upon-thames",
        gss_code="E09000021",
        type=OrganisationType.LONDON_BOROUGH,
        region=Region.LONDON,
        register_code="KTT",
    )
    OrganisationDomainFactory(organisation=kingston, domain="kingston.gov.uk")
    OrganisationDomainFactory(organisation=kingston, domain="old-kingston.gov.uk", is_active=False)
    anglesey = OrganisationFactory(
        name="Ynys Môn",
        slug="anglesey",
        gss_code="W06000001",
        official_name="Isle of Anglesey County Council",
        type=OrganisationType.WELSH_COUNCIL,
        nation=Nation.WALES,
        region=Region.WALES,
    )
    return {"county": county, "adur": adur, "kingston": kingston, "anglesey": anglesey}  # fmt: skip


def names(response) -> list[str]:
    return [org.name for org in response.context_data["page"].object_list]


class TestTheList:
    def test_lists_current_bodies_by_name(self, client, register):
        OrganisationFactory(name="Gone", end_date="2020-01-01")

        response = client.get(reverse("organisations:list"))

        assert response.status_code == 200
        assert names(response) == ["Adur", "Kingston upon Thames", "West Sussex", "Ynys Môn"]
        assert "4 organisations" in response.content.decode()

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("kingston", ["Kingston upon Thames"]),
            ("KINGSTON UPON", ["Kingston upon Thames"]),
            ("ynys mon", ["Ynys Môn"]),
            ("Anglesey", ["Ynys Môn"]),
            ("e09000021", ["Kingston upon Thames"]),
            ("ktt", ["Kingston upon Thames"]),
            ("nowhere", []),
        ],
    )
    def test_searches_names_and_codes_the_same_on_every_database(self, client, register, query, expected):
        response = client.get(reverse("organisations:list"), {"q": query})

        assert names(response) == expected

    def test_filters_by_type_nation_and_region(self, client, register):
        url = reverse("organisations:list")

        assert names(client.get(url, {"type": ["county", "london-borough"]})) == [
            "Kingston upon Thames",
            "West Sussex",
        ]
        assert names(client.get(url, {"nation": "wales"})) == ["Ynys Môn"]
        assert names(client.get(url, {"region": "london"})) == ["Kingston upon Thames"]

    def test_an_unknown_filter_is_explained_and_what_was_typed_is_kept(self, client, register):
        response = client.get(reverse("organisations:list"), {"type": "castle", "q": "<script>x</script>"})

        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html
        assert "Select the type from the options given" in html
        assert 'value="&lt;script&gt;x&lt;/script&gt;"' in html
        assert "<script>x</script>" not in html

    def test_pages_through_long_lists(self, client):
        OrganisationFactory.create_batch(55)
        url = reverse("organisations:list")

        first, second, past_the_end = (
            client.get(url),
            client.get(url, {"page": 2}),
            client.get(url, {"page": 99}),
        )

        assert len(names(first)) == 50
        assert len(names(second)) == 5
        assert names(past_the_end) == names(second)
        assert 'href="?page=2"' in first.content.decode()

    def test_uses_the_same_number_of_queries_however_many_bodies(self, client, django_assert_max_num_queries):
        for _ in range(60):
            OrganisationDomainFactory(
                organisation=OrganisationFactory(parent=OrganisationFactory(end_date="2000-01-01"))
            )

        with django_assert_max_num_queries(6):
            client.get(reverse("organisations:list"))

    def test_revalidates_with_an_etag(self, client, register):
        url = reverse("organisations:list")
        first = client.get(url)

        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        register["adur"].save()
        changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

        assert "no-cache" in first["Cache-Control"]
        assert first["Last-Modified"]
        assert again.status_code == 304
        assert changed.status_code == 200


class TestTheOrganisationPage:
    def test_shows_codes_website_parent_and_current_domains(self, client, register):
        response = client.get(reverse("organisations:detail", args=["E07000223"]))
        assert "West Sussex" in response.content.decode()

        html = client.get(reverse("organisations:detail", args=["E09000021"])).content.decode()
        assert "E09000021" in html
        assert "KTT" in html
        assert "kingston.gov.uk" in html
        assert "old-kingston.gov.uk" not in html

    def test_a_county_lists_its_districts(self, client, register):
        html = client.get(register["county"].get_absolute_url()).content.decode()

        assert "District councils in this county" in html
        assert 'href="/organisations/E07000223/"' in html

    def test_the_slug_and_a_lower_case_code_redirect_to_the_gss_address(self, client, register):
        for identifier in ("kingston-upon-thames", "e09000021"):
            response = client.get(reverse("organisations:detail", args=[identifier]))
            assert response.status_code == 301
            assert response["Location"] == "/organisations/E09000021/"

    def test_a_body_without_a_gss_code_lives_at_its_slug(self, client):
        OrganisationFactory(name="Sector body", slug="sector-body", gss_code=None)

        assert client.get("/organisations/sector-body/").status_code == 200

    def test_an_unknown_body_is_not_found(self, client, register):
        response = client.get("/organisations/E99999999/")

        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_an_ended_body_says_so(self, client):
        OrganisationFactory(name="Old District", gss_code="E07000001", end_date="2023-04-01")

        html = client.get("/organisations/E07000001/").content.decode()

        assert "This organisation ended on 1 April 2023." in html

    def test_a_demo_body_is_marked(self, client):
        OrganisationFactory(name="Demo Fire", gss_code=None, slug="demo-fire", is_demo=True)

        assert "demonstration organisation" in client.get("/organisations/demo-fire/").content.decode()


class TestTheCsv:
    def read(self, response) -> list[dict]:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    def test_gives_the_same_query_as_the_page(self, client, register):
        response = client.get(reverse("organisations-csv"), {"region": "london"})

        rows = self.read(response)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "public" in response["Cache-Control"]
        assert [row["name"] for row in rows] == ["Kingston upon Thames"]
        assert rows[0]["identifier"] == "E09000021"
        assert rows[0]["email_domains"] == "kingston.gov.uk"
        assert rows[0]["url"].endswith("/organisations/E09000021/")

    def test_a_cell_that_looks_like_a_formula_is_defused(self, client):
        OrganisationFactory(name="=HYPERLINK(1)")

        rows = self.read(client.get(reverse("organisations-csv")))

        assert rows[0]["name"] == "'=HYPERLINK(1)"
