import json
import uuid

import pytest
import responses
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import F
from django.test import override_settings

from localdigital.notifications import gateway
from localdigital.notifications.models import SentEmail
from localdigital.notifications.tests.messages import Note

pytestmark = pytest.mark.django_db

NOTIFY_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
NOTIFY_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"


def staff_member():
    return get_user_model().objects.create_superuser("team@localdigital.example", "a long test password")


def test_without_notify_it_uses_django_email_and_keeps_a_record():
    Note(title="Bins").send("a@kingston.gov.uk")

    assert mail.outbox[0].subject == "A note about Bins for Brent & Harrow"
    assert "https://x/sign-in/abc/" in mail.outbox[0].body
    record = SentEmail.objects.get()
    assert (record.to, record.status, record.template) == ("a@kingston.gov.uk", "sent", "test_note")


def test_send_takes_a_message_and_the_address():
    record = gateway.send(Note(), to="a@kingston.gov.uk")

    assert record.subject == "A note about Bulky waste for Brent & Harrow"
    with pytest.raises(TypeError):
        gateway.send("a@kingston.gov.uk", "test_note", {"title": "Bins"})


def test_plain_text_emails_are_not_html_escaped():
    Note().send("a@x.gov.uk")

    assert "Brent & Harrow has a note" in mail.outbox[0].body


@override_settings(EMAIL_OUTBOX=False)
def test_with_the_outbox_off_no_body_and_so_no_link_is_stored():
    Note().send("a@kingston.gov.uk")

    assert (SentEmail.objects.get().body, SentEmail.objects.get().personalisation) == ("", {})


@override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
@responses.activate
def test_with_notify_configured_it_sends_through_notify():
    responses.post(NOTIFY_URL, json={"id": "notify-123"}, status=201)

    record = Note(title="Bins").send("a@kingston.gov.uk")

    sent = json.loads(responses.calls[0].request.body)
    assert sent["email_address"] == "a@kingston.gov.uk"
    assert sent["template_id"] == "generic-template"
    assert sent["personalisation"]["subject"] == "A note about Bins for Brent & Harrow"
    assert "https://x/sign-in/abc/" in sent["personalisation"]["body"]
    assert record.provider_reference == "notify-123"
    assert sent["reference"] == f"sent-email-{record.pk}"  # our own record, to trace the email by
    assert mail.outbox == []


@override_settings(
    NOTIFY_API_KEY=NOTIFY_KEY,
    NOTIFY_EMAIL_TEMPLATE_ID="generic-template",
    NOTIFY_TEMPLATE_IDS={"test_note": "note-template"},
)
@responses.activate
def test_a_message_with_a_notify_template_of_its_own_is_sent_its_fields():
    responses.post(NOTIFY_URL, json={"id": "notify-123"}, status=201)

    Note(title="Bins", flagged=True, names=("Sam", "Alex")).send("a@kingston.gov.uk")

    sent = json.loads(responses.calls[0].request.body)
    assert sent["template_id"] == "note-template"
    fields = sent["personalisation"]
    assert (fields["title"], fields["organisation"], fields["flagged"]) == ("Bins", "Brent & Harrow", "yes")
    assert fields["names"] == ["Sam", "Alex"]
    assert fields["subject"] == "A note about Bins for Brent & Harrow"


@override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
@responses.activate
def test_a_queued_email_keeps_one_reference_on_every_try():
    responses.post(NOTIFY_URL, status=500)
    record = Note().send("a@kingston.gov.uk", queue=True)

    assert gateway.send_queued() == (0, 1)
    SentEmail.objects.update(send_after=None)
    responses.replace(responses.POST, NOTIFY_URL, json={"id": "notify-9"}, status=201)
    assert gateway.send_queued() == (1, 0)

    references = [json.loads(call.request.body)["reference"] for call in responses.calls]
    assert references == [f"sent-email-{record.pk}"] * 2


@override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
@responses.activate
def test_a_notify_failure_is_recorded_and_raised():
    responses.post(NOTIFY_URL, json={"errors": [{"error": "BadRequestError"}]}, status=400)

    with pytest.raises(gateway.EmailNotSent):
        Note().send("a@kingston.gov.uk")

    assert SentEmail.objects.get().status == "failed"


