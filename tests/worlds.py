"""Data that several of the tests across the apps start from."""

from datetime import timedelta

from django.utils import timezone

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.projects import services as project_services
from localdigital.signing.models import Approver, Signing
from localdigital.signing.tests.factories import (
    ApproverFactory,
    CommitmentFactory,
    CouncilFactory,
    SigningFactory,
    member_of,
)


def signatory_with_a_project(*, signed_days_ago: int, commitment: dict, project_title: str) -> dict:
    """Kingston, a signatory since some days ago with a signed chief executive and a commitment, and a
    project a member of Kingston registered: {"version", "kingston", "signing", "commitment", "owner",
    "project"}."""
    version = DeclarationVersionFactory()
    kingston = CouncilFactory(name="Kingston upon Thames", slug="kingston", gss_code="E09000021")
    signed = timezone.now() - timedelta(days=signed_days_ago)
    signing = SigningFactory(
        organisation=kingston, status=Signing.Status.SIGNED, signed_at=signed, declaration_version=version
    )
    ApproverFactory(
        signing=signing, status=Approver.Status.SIGNED, signed_name="Alex Chief", signed_at=signed
    )
    made = CommitmentFactory(signing=signing, **commitment)
    owner = member_of(kingston)
    project = project_services.create(
        kingston,
        owner,
        {
            "title": project_title, "problem": "Residents phone", "phase": "alpha",
            "status": "active", "collaboration": "share-ideas", "contact_name": "Pat",
            "contact_email": "pat@kingston.gov.uk", "budget": "under-50k", "tags": [],
        },
    )  # fmt: skip
    return {
        "version": version, "kingston": kingston, "signing": signing, "commitment": made, "owner": owner,
        "project": project,
    }  # fmt: skip
