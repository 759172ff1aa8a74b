"""What every register's declaration makes: the API's parameters from its filters, the whole register
streamed a chunk at a time, and one rule for naming an organisation."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localdigital.organisations.models import Organisation
from localdigital.organisations.register import organisations
from localdigital.organisations.tests.factories import OrganisationDomainFactory, OrganisationFactory
from localdigital.projects.register import projects
from localdigital.registers import register as register_module
from localdigital.signing.register import commitments, signatories

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/v1/organisations": organisations,
    "/api/v1/signatories": signatories,
    "/api/v1/commitments": commitments,
    "/api/v1/projects": projects,
}


@pytest.mark.parametrize("path", LISTS)
def test_the_api_takes_as_parameters_the_filters_the_register_declares(client, path):
    schema = client.get("/api/v1/openapi.json").json()

    parameters = [p["name"] for p in schema["paths"][path]["get"]["parameters"]]
    assert parameters == [*LISTS[path].filters, "limit", "offset"]


@pytest.mark.parametrize("register", LISTS.values(), ids=lambda register: register.name)
def test_the_page_offers_the_filters_the_register_declares(register):
    assert list(register.form({}).fields) == list(register.filters)


PAGES = {"/organisations/": organisations, "/signatories/": signatories, "/commitments/": commitments,
         "/projects/": projects}  # fmt: skip


def _filter_panel(html: str) -> str:
    return html[html.index('class="app-filter"') : html.index("</form>", html.index('class="app-filter"'))]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_draws_every_declared_filter_with_the_one_renderer_in_its_order(client, path):
    panel = _filter_panel(client.get(path).content.decode())

    named = [name for name in re.findall(r'name="([^"]+)"', panel)]
    assert list(dict.fromkeys(named)) == list(PAGES[path].filters)
    assert "govuk-label--s" in panel or "govuk-fieldset__legend--s" in panel
    assert "Clear filters" not in panel


@pytest.mark.parametrize("path", PAGES)
def test_once_a_filter_is_set_the_panel_offers_to_clear_them(client, path):
    panel = _filter_panel(client.get(path, {"q": "kingston"}).content.decode())

    assert f'<a class="govuk-link" href="{path}">Clear filters</a>' in panel
    assert "Clear filters" not in _filter_panel(client.get(path, {"q": ""}).content.decode())


def test_the_api_gives_the_reason_a_filter_is_not_valid(client):
    response = client.get("/api/v1/projects?service=999999")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "service" in response.json()["errors"]


def _streamed(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def _queries(client, path: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        body = _streamed(client.get(path))
    return len(queries), body


@pytest.mark.parametrize("path", ["/organisations.csv", "/organisations.json"])
def test_a_whole_register_is_streamed_with_queries_per_chunk_not_per_row(client, monkeypatch, path):
    monkeypatch.setattr(register_module, "CHUNK", 5)
    for organisation in OrganisationFactory.create_batch(4):
        OrganisationDomainFactory(organisation=organisation)
    one_chunk, _ = _queries(client, path)
    for organisation in OrganisationFactory.create_batch(40):
        OrganisationDomainFactory(organisation=organisation)
    nine_chunks, body = _queries(client, path)

    assert organisations.query().count() == 44
    # Each further chunk of 5 rows costs the same few queries (the rows, then their domains).
    assert nine_chunks - one_chunk <= 8 * 2
    assert body.count(b"\n") - 1 == 44 if path.endswith(".csv") else json.loads(body)["count"] == 44


def test_the_whole_register_as_json_has_the_api_items(client):
    kingston = OrganisationFactory(name="Kingston upon Thames", gss_code="E09000021", slug="kingston")
    OrganisationDomainFactory(organisation=kingston)

    whole = json.loads(_streamed(client.get("/organisations.json?q=kingston")))
    listed = client.get("/api/v1/organisations?q=kingston").json()

    assert whole["count"] == listed["count"] == 1
    assert whole["items"] == listed["items"]


def test_the_json_and_csv_keep_the_filters_of_the_page(client):
    OrganisationFactory(name="Sutton", gss_code="E09000029", slug="sutton")
    OrganisationFactory(name="Kingston upon Thames", gss_code="E09000021", slug="kingston")

    body = json.loads(_streamed(client.get("/organisations.json?q=sutton")))
    assert [item["name"] for item in body["items"]] == ["Sutton"]
    assert b"Kingston" not in _streamed(client.get("/organisations.csv?q=sutton"))


class TestNamingAnOrganisation:
    @pytest.fixture
    def kingston(self):
        return OrganisationFactory(name="Kingston upon Thames", gss_code="E09000021", slug="kingston")

    @pytest.mark.parametrize("identifier", ["E09000021", "e09000021", " E09000021 ", "kingston", "Kingston"])
    def test_by_its_code_or_slug_in_any_case(self, kingston, identifier):
        assert Organisation.objects.find(identifier) == kingston
        assert list(Organisation.objects.identified_by(identifier)) == [kingston]

    def test_its_code_first(self, kingston):
        # A slug that reads like another body's code does not take the code's place.
        OrganisationFactory(name="Odd", gss_code=None, slug="e09000021")
        assert Organisation.objects.find("E09000021") == kingston

    def test_nothing_for_a_name_that_is_neither(self, kingston):
        assert Organisation.objects.find("nowhere") is None

    @pytest.mark.parametrize(
        "path",
        [
            "/organisations/e09000021/",
            "/organisations/Kingston/",
            "/api/v1/organisations/KINGSTON",
            "/api/v1/organisations/e09000021",
            "/pledges/daily.csv?organisation=e09000021",
            "/api/v1/pledges/count?organisation=Kingston",
        ],
    )
    def test_every_address_takes_the_same_rule(self, client, kingston, path):
        assert client.get(path, follow=True).status_code == 200, path

    def test_the_registers_filter_by_the_same_rule(self, kingston):
        for register in (commitments, projects):
            form, queryset = register.filtered({"organisation": "e09000021"})
            assert not form.errors
            sql = str(queryset.query)
            assert "E09000021" in sql and "e09000021" in sql, register.name
