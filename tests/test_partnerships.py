"""One partnership service for every kind of partnership: commitments, bids and projects."""

import pytest
from django.core import mail
from django.urls import reverse

from localdigital.audit.models import AuditEvent
from localdigital.fund import services as fund
from localdigital.fund.tests.factories import ApplicationFactory, signatory
from localdigital.organisations import partnerships
from localdigital.projects import services as projects
from localdigital.projects.tests.factories import project_data
from localdigital.signing.models import Signing
from localdigital.signing.tests.factories import CommitmentFactory, CouncilFactory, member_of

pytestmark = pytest.mark.django_db

KINDS = ["commitment", "bid", "project"]


@pytest.fixture
def kingston():
    return signatory(
        name="Kingston upon Thames", slug="kingston", gss_code="E09000021", domain="kingston.gov.uk"
    )


@pytest.fixture
def sutton():
    return CouncilFactory(name="Sutton", slug="sutton", gss_code="E09000029", domain="sutton.gov.uk")


def name(kind: str, kingston, sutton):
    """The owner of some work at Kingston names Sutton as a partner on it: (partnership, owner)."""
    owner = member_of(kingston, f"owner-of-the-{kind}")
    if kind == "commitment":
        commitment = CommitmentFactory(signing=Signing.objects.get(organisation=kingston), created_by=owner)
        return partnerships.invite(commitment.partnerships.model, commitment, sutton, owner), owner
    if kind == "bid":
        bid = ApplicationFactory(lead=kingston, created_by=owner)
        return fund.name_partner(bid, sutton, owner), owner
    project = projects.create(kingston, owner, project_data(tags=[]))
    return projects.name_partner(project, sutton, owner), owner


@pytest.mark.parametrize("kind", KINDS)
def test_a_named_partner_waits_for_someone_from_it(kind, kingston, sutton):
    partnership, owner = name(kind, kingston, sutton)
    someone_at_sutton = member_of(sutton)

    assert partnership.status == partnerships.PartnerStatus.INVITED
    assert partnership.kind.name == kind
    assert partnerships.waiting_for(someone_at_sutton) == [partnership]
    assert partnerships.waiting_for(owner) == []
    assert partnership not in type(partnership).objects.confirmed()


@pytest.mark.parametrize("kind", KINDS)
def test_someone_from_the_partner_confirms_and_it_shows(kind, kingston, sutton):
    partnership, owner = name(kind, kingston, sutton)
    someone_at_sutton = member_of(sutton)
    mail.outbox.clear()

    confirmed = partnerships.confirm(partnership, someone_at_sutton)

    assert (confirmed.status, confirmed.decided_by) == ("confirmed", someone_at_sutton)
    assert confirmed.decided_at is not None
    assert list(type(partnership).objects.confirmed()) == [confirmed]
    assert partnerships.waiting_for(someone_at_sutton) == []
    event = AuditEvent.objects.filter(object_id=str(partnership.pk)).order_by("-pk").first()
    assert event.actor == someone_at_sutton
    assert event.after == {"status": "confirmed", "organisation": "Sutton"}
    # The bid's applicant is told, as before; the other kinds send nothing.
    assert [message.to for message in mail.outbox] == ([[owner.email]] if kind == "bid" else [])


@pytest.mark.parametrize("kind", KINDS)
def test_someone_from_the_partner_declines_and_it_never_shows(kind, kingston, sutton):
    partnership, _ = name(kind, kingston, sutton)
    someone_at_sutton = member_of(sutton)

    declined = partnerships.decline(partnership, someone_at_sutton)

    assert (declined.status, declined.decided_by) == ("declined", someone_at_sutton)
    assert not type(partnership).objects.confirmed().exists()
    assert partnerships.waiting_for(someone_at_sutton) == []
    # Answering again changes nothing.
    assert partnerships.confirm(declined, someone_at_sutton).status == "declined"


@pytest.mark.parametrize("kind", KINDS)
def test_only_people_from_the_partner_may_answer(kind, kingston, sutton):
    partnership, owner = name(kind, kingston, sutton)
    outsider = member_of(CouncilFactory(name="Merton", slug="merton", domain="merton.gov.uk"))

    for person in (owner, outsider):
        with pytest.raises(partnerships.NotAllowed, match="Only people who work for Sutton"):
            partnerships.confirm(partnership, person)
        with pytest.raises(partnerships.NotAllowed):
            partnerships.decline(partnership, person)

    partnership.refresh_from_db()
    assert partnership.status == "invited" and partnership.decided_by is None


def test_waiting_for_gathers_every_kind_for_one_person(kingston, sutton, client):
    waiting = {kind: name(kind, kingston, sutton)[0] for kind in KINDS}
    someone_at_sutton = member_of(sutton)

    assert sorted(p.kind.name for p in partnerships.waiting_for(someone_at_sutton)) == sorted(KINDS)
    client.force_login(someone_at_sutton)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Partnerships to confirm" in page
    assert "Projects naming your organisation as a partner" in page
    assert "1 bid names your organisation as a partner" in page
    assert waiting["commitment"].answer_url() in page and waiting["project"].answer_url() in page


@pytest.mark.parametrize("kind", ["commitment", "project"])
def test_the_partner_declines_from_the_account_page(kind, kingston, sutton, client):
    partnership, _ = name(kind, kingston, sutton)
    client.force_login(member_of(sutton))

    response = client.post(partnership.answer_url(), {"answer": "decline"})

    partnership.refresh_from_db()
    assert response.url == reverse("accounts:account")
    assert partnership.status == "declined"
    assert "Partnerships to confirm" not in client.get(response.url).content.decode()


def test_waiting_for_someone_signed_out_or_of_no_organisation_is_nothing(kingston, sutton):
    from django.contrib.auth.models import AnonymousUser

    from localdigital.accounts.models import User

    name("bid", kingston, sutton)

    assert partnerships.waiting_for(AnonymousUser()) == []
    assert partnerships.waiting_for(User.objects.create_user("someone@example.com")) == []
