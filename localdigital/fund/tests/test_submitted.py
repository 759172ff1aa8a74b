"""What the applicant and the people a bid concerns see and receive when it is submitted."""

import pytest
from django.core import mail
from django.urls import reverse

from localdigital.audit.models import AuditEvent
from localdigital.fund.tests.factories import ApplicationFactory, partner, signatory
from localdigital.signing.tests.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready():
    """A bid that meets every rule, with a partner confirmed by someone who works there."""
    lead = signatory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    application = ApplicationFactory(lead=lead, title="Bins <b>now</b>")
    sutton = signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
    confirmed = partner(application, sutton)
    confirmed.decided_by = member_of(sutton, "digital")
    confirmed.save()
    return application


def submit(client, application):
    client.force_login(application.created_by)
    response = client.post(reverse("fund:bid-check", args=[application.reference]))
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def test_the_confirmation_panel_shows_the_reference_as_words_not_markup(client, ready):
    page = submit(client, ready)

    assert f"Your reference<br><strong>{ready.reference}</strong>" in page
    assert "&lt;br&gt;" not in page and "&lt;strong&gt;" not in page


def test_what_people_typed_stays_escaped_on_the_confirmation_page(client, ready):
    page = submit(client, ready)

    assert "Bins <b>now</b>" not in page


def test_the_applicant_the_finance_officer_and_each_partner_get_a_receipt(client, ready):
    mail.outbox.clear()

    submit(client, ready)

    received = {message.to[0]: message for message in mail.outbox}
    assert set(received) == {ready.created_by.email, "s151@kingston.gov.uk", "digital@sutton.gov.uk"}
    applicant = received[ready.created_by.email]
    assert f"We have received your bid {ready.reference}" in applicant.subject
    assert ready.get_absolute_url() in applicant.body
    officer = received["s151@kingston.gov.uk"]
    assert officer.body.startswith("Dear Pat Finance,")
    assert "names you as its finance (Section 151) officer" in officer.body
    assert "£60,000" in officer.body
    at_sutton = received["digital@sutton.gov.uk"]
    assert "You confirmed that Sutton is a partner" in at_sutton.body
    assert "Bins <b>now</b>" in at_sutton.body  # plain text, as typed


def test_each_receipt_is_recorded_in_the_audit_trail(client, ready):
    submit(client, ready)

    sent = AuditEvent.objects.filter(action="bid receipt sent", object_id=str(ready.pk))
    assert sorted(event.after["to"] for event in sent) == sorted(
        [ready.created_by.email, "s151@kingston.gov.uk", "digital@sutton.gov.uk"]
    )


def test_one_person_in_two_roles_gets_one_receipt(client, ready):
    """Someone who works for the lead and a partner both (as with a shared service) started the bid and
    confirmed the partnership."""
    confirmed = ready.partners.get()
    confirmed.decided_by = ready.created_by
    confirmed.save()
    mail.outbox.clear()

    submit(client, ready)

    assert [message.to[0].lower() for message in mail.outbox].count(ready.created_by.email) == 1


def test_a_receipt_the_provider_refuses_does_not_undo_the_submission(client, ready, monkeypatch):
    def refuse(email):
        raise ConnectionError("provider unreachable")

    monkeypatch.setattr("localdigital.notifications.gateway._deliver", refuse)

    submit(client, ready)

    ready.refresh_from_db()
    assert ready.status == "submitted"
    assert AuditEvent.objects.filter(action="bid receipt not sent", object_id=str(ready.pk)).count() == 3
