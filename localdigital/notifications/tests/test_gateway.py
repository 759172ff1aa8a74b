import json
import uuid
from types import SimpleNamespace

import pytest
import responses
from django.core import mail
from django.test import override_settings

from localdigital.accounts.models import User
from localdigital.notifications import gateway
from localdigital.notifications.models import SentEmail

pytestmark = pytest.mark.django_db

NOTIFY_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
NOTIFY_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"


def test_without_notify_it_uses_django_email_and_keeps_a_record():
    gateway.send("a@kingston.gov.uk", "sign_in", {"link": "https://x/sign-in/abc/", "minutes": 60})

    assert mail.outbox[0].subject == "Your link to sign in to Local Digital"
    assert "https://x/sign-in/abc/" in mail.outbox[0].body
    record = SentEmail.objects.get()
    assert (record.to, record.status) == ("a@kingston.gov.uk", "sent")


def test_plain_text_emails_are_not_html_escaped():
    gateway.send(
        "a@x.gov.uk", "access_decided", {"approved": False, "organisation": "Brent & Harrow", "note": ""}
    )

    assert "Brent & Harrow" in mail.outbox[0].body


@override_settings(EMAIL_OUTBOX=False)
def test_with_the_outbox_off_no_body_and_so_no_link_is_stored():
    gateway.send("a@kingston.gov.uk", "sign_in", {"link": "https://x/sign-in/abc/", "minutes": 60})

    assert SentEmail.objects.get().body == ""


@override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
@responses.activate
def test_with_notify_configured_it_sends_through_notify():
    responses.post(NOTIFY_URL, json={"id": "notify-123"}, status=201)

    record = gateway.send("a@kingston.gov.uk", "sign_in", {"link": "https://x/sign-in/abc/", "minutes": 60})

    sent = json.loads(responses.calls[0].request.body)
    assert sent["email_address"] == "a@kingston.gov.uk"
    assert sent["template_id"] == "generic-template"
    assert sent["personalisation"]["subject"] == "Your link to sign in to Local Digital"
    assert "https://x/sign-in/abc/" in sent["personalisation"]["body"]
    assert record.provider_reference == "notify-123"
    assert sent["reference"] == f"sent-email-{record.pk}"  # our own record, to trace the email by
    assert mail.outbox == []


@override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
@responses.activate
def test_a_notify_failure_is_recorded_and_raised():
    responses.post(NOTIFY_URL, json={"errors": [{"error": "BadRequestError"}]}, status=400)

    with pytest.raises(gateway.EmailNotSent):
        gateway.send("a@kingston.gov.uk", "sign_in", {"link": "x", "minutes": 60})

    assert SentEmail.objects.get().status == "failed"


class TestTheOutbox:
    def test_staff_see_sent_emails_with_their_links(self, client):
        client.force_login(User.objects.create_superuser("team@localdigital.example", "a long test password"))
        link = "http://127.0.0.1:8000/sign-in/abc/"
        gateway.send("a@kingston.gov.uk", "sign_in", {"link": link, "minutes": 60})

        html = client.get("/outbox/").content.decode()

        assert "Your link to sign in to Local Digital" in html
        assert f'href="{link}"' in html

    def test_is_not_for_anyone_else(self, client):
        client.force_login(User.objects.create_user("a@kingston.gov.uk"))

        assert client.get("/outbox/").status_code == 302

    @override_settings(EMAIL_OUTBOX=False)
    def test_is_off_in_production(self, client):
        client.force_login(User.objects.create_superuser("team@localdigital.example", "a long test password"))

        assert client.get("/outbox/").status_code == 404


class TestWhenTheProviderFails:
    @override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
    @responses.activate
    def test_signing_in_says_so_and_keeps_the_address(self, client):
        responses.post(NOTIFY_URL, status=500)

        response = client.post("/sign-in/", {"email": "officer@kingston.gov.uk"})

        html = response.content.decode()
        assert response.status_code == 200
        assert "We could not send the email just now" in html
        assert 'value="officer@kingston.gov.uk"' in html

    @override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
    @responses.activate
    def test_a_journey_step_that_emails_is_undone_and_explained(self, client):
        from localdigital.signing.models import Signing
        from localdigital.signing.tests.factories import ApproverFactory, CommitmentFactory, SigningFactory

        signing = SigningFactory()
        ApproverFactory(signing=signing)
        ApproverFactory(
            signing=signing,
            role="political-leader",
            email=f"leader@{signing.organisation.domains.first().domain}",
        )
        CommitmentFactory(signing=signing)
        client.force_login(signing.started_by)
        responses.post(NOTIFY_URL, status=500)

        response = client.post(f"/sign/{signing.organisation.identifier}/check-your-answers/")

        signing.refresh_from_db()
        assert response.status_code == 503
        assert "Nothing was saved" in response.content.decode()
        assert signing.status == Signing.Status.DRAFT


def test_records_of_sent_email_are_deleted_after_90_days_but_a_queued_email_never():
    from datetime import timedelta

    from django.utils import timezone

    from localdigital.audit.models import AuditEvent

    long_ago = timezone.now() - timedelta(days=91)
    for status, created_at in [
        ("sent", long_ago),
        ("failed", long_ago),
        ("queued", long_ago),
        ("sent", None),
    ]:
        SentEmail.objects.create(
            to="a@kingston.gov.uk",
            template="sign_in",
            subject="Your link",
            status=status,
            created_at=created_at or timezone.now(),
        )

    assert gateway.purge_sent() == 2

    left = SentEmail.objects.order_by("created_at").values_list("status", flat=True)
    assert list(left) == ["queued", "sent"]
    assert AuditEvent.objects.get(action="old email records purged").after == {"deleted": 2}


class TestSubjectsAreOneLine:
    """A line break typed into a title or name never reaches a subject line, where it would stop the
    email (and the action that sends it) with an error."""

    def test_a_title_with_a_carriage_return_gives_a_one_line_subject_and_keeps_the_body(self):
        project = SimpleNamespace(title="Bulky waste\r\ncollection", lead=SimpleNamespace(name="Kingston"))
        update = SimpleNamespace(body="We have started.\r\nMore soon.")

        gateway.send("a@x.gov.uk", "project_update", {"project": project, "update": update, "link": "/p/"})

        sent = mail.outbox[0]
        assert sent.subject == "Update on Bulky waste collection"
        assert "We have started.\nMore soon." in sent.body
        assert SentEmail.objects.get().subject == "Update on Bulky waste collection"

    @pytest.mark.parametrize("name", ["Sam\r\nChief", "Sam\nChief", "Sam\rChief", "Sam \t\u2028 Chief"])
    def test_every_kind_of_line_break_in_a_name_is_collapsed(self, name):
        approver = SimpleNamespace(name=name, job_title="Chief executive")

        gateway.send(
            "a@x.gov.uk",
            "approver_declined",
            {"approver": approver, "organisation": "Brent\r\nCouncil", "reason": "No", "link": "/s/"},
        )

        assert mail.outbox[0].subject == "Sam Chief has not signed the Declaration for Brent Council"

    def test_a_bid_title_with_a_line_break_gives_a_one_line_subject(self):
        application = SimpleNamespace(
            title="Bins\r\nBid", reference="LDF-1", round=SimpleNamespace(name="R1")
        )

        subject, _body = gateway.render(
            "fund_decision", {"funded": False, "application": application, "feedback": "Thanks"}
        )

        assert subject == "Your bid has not been funded: Bins Bid"
