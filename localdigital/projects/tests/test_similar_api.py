"""POST /api/v1/similar: a council's own tool asks who else is working on a problem before it starts."""

import json

import pytest
from django.conf import settings

from localdigital.projects import services
from localdigital.projects.similar_api import ADDRESS_BURST
from localdigital.projects.tests.factories import project_data
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db

ADDRESS = "/api/v1/similar"


def ask(client, **body):
    return client.post(ADDRESS, json.dumps(body), content_type="application/json")


@pytest.fixture
def work():
    sutton = CouncilFactory(name="Sutton", slug="sutton", gss_code="E09000029")
    bins = services.create(
        sutton,
        member_of(sutton),
        project_data(
            title="Waste collection: report a missed collection",
            problem="Households phone the contact centre when the refuse lorry does not come",
            contact_email="jo@sutton.gov.uk",
        ),
    )
    services.create(
        sutton,
        member_of(sutton, "other"),
        project_data(title="Parking permits online", problem="Residents apply for parking permits on paper"),
    )
    return bins


def test_the_most_similar_work_comes_first_with_why(client, work):
    response = ask(client, title="Missed bins", description="Residents call us when their bin is not emptied")

    assert response.status_code == 200
    matches = response.json()
    assert matches[0] == {
        "kind": "project",
        "id": work.pk,
        "title": "Waste collection: report a missed collection",
        "organisation": "Sutton",
        "url": f"{settings.SITE_URL}/projects/{work.pk}/",
        "score": matches[0]["score"],
        "shared_terms": matches[0]["shared_terms"],
        "same_service": False,
    }
    assert matches[0]["score"] > matches[-1]["score"] or len(matches) == 1
    assert "jo@sutton.gov.uk" not in response.content.decode()


def test_how_many_matches_is_the_callers_choice(client, work):
    assert len(ask(client, title="Parking", description="Permits for residents", limit=1).json()) == 1


@pytest.mark.parametrize(
    "body, location",
    [({"description": "No title"}, "body.body.title"), ({"title": "Bins", "limit": 50}, "body.body.limit")],
    ids=["no title", "too many"],
)
def test_a_bad_request_is_a_problem_naming_the_field(client, work, body, location):
    response = ask(client, **body)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert location in [error["location"] for error in response.json()["errors"]]


def test_an_address_that_searches_too_often_is_told_to_wait(client, work):
    for _ in range(ADDRESS_BURST.hits):
        assert ask(client, title="Missed bins").status_code == 200

    response = ask(client, title="Missed bins")

    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/problem+json")
    assert "try again later" in response.json()["detail"]


def test_it_is_in_the_open_api_schema(client):
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/similar"]["post"]
    assert operation["summary"] == "Find similar work"
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("SimilarIn")
    assert {"200", "400", "429"} <= set(operation["responses"])
    for code in ("400", "429"):
        problem = operation["responses"][code]["content"]["application/problem+json"]["schema"]
        assert problem == {"$ref": "#/components/schemas/Problem"}


def test_the_reference_says_what_it_takes_and_returns(client):
    page = client.get("/api/v1/docs").content.decode()

    assert "POST /api/v1/similar" in page
    assert 'Takes: <a class="govuk-link" href="#schema-SimilarIn">SimilarIn</a>, sent as JSON' in page
    assert '<a class="govuk-link" href="#schema-SimilarOut">list of SimilarOut</a>' in page
    assert 'id="schema-SimilarIn"' in page and 'id="schema-SimilarOut"' in page
