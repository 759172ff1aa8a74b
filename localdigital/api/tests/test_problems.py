"""Every answer the API gives is JSON: out-of-range slices, unknown addresses and failures are problem
documents, and the OpenAPI schema says which problems each endpoint may answer with."""

from unittest import mock

import pytest

from localdigital.organisations.register import organisations
from localdigital.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/organisations", "/api/v1/signatories", "/api/v1/commitments", "/api/v1/projects"]
HUGE = [2**63 - 1, 2**63, 2**64, 10**30]


@pytest.mark.parametrize("offset", HUGE)
@pytest.mark.parametrize("address", LISTS)
def test_an_offset_past_what_a_database_can_count_is_an_empty_slice(client, address, offset):
    OrganisationFactory()

    response = client.get(address, {"offset": offset})

    assert response.status_code == 200
    body = response.json()
    assert body["items"] == []
    assert body["offset"] == offset
    assert body["links"]["next"] is None


@pytest.mark.parametrize("address", LISTS)
def test_a_slice_within_the_register_is_still_served(client, address):
    OrganisationFactory(name="Kingston upon Thames")
    body = client.get("/api/v1/organisations", {"offset": 0, "limit": 1}).json()
    assert body["count"] == 1
    assert body["items"][0]["name"] == "Kingston upon Thames"
    assert client.get(address, {"offset": -1}).json()["title"] == "Bad offset"


@pytest.mark.parametrize(
    "address",
    ["/api/v1/nothing", "/api/v1/signatories/extra/parts", "/api/v1/organisations/", "/api/v1/v2/projects"],
)
def test_an_address_under_the_api_that_is_no_endpoint_is_a_404_problem(client, address):
    response = client.get(address)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404
    assert body["title"] == "Not found"
    assert "<html" not in response.content.decode()


def test_a_failure_inside_an_endpoint_is_a_500_problem_not_an_html_page(client, caplog):
    with mock.patch.object(organisations, "api_list", side_effect=RuntimeError("boom")):
        response = client.get("/api/v1/organisations")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Server error"
    assert "boom" not in response.content.decode()  # the trace is logged for us, not shown
    assert "boom" in caplog.text


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def _is_problem(answer):
    return answer["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_the_schema_says_each_endpoint_that_takes_parameters_may_answer_400(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail"]
    with_parameters = [(name, op) for name, op in _operations(schema) if op.get("parameters")]
    assert {"GET /api/v1/organisations", "GET /api/v1/signatories", "GET /api/v1/projects"} <= {
        name for name, _op in with_parameters
    }
    for name, operation in with_parameters:
        assert _is_problem(operation["responses"]["400"]), name


def test_the_schema_says_which_endpoints_may_answer_404(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = dict(_operations(schema))

    for name in (
        "GET /api/v1/organisations/{identifier}",
        "GET /api/v1/projects/{project_id}",
        "GET /api/v1/pledges/count",
    ):
        assert _is_problem(operations[name]["responses"]["404"]), name
    assert "404" not in operations["GET /api/v1/organisations"]["responses"]


def test_the_404s_the_schema_promises_are_problems(client):
    for address in (
        "/api/v1/organisations/nowhere",
        "/api/v1/projects/999999",
        "/api/v1/pledges/count?organisation=nowhere",
    ):
        response = client.get(address)
        assert response.status_code == 404, address
        assert response["Content-Type"] == "application/problem+json", address


def test_a_method_an_endpoint_does_not_take_is_a_405_problem(client):
    response = client.post("/api/v1/signatories")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET"
    assert response.json()["title"] == "Method not allowed"
