# ruff: noqa: F811 (the fixtures imported from test_services are used by name)
"""Changing a senior approver once the programme team has reviewed a signing (or after it is signed).

The senior approval is the Declaration's promise: a member must never be able to make themselves, or
anyone the programme team has not checked, the chief executive or leader.
"""

from html import unescape

import pytest
from django.core import mail

from localdigital.audit.models import AuditEvent
from localdigital.platform import links
from localdigital.signing import services
from localdigital.signing.models import Approver, Signing
from localdigital.signing.tests.test_services import (  # noqa: F401 (fixtures)
    council,
    officer,
    ready_to_submit,
    sign_all,
    signatory,
    staff,
    tokens_from_emails,
    version,
)

pytestmark = pytest.mark.django_db


CHIEF = "/sign/{}/approvers/chief-executive/"
LEADER = "/sign/{}/approvers/leader/"


@pytest.fixture
def sent(council, officer, staff, version):
    """Kingston's signing, sent by the programme team to its approvers."""
    signing = ready_to_submit(council, officer)
    services.submit(signing, officer)
    services.send_for_signature(signing, staff)
    signing.refresh_from_db()
    return signing


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def rename_chief(client, signing, email, name="Pat Insider"):
    return client.post(
        CHIEF.format(signing.organisation.identifier),
        {"name": name, "job_title": "Chief Executive", "email": email},
    )


def errors(response) -> str:
    return unescape(response.content.decode())


@pytest.mark.parametrize("stage", ["sent", "signatory"])
def test_a_member_cannot_become_the_chief_executive(stage, request, officer_client):
    signing = request.getfixturevalue(stage)
    emails_before = len(mail.outbox)

    response = rename_chief(officer_client, signing, "officer@kingston.gov.uk")

    assert response.status_code == 200
    assert "Enter the email address of the person who will sign, not your own" in errors(response)
    assert len(mail.outbox) == emails_before
    assert not signing.approvers.filter(email="officer@kingston.gov.uk").exists()


@pytest.mark.parametrize("stage", ["sent", "signatory"])
def test_a_new_nominee_gets_no_link_until_the_programme_team_has_checked_them(
    stage, request, officer_client, staff
):
    signing = request.getfixturevalue(stage)

    response = rename_chief(officer_client, signing, "accomplice@kingston.gov.uk")

    assert response.status_code == 302
    assert "accomplice@kingston.gov.uk" not in tokens_from_emails()
    assert services.review_queue()[-1].review.kind == "approver"
    signing.refresh_from_db()
    assert signing.status == ("awaiting-signatures" if stage == "sent" else "signed")
    services.decide_approver_change(signing, staff, approve=True)
    assert "accomplice@kingston.gov.uk" in tokens_from_emails()


def test_the_programme_team_can_turn_a_new_nominee_down(sent, officer_client, officer, staff):
    rename_chief(officer_client, sent, "accomplice@kingston.gov.uk")

    services.decide_approver_change(sent, staff, approve=False, message="This is not your chief executive")

    assert "accomplice@kingston.gov.uk" not in tokens_from_emails()
    assert sent.approvers.get(email="accomplice@kingston.gov.uk").status == "replaced"
    told = mail.outbox[-1]
    assert told.to == [officer.email]
    assert "This is not your chief executive" in told.body
    sent.refresh_from_db()
    assert sent.status == "awaiting-signatures"
    assert not services.review_queue()


def test_a_plus_address_of_ones_own_is_still_ones_own(sent, officer_client):
    response = rename_chief(officer_client, sent, "Officer+ceo@kingston.gov.uk")

    assert "not your own" in errors(response)


