"""A register answers 304 only when nothing it shows has changed: its validators cover every model shown."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import parse_http_date

from localdigital.declaration.models import DeclarationVersion
from localdigital.fund import open_data
from localdigital.fund.models import Application, Round
from localdigital.fund.tests.factories import ApplicationFactory
from localdigital.organisations.models import Organisation
from localdigital.projects import services as project_services
from localdigital.projects.models import (
    Project,
    ProjectOutput,
    ProjectPartner,
    ProjectUpdate,
    SimilarityVector,
)
from localdigital.projects.register import projects, updates
from localdigital.service_list.models import Service
from localdigital.signing.models import Approver, Commitment, CommitmentPartner, Signing
from localdigital.signing.register import commitments, signatories
from localdigital.signing.tests.factories import (
    ApproverFactory,
    CommitmentFactory,
    CouncilFactory,
)

from .worlds import signatory_with_a_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A signatory with a signed chief executive and a published commitment, and a project."""
    made = signatory_with_a_project(
        signed_days_ago=30,
        commitment={"state": Commitment.State.PUBLISHED},
        project_title="Report missed bins online",
    )
    sutton = CouncilFactory(name="Sutton", slug="sutton", gss_code="E09000029")
    service = Service.objects.create(code=524, label="Missed bin collections")
    funded = ApplicationFactory(
        lead=made["kingston"], status=Application.Status.FUNDED, decided_at=timezone.now() - timedelta(days=1)
    )
    return {**made, "sutton": sutton, "service": service, "funded": funded}


def _reaffirm(world):
    """A new chief executive re-affirms the Declaration: one more signed approver, nothing else."""
    ApproverFactory(
        signing=world["signing"], status=Approver.Status.SIGNED, name="Sam New",
        signed_name="Sam New", signed_at=timezone.now(),
    )  # fmt: skip


def _new_commitment(world):
    CommitmentFactory(signing=world["signing"], title="Book a bulky waste collection", state="published")


def _partner_confirms(world):
    CommitmentPartner.objects.create(
        commitment=world["commitment"],
        organisation=world["sutton"],
        status="confirmed",
        decided_at=timezone.now(),
    )


def _withdraw(world):
    signing = world["signing"]
    signing.status, signing.withdrawn_at = Signing.Status.WITHDRAWN, timezone.now()
    signing.save()


def _rename_organisation(world):
    world["kingston"].name = "Royal Borough of Kingston upon Thames"
    world["kingston"].save()


def _edit_version(world):
    world["version"].save()


def _new_service(world):
    Service.objects.create(code=1, label="Adult social care assessments")


def _edit_project(world):
    world["project"].title = "Report missed bins and bulky waste online"
    world["project"].save()


def _project_partner_confirmed(world):
    ProjectPartner.objects.create(
        project=world["project"], organisation=world["sutton"], status=ProjectPartner.Status.CONFIRMED,
        requested_by=world["project"].owner,
    )  # fmt: skip


def _new_output(world):
    ProjectOutput.objects.create(
        project=world["project"], kind="code", label="Source code", url="https://example.org/code"
    )


def _post_update(world):
    project_services.post_update(world["project"], world["project"].owner, "Sprint 2: a prototype")


def _edit_bid(world):
    world["funded"].title = "Missed bin reports that reach the crew, in three councils"
    world["funded"].save()


def _rename_round(world):
    world["funded"].round.name = "Local Digital Fund round 7"
    world["funded"].round.save()


def _new_embedding(world):
    SimilarityVector.objects.create(key="project:0", text_hash="0" * 64, vector=b"\0" * 4)


# One change a person could make to each model a register shows.
CHANGES = {
    Signing: _withdraw,
    Approver: _reaffirm,
    Commitment: _new_commitment,
    CommitmentPartner: _partner_confirms,
    Organisation: _rename_organisation,
    DeclarationVersion: _edit_version,
    Service: _new_service,
    Project: _edit_project,
    ProjectPartner: _project_partner_confirmed,
    ProjectOutput: _new_output,
    ProjectUpdate: _post_update,
    Application: _edit_bid,
    Round: _rename_round,
    SimilarityVector: _new_embedding,  # a search finds projects and commitments by their embeddings
}

SIGNATORY_SOURCES = signatories.depends_on
COMMITMENT_SOURCES = commitments.depends_on
PROJECT_SOURCES = projects.depends_on
ACTIVITY_SOURCES = updates.depends_on
REGISTERS = [
    ("/signatories/", SIGNATORY_SOURCES),
    ("/signatories/kingston/", SIGNATORY_SOURCES),
    ("/signatories.csv", SIGNATORY_SOURCES),
    ("/api/v1/signatories", SIGNATORY_SOURCES),
    ("/commitments/", COMMITMENT_SOURCES),
    ("/commitments.csv", COMMITMENT_SOURCES),
    ("/api/v1/commitments", COMMITMENT_SOURCES),
    ("/projects/", PROJECT_SOURCES),
    ("/projects.csv", PROJECT_SOURCES),
    ("/api/v1/projects", PROJECT_SOURCES),
    ("/projects/activity/", ACTIVITY_SOURCES),
    ("/declaration/", (DeclarationVersion, *SIGNATORY_SOURCES)),
    ("/fund/360giving.json", open_data.SOURCES),
    ("/fund/360giving.csv", open_data.SOURCES),
]
CASES = [(address, model) for address, sources in REGISTERS for model in sources]


@pytest.mark.parametrize(("address", "model"), CASES, ids=[f"{a} {m.__name__}" for a, m in CASES])
def test_changing_any_model_a_register_shows_changes_its_validators(client, world, address, model):
    client.get(address)  # the first reader of the day tallies the pledge counts some pages show
    before = client.get(address)
    assert before.status_code == 200
    assert client.get(address, headers={"if-none-match": before["ETag"]}).status_code == 304

    CHANGES[model](world)

    after = client.get(address, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200, f"{address} answered 304 after a change to {model.__name__}"
    assert after["ETag"] != before["ETag"]


def test_a_reaffirmation_moves_the_signatory_page_on_even_within_the_same_second(client, world):
    before = client.get("/signatories/kingston/")
    _reaffirm(world)

    after = client.get(
        "/signatories/kingston/",
        headers={"if-none-match": before["ETag"], "if-modified-since": before["Last-Modified"]},
    )
    assert after.status_code == 200
    assert "Sam New" in after.content.decode()
    assert after["Last-Modified"] >= before["Last-Modified"]


def test_last_modified_is_when_the_register_last_changed_never_a_future_expiry(client, world):
    later = timezone.now() + timedelta(days=7)
    ApproverFactory(signing=world["signing"], role="political-leader", link_expires_at=later)

    response = client.get("/signatories.csv")

    modified = response["Last-Modified"]
    assert modified
    assert parse_http_date(modified) <= timezone.now().timestamp()


@pytest.mark.parametrize("address", [address for address, _sources in REGISTERS])
def test_checking_a_register_is_current_takes_one_query_however_many_models_it_shows(
    client, world, address, django_assert_num_queries
):
    client.get(address)
    etag = client.get(address)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(address, headers={"if-none-match": etag}).status_code == 304
