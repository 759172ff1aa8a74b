"""What the registers keep to answer fast at 10x data, and that what is kept never shows stale or to the
wrong person: whole pages for anyone signed out (with a fresh nonce each time), a page's filter choices,
and the exports' rows made from plain values."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench.register_data import Sizes, make
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.platform import caches
from localdigital.projects import services as project_services
from localdigital.projects.models import Project, ProjectOutput, ProjectPartner
from localdigital.registers.register import every_register
from localdigital.service_list.models import Service
from localdigital.signing.models import CommitmentPartner
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db

SOME = Sizes(
    signatories=3, commitments_each=3, projects_each=3, other_projects=3, updates_each=2,
    partners_each=2, pledges=3, rounds=2, awards_each=2,
)  # fmt: skip


@pytest.fixture(autouse=True)
def _empty_caches():
    caches.forget_all()
    cache.clear()
    yield
    caches.forget_all()
    cache.clear()


@pytest.fixture
def council():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", gss_code="E09000021")


def _project(council, title: str, service: Service | None = None) -> Project:
    project = project_services.create(
        council,
        member_of(council, f"officer{Project.objects.count()}"),
        {
            "title": title, "problem": "Residents phone", "phase": "alpha", "status": "active",
            "collaboration": "share-ideas", "contact_name": "Pat", "contact_email": "pat@kingston.gov.uk",
            "budget": "under-50k", "tags": [],
        },
    )  # fmt: skip
    if service is not None:
        project.service = service
        project.save()
    return project


def _nonce(response) -> str:
    header = response["Content-Security-Policy"]
    return re.search(r"'nonce-([^']+)'", header).group(1)


def test_a_second_person_signed_out_gets_the_kept_page_with_a_nonce_of_its_own(client, council):
    _project(council, "Report missed bins online")
    first = client.get("/projects/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/projects/")
    assert second.status_code == 200
    assert len(queries) == 1  # the validators alone
    assert b"Report missed bins online" in second.content
    nonces = {_nonce(first), _nonce(second)}
    assert len(nonces) == 2
    for response in (first, second):
        assert f'nonce="{_nonce(response)}"'.encode() in response.content
    assert first.content.replace(_nonce(first).encode(), b"") == second.content.replace(
        _nonce(second).encode(), b""
    )


def test_a_change_to_the_data_shows_on_the_next_request(client, council):
    _project(council, "Report missed bins online")
    assert b"Book a bulky waste collection" not in client.get("/projects/").content
    _project(council, "Book a bulky waste collection")
    assert b"Book a bulky waste collection" in client.get("/projects/").content


def test_the_same_parameters_in_another_order_share_a_page_and_other_parameters_do_not(client, council):
    _project(council, "Report missed bins online")
    client.get("/projects/?phase=alpha&status=active")
    with CaptureQueriesContext(connection) as queries:
        client.get("/projects/?status=active&phase=alpha")
    assert len(queries) == 1
    assert b"No projects match" in client.get("/projects/?phase=live").content


def test_someone_signed_in_never_gets_the_page_kept_for_those_signed_out(client, council):
    _project(council, "Report missed bins online")
    signed_out = client.get("/projects/")
    assert b"Sign out" not in signed_out.content
    client.force_login(member_of(council, "reader"))
    signed_in = client.get("/projects/")
    assert b"Sign out" in signed_in.content
    client.logout()
    # Nor is a signed-in person's page kept for those signed out.
    assert b"Sign out" not in client.get("/projects/").content


def test_a_request_with_a_session_renders_its_own_page(client, council):
    _project(council, "Report missed bins online")
    client.get("/projects/")
    client.cookies["sessionid"] = "anything"
    with CaptureQueriesContext(connection) as queries:
        client.get("/projects/")
    assert len(queries) > 1


def test_a_filters_choices_follow_the_data(client, council):
    bins = Service.objects.create(code=524, label="Missed bin collections")
    Service.objects.create(code=1, label="Adult social care assessments")
    _project(council, "Report missed bins online", service=bins)
    assert b"Adult social care assessments" not in client.get("/projects/").content
    cache.clear()  # the page's own copy aside: the choices are kept per data version too
    care = Service.objects.get(code=1)
    _project(council, "Book a care assessment", service=care)
    page = client.get("/projects/")
    assert b"Adult social care assessments" in page.content
    assert b"Book a care assessment" in client.get("/projects/?service=1").content
    assert b"Report missed bins online" not in client.get("/projects/?service=1").content


def test_the_exports_rows_from_values_are_the_rows_from_instances():
    OrganisationFactory.create_batch(6)
    Service.objects.bulk_create(Service(code=code, label=f"Service {code}") for code in range(1, 5))
    make(SOME, tag="v", quiet=True)
    # A row changed after it was added moves on disk (PostgreSQL writes a new version at the table's end),
    # so a list read without an order comes back in another order from the one it was added in.
    for partner in ProjectPartner.objects.order_by("pk")[::2]:
        partner.save()
    for partner in CommitmentPartner.objects.order_by("pk")[::2]:
        partner.save()
    for output in ProjectOutput.objects.order_by("pk")[::2]:
        output.save()
    assert (
        ProjectPartner.objects.filter(status=ProjectPartner.Status.CONFIRMED)
        .values("project")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    checked = []
    for register in every_register():
        if register.values is None:
            continue
        queryset = register.apply(register.form({}))
        from_values = list(register.rows(queryset))
        from_instances = [register.row(item) for item in queryset]
        assert from_values, register.name
        assert from_values == from_instances, register.name
        checked.append(register.name)
    assert {"projects", "commitments"} <= set(checked)


def test_an_api_list_is_kept_per_data_version_and_a_change_shows_on_the_next_request(client, council):
    _project(council, "Report missed bins online")
    first = client.get("/api/v1/projects")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/api/v1/projects")
    assert len(queries) == 1  # the validators alone
    assert second.json() == first.json()
    _project(council, "Book a bulky waste collection")
    titles = [item["title"] for item in client.get("/api/v1/projects").json()["items"]]
    assert "Book a bulky waste collection" in titles
    assert client.get("/api/v1/projects?limit=0").status_code == 400  # a problem is never kept


def test_an_api_list_asked_by_someone_signed_in_is_worked_out_for_them(client, council):
    _project(council, "Report missed bins online")
    client.get("/api/v1/projects")
    client.force_login(member_of(council, "reader"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/projects").status_code == 200
    assert len(queries) > 1
