import pytest

from localdigital.organisations.models import Nation, OrganisationType, Region
from localdigital.organisations.tests.factories import OrganisationDomainFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kingston():
    kingston = OrganisationFactory(
        name="Kingston upon Thames", slug="kingston-upon-thames", gss_code="E09000021",
        type=OrganisationType.LONDON_BOROUGH, region=Region.LONDON, register_code="KTT",
        combined_authority=OrganisationFactory(name="Greater London", gss_code="E61000001", slug="gla",
                                               type=OrganisationType.GREATER_LONDON_AUTHORITY),
    )  # fmt: skip
    OrganisationDomainFactory(organisation=kingston, domain="kingston.gov.uk")
    return kingston


class TestTheList:
    def test_counts_by_nation_match_the_register(self, client):
        OrganisationFactory.create_batch(3, nation=Nation.WALES, region=Region.WALES)
        OrganisationFactory.create_batch(2, nation=Nation.SCOTLAND, region=Region.SCOTLAND)

        wales = client.get("/api/v1/organisations", {"nation": "wales"}).json()
        both = client.get("/api/v1/organisations", {"nation": ["wales", "scotland"]}).json()

        assert wales["count"] == 3
        assert both["count"] == 5

    def test_describes_each_body(self, client, kingston):
        body = client.get("/api/v1/organisations", {"q": "kingston"}).json()

        item = body["items"][0]
        assert body["count"] == 1
        assert item["id"] == "E09000021"
        assert item["type"] == "london-borough"
        assert item["type_name"] == "London borough"
        assert item["email_domains"] == ["kingston.gov.uk"]
        assert item["combined_authority"]["id"] == "E61000001"
        assert item["url"] == "http://127.0.0.1:8000/organisations/E09000021/"
        assert item["api_url"] == "http://127.0.0.1:8000/api/v1/organisations/E09000021"

    def test_slices_with_limit_offset_and_links(self, client):
        OrganisationFactory.create_batch(5)

        first = client.get("/api/v1/organisations", {"limit": 2, "nation": "england"}).json()
        last = client.get("/api/v1/organisations", {"limit": 2, "offset": 4, "nation": "england"}).json()

        assert (first["count"], len(first["items"]), first["links"]["previous"]) == (5, 2, None)
        assert first["links"]["next"].endswith("/api/v1/organisations?nation=england&limit=2&offset=2")
        assert (len(last["items"]), last["links"]["next"]) == (1, None)
        assert last["links"]["previous"].endswith("offset=2")

    @pytest.mark.parametrize(
        "params",
        [{"type": "castle"}, {"limit": 0}, {"limit": 100000}, {"offset": -1}, {"limit": "lots"}],
    )
    def test_bad_parameters_get_a_problem_document(self, client, params):
        response = client.get("/api/v1/organisations", params)

        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 400
        assert response.json()["title"]

    def test_is_cacheable_and_revalidates(self, client, kingston):
        first = client.get("/api/v1/organisations")

        again = client.get("/api/v1/organisations", HTTP_IF_NONE_MATCH=first["ETag"])

        assert "public" in first["Cache-Control"]
        assert "max-age=300" in first["Cache-Control"]
        assert again.status_code == 304


class TestCounts:
    def test_counts_councils_and_all_bodies_by_nation_and_type(self, client):
        OrganisationFactory.create_batch(
            2, nation=Nation.WALES, region=Region.WALES, type=OrganisationType.WELSH_COUNCIL
        )
        OrganisationFactory(nation=Nation.WALES, region="", type=OrganisationType.POLICE_FORCE_AREA)
        OrganisationFactory(type=OrganisationType.DISTRICT)
        OrganisationFactory(type=OrganisationType.DISTRICT, end_date="2020-01-01")

        body = client.get("/api/v1/organisations/counts").json()
        wales = client.get("/api/v1/organisations/counts", {"nation": "wales"}).json()

        assert (body["councils"], body["all"]) == (3, 4)
        assert body["by_nation"]["wales"] == {"councils": 2, "all": 3}
        assert body["by_nation"]["scotland"] == {"councils": 0, "all": 0}
        assert body["by_type"] == {"welsh-council": 2, "police-force-area": 1, "district": 1}
        assert (wales["councils"], wales["all"]) == (2, 3)


class TestOneOrganisation:
    def test_by_gss_code_or_slug(self, client, kingston):
        by_code = client.get("/api/v1/organisations/E09000021").json()
        by_slug = client.get("/api/v1/organisations/kingston-upon-thames").json()

        assert by_code == by_slug
        assert by_code["name"] == "Kingston upon Thames"
        assert by_code["children"] == []

    def test_unknown_is_a_404_problem(self, client):
        response = client.get("/api/v1/organisations/E99999999")

        assert response.status_code == 404
        assert response.json()["title"] == "Not found"


class TestTheSchema:
    def test_openapi_describes_the_organisation_endpoints(self, client):
        schema = client.get("/api/v1/openapi.json").json()

        assert "/api/v1/organisations" in schema["paths"]
        assert "/api/v1/organisations/{identifier}" in schema["paths"]
        parameters = {p["name"] for p in schema["paths"]["/api/v1/organisations"]["get"]["parameters"]}
        assert {"q", "type", "nation", "region", "limit", "offset"} <= parameters

    def test_the_reference_page_describes_every_endpoint_and_parameter(self, client):
        html = client.get("/api/v1/docs").content.decode()

        assert '<h1 class="govuk-heading-xl">API reference</h1>' in html
        assert "GET /api/v1/organisations/{identifier}" in html
        assert "list of one of: england, scotland, wales, northern-ireland" in html
        assert 'id="schema-OrganisationOut"' in html