def test_one_address_cannot_hold_both_roles(council, officer, officer_client):
    signing = ready_to_submit(council, officer)

    response = officer_client.post(
        LEADER.format(council.identifier),
        {"name": "Alex Chief", "job_title": "Leader", "email": "chief@kingston.gov.uk"},
    )

    assert response.status_code == 200
    assert (
        "Enter a different email address from the chief executive or head of paid service's: "
        "one person cannot sign for both roles" in errors(response)
    )
    assert signing.approvers.get(role=Approver.Role.POLITICAL_LEADER).email == "leader@kingston.gov.uk"


def test_the_address_rules_are_explained_in_welsh_on_the_welsh_page(council, officer, officer_client):
    ready_to_submit(council, officer)
    leader = "/cy" + LEADER.format(council.identifier)

    both = officer_client.post(
        leader, {"name": "Alex Chief", "job_title": "Arweinydd", "email": "chief@kingston.gov.uk"}
    )
    own = officer_client.post(
        leader, {"name": "Alex Chief", "job_title": "Arweinydd", "email": officer.email}
    )

    assert (
        "Rhowch gyfeiriad e-bost gwahanol i un y prif weithredwr neu bennaeth y gwasanaeth cyflogedig: "
        "ni all un person lofnodi ar gyfer y ddwy rôl" in errors(both)
    )
    assert "Rhowch gyfeiriad e-bost y person a fydd yn llofnodi, nid eich un chi" in errors(own)
    assert "Enter " not in errors(both) + errors(own)


def test_the_service_itself_refuses_both_rules(sent, officer):
    for email in ("officer@kingston.gov.uk", "leader@kingston.gov.uk"):
        with pytest.raises(services.ValidationError):
            services.nominate(
                sent,
                officer,
                role=Approver.Role.HEAD_OF_PAID_SERVICE,
                name="Someone",
                job_title="Chief Executive",
                email=email,
            )


def test_the_replaced_approver_is_told_and_their_link_stops_working(sent, officer_client):
    old_token = tokens_from_emails()["chief@kingston.gov.uk"]

    rename_chief(officer_client, sent, "newchief@kingston.gov.uk", name="Jo New")

    told = [message for message in mail.outbox if message.to == ["chief@kingston.gov.uk"]][-1]
    assert "Jo New, Chief Executive" in told.body
    assert "no longer works" in told.body
    with pytest.raises(links.LinkProblem) as problem:
        services.find_approver(old_token)
    assert problem.value.reason == "replaced"


def test_a_signer_is_told_when_someone_is_named_to_reaffirm_in_their_place(signatory, officer_client):
    rename_chief(officer_client, signatory, "newchief@kingston.gov.uk", name="Jo New")

    told = [message for message in mail.outbox if message.to == ["chief@kingston.gov.uk"]][-1]
    assert "Jo New, Chief Executive" in told.body
    assert "You stay on the signed record until they sign" in told.body
    assert signatory.approvers.get(email="chief@kingston.gov.uk").status == "signed"


def test_every_change_of_approver_is_in_the_history(signatory, officer_client, officer, staff):
    rename_chief(officer_client, signatory, "newchief@kingston.gov.uk", name="Jo New")
    services.decide_approver_change(signatory, staff, approve=True)
    services.sign(tokens_from_emails()["newchief@kingston.gov.uk"], "Jo New")

    actions = list(AuditEvent.objects.filter(action__startswith="approver").values_list("action", flat=True))
    assert {"approver nominated", "approver asked to sign", "approver signed"} <= set(actions)
    assert AuditEvent.objects.filter(
        action="approver change submitted", object_id=str(signatory.pk), actor=officer
    ).exists()
    assert AuditEvent.objects.filter(
        action="approver change sent for signature", object_id=str(signatory.pk), actor=staff
    ).exists()
    page = unescape(officer_client.get(f"/sign/{signatory.organisation.identifier}/").content.decode())
    history = page[page.index("History of approvers") :]
    assert "Alex Chief, Chief Executive" in history and "Jo New, Chief Executive" in history
    assert "Replaced" in history
    signatory.refresh_from_db()
    assert signatory.status == Signing.Status.SIGNED
