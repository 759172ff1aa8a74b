"""Each register's every output (page, API list, CSV, JSON, Atom feed) reads only the tables of the models
it declares it shows, so that its validators (made from those tables) change whenever its output can."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bench.register_data import Sizes, make
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.registers.filters import Choices, Sort, Text
from localdigital.registers.reads import declared_tables, tables_read, undeclared_reads
from localdigital.registers.register import Register, every_register
from localdigital.service_list.models import Service

pytestmark = pytest.mark.django_db

SIZES = Sizes(
    signatories=3, commitments_each=2, projects_each=2, other_projects=2, updates_each=2,
    partners_each=1, pledges=2, rounds=1, awards_each=1,
)  # fmt: skip


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _addresses(register: Register) -> list[str]:
    """Where the service publishes the register: each of its views in the URLs, and its API list."""
    views = [register.page if register.template else None]
    views += [register.csv, register.json] if register.row else []
    views += [register.feed] if register.feed_entry else []
    found = [
        "/" + route
        for route, callback in _patterns(get_resolver().url_patterns)
        if "<" not in route and any(callback is view for view in views if view is not None)
    ]
    if register.api_url_name:
        found.append(reverse(f"api-v1:{register.api_url_name}"))
    return found


def _every_filter(register: Register) -> str:
    """A query that uses each filter the register has (so that each filter's lookups run too)."""
    params = []
    for name, each in register.filters.items():
        if isinstance(each, Text):
            params.append(f"{name}=kingston")
        elif isinstance(each, Choices):
            choices = each.choices() if callable(each.choices) else each.choices
            params.append(f"{name}={choices[0][0]}")
        elif isinstance(each, Sort):
            params.append(f"{name}={list(each.orderings)[-1]}")
    return "?" + "&".join(params) if params else ""


def _cases():
    get_resolver().url_patterns  # noqa: B018 (loading the URLs imports every domain's registers)
    for register in every_register():
        for address in _addresses(register):
            for query in ("", _every_filter(register)):
                yield pytest.param(register, address + query, id=f"{register.name} {address}{query}")


@pytest.fixture
def data(db):
    OrganisationFactory.create_batch(12)
    Service.objects.bulk_create(Service(code=code, label=f"Service {code}") for code in range(1, 5))
    return make(SIZES, quiet=True)


@pytest.mark.parametrize(("register", "address"), list(_cases()))
def test_each_output_of_a_register_reads_only_what_it_declares(client, data, register, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (address, body[:300])
    read = tables_read(query["sql"] for query in queries)
    assert read, address
    assert not undeclared_reads((query["sql"] for query in queries), register.depends_on), (
        f"{address} reads tables {register.name} does not declare"
    )


def test_every_register_is_published_somewhere():
    get_resolver().url_patterns  # noqa: B018
    names = {register.name for register in every_register()}
    assert {"organisations", "signatories", "commitments", "projects", "updates"} <= names
    for register in every_register():
        assert _addresses(register), register.name


def test_the_check_names_a_table_read_but_not_declared():
    from localdigital.projects.models import Project, ProjectPartner

    statements = [
        'SELECT "projects_project"."id" FROM "projects_project" '
        'INNER JOIN "organisations_organisation" ON (1) WHERE "id" IN (SELECT U0."id" FROM '
        '"projects_projectpartner" U0)'
    ]
    tables = {"projects_project", "organisations_organisation", "projects_projectpartner"}
    assert tables_read(statements) == tables
    assert undeclared_reads(statements, [Project, ProjectPartner]) == {"organisations_organisation"}
    assert "projects_project_commitments" in declared_tables([Project])