class TestTheOutbox:
    def test_staff_see_sent_emails_with_their_links(self, client):
        client.force_login(staff_member())
        link = "http://127.0.0.1:8000/sign-in/abc/"
        Note(title="Bins", link=link).send("a@kingston.gov.uk")

        html = client.get("/outbox/").content.decode()

        assert "A note about Bins for Brent &amp; Harrow" in html
        assert f'href="{link}"' in html

    def test_is_not_for_anyone_else(self, client):
        client.force_login(get_user_model().objects.create_user("a@kingston.gov.uk"))

        assert client.get("/outbox/").status_code == 302

    @override_settings(EMAIL_OUTBOX=False)
    def test_is_off_in_production(self, client):
        client.force_login(staff_member())

        assert client.get("/outbox/").status_code == 404


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
        Note(title="Bulky waste\r\ncollection", note="We have started.\r\nMore soon.").send("a@x.gov.uk")

        sent = mail.outbox[0]
        assert sent.subject == "A note about Bulky waste collection for Brent & Harrow"
        assert "We have started.\nMore soon." in sent.body
        assert SentEmail.objects.get().subject == "A note about Bulky waste collection for Brent & Harrow"

    @pytest.mark.parametrize("name", ["Sam\r\nChief", "Sam\nChief", "Sam\rChief", "Sam \t\u2028 Chief"])
    def test_every_kind_of_line_break_in_a_name_is_collapsed(self, name):
        Note(title=name, organisation="Brent\r\nCouncil").send("a@x.gov.uk")

        assert mail.outbox[0].subject == "A note about Sam Chief for Brent Council"


class TestNotifyTemplateIds:
    def test_are_read_from_a_json_object_in_the_environment(self, monkeypatch):
        from localdigital.settings import environment as env

        monkeypatch.setenv("NOTIFY_TEMPLATE_IDS", '{"sign_in": "f33517ff"}')
        assert env.mapping("NOTIFY_TEMPLATE_IDS") == {"sign_in": "f33517ff"}
        monkeypatch.setenv("NOTIFY_TEMPLATE_IDS", "")
        assert env.mapping("NOTIFY_TEMPLATE_IDS") == {}

    @pytest.mark.parametrize("raw", ["sign_in=f33517ff", '["f33517ff"]', '{"sign_in": 1}'])
    def test_anything_else_stops_the_service_starting(self, monkeypatch, raw):
        from django.core.exceptions import ImproperlyConfigured

        from localdigital.settings import environment as env

        monkeypatch.setenv("NOTIFY_TEMPLATE_IDS", raw)
        with pytest.raises(ImproperlyConfigured):
            env.mapping("NOTIFY_TEMPLATE_IDS")

    @override_settings(NOTIFY_EMAIL_TEMPLATE_ID="generic-template", NOTIFY_TEMPLATE_IDS={"sign_in": "own"})
    def test_an_email_without_one_of_its_own_uses_the_generic_template(self):
        from localdigital.notifications.messages import notify_template_id

        assert (notify_template_id("sign_in"), notify_template_id("test_note")) == ("own", "generic-template")


def test_a_queued_email_whose_worker_died_mid_send_is_sent_once_after_its_lease(monkeypatch):
    from datetime import timedelta

    from localdigital.notifications.tests.providers import Provider, WorkerStopped
    from localdigital.platform import outbox

    Note().send("a@kingston.gov.uk", queue=True)
    monkeypatch.setattr(gateway, "_deliver", Provider(stop_at=1))
    with pytest.raises(WorkerStopped):
        gateway.send_queued()
    again = Provider()
    monkeypatch.setattr(gateway, "_deliver", again)
    assert gateway.send_queued() == (0, 0)  # leased: not yet

    SentEmail.objects.update(send_after=F("send_after") - outbox.LEASE - timedelta(seconds=1))
    assert gateway.send_queued() == (1, 0)
    assert gateway.send_queued() == (0, 0)
    assert again.addresses() == ["a@kingston.gov.uk"]
    assert SentEmail.objects.get().status == SentEmail.Status.SENT
