# ruff: noqa: F811 (the fixtures imported from test_services are used by name)
"""After each thing a person does in signing, they are told it worked."""

import pytest
from django.contrib.messages import get_messages

from localdigital.signing import services
from localdigital.signing.models import CommitmentPartner
from localdigital.signing.tests.factories import CouncilFactory, member_of
from localdigital.signing.tests.test_services import (  # noqa: F401 (fixtures)
    add_commitment,
    council,
    officer,
    ready_to_submit,
    signatory,
    staff,
    version,
)

pytestmark = pytest.mark.django_db


def told(response) -> str:
    """The latest message waiting to be shown (earlier ones wait too while no page has shown them)."""
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


def test_the_applicant_is_told_each_step_worked(council, officer, client):
    client.force_login(officer)
    base = f"/sign/{council.identifier}"

    assert told(client.post(f"{base}/start/")) == "You have started signing for Kingston upon Thames"
    response = client.post(
        f"{base}/approvers/chief-executive/",
        {"name": "Alex Chief", "job_title": "Chief Executive", "email": "chief@kingston.gov.uk"},
    )
    assert told(response) == "You have named Alex Chief"
    signing = council.signings.get()
    commitment = add_commitment(signing, officer, title="Open up our planning data")
    response = client.post(f"{base}/commitments/{commitment.pk}/remove/")
    assert told(response) == "“Open up our planning data” is removed"


def test_a_signatory_is_told_a_new_approver_waits_for_the_programme_team(signatory, officer, client):
    client.force_login(officer)

    response = client.post(
        f"/sign/{signatory.organisation.identifier}/approvers/leader/",
        {"name": "Jo New", "job_title": "Leader", "email": "newleader@kingston.gov.uk"},
    )

    assert told(response) == (
        "You have named Jo New. The programme team will check the change before we ask them to sign"
    )


def test_a_partner_is_told_their_confirmation_worked(signatory, client):
    sutton = CouncilFactory(name="Sutton", slug="sutton", gss_code="E09000029", domain="sutton.gov.uk")
    partnership = CommitmentPartner.objects.create(
        commitment=signatory.commitments.get(), organisation=sutton
    )
    client.force_login(member_of(sutton))

    response = client.post(f"/partnerships/{partnership.pk}/confirm/")

    assert told(response) == (
        "You have confirmed that Sutton is a partner on “Report missed bins online”. It now shows publicly"
    )


@pytest.mark.parametrize(
    ("decision", "message", "expected"),
    [
        ("send", "", "Kingston upon Thames's signing has been sent to its senior approvers to sign"),
        (
            "changes",
            "Name a partner",
            "Kingston upon Thames has been asked for changes and emailed what to change",
        ),
    ],
)
def test_the_programme_team_is_told_their_decision_was_made(
    council, officer, staff, version, client, decision, message, expected
):
    signing = ready_to_submit(council, officer)
    services.submit(signing, officer)
    client.force_login(staff)

    response = client.post(f"/review/{signing.pk}/", {"decision": decision, "message": message})

    assert response.status_code == 302
    assert told(response) == expected
