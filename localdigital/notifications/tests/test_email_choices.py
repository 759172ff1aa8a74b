"""Email people can control: one-click unsubscribe (RFC 8058) on what they did not ask for, the language
each email is written in, and Notify's delivery receipts suppressing an address that cannot be reached."""

import dataclasses
import json
import re
import time
import uuid
from unittest import mock

import pytest
import responses
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from localdigital.audit.models import AuditEvent
from localdigital.notifications import gateway, preferences
from localdigital.notifications.messages import Message
from localdigital.notifications.models import Recipient, SentEmail
from localdigital.notifications.tests.messages import Note

pytestmark = pytest.mark.django_db

ADDRESS = "reader@kingston.gov.uk"
NOTIFY_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
NOTIFY_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"
CALLBACK_TOKEN = "a-long-callback-token-for-the-tests"


@dataclasses.dataclass(frozen=True, kw_only=True)
class News(Note):
    """A note the person did not ask for (like an update on a project they follow)."""

    transactional = False


def unsubscribe_link(body: str) -> str:
    return re.search(r"https?://\S+/emails/unsubscribe/\S+/", body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


class TestTheHeaders:
    def test_an_email_the_person_did_not_ask_for_has_one_click_unsubscribe_headers_and_link(self):
        News().send(ADDRESS)

        sent = mail.outbox[0]
        link = unsubscribe_link(sent.body)
        assert sent.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in sent.body.split("---")[-1]  # in the footer, the same link as the header's
        assert ADDRESS not in link and "reader" not in link
        assert SentEmail.objects.get().transactional is False

    def test_an_email_the_person_asked_for_has_none(self):
        Note().send(ADDRESS)

        sent = mail.outbox[0]
        assert "List-Unsubscribe" not in sent.extra_headers
        assert "/emails/unsubscribe/" not in sent.body

    def test_every_message_of_the_service_says_whether_it_is_transactional(self):
        from localdigital.notifications.messages import every_message

        for cls in every_message():
            assert isinstance(getattr(cls, "transactional", None), bool), cls.__name__
        kinds = {cls.template: cls.transactional for cls in every_message()}
        assert kinds["sign_in"] is True
        assert kinds["project_update"] is False and kinds["project_digest"] is False

    @override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
    @responses.activate
    def test_notify_is_given_the_unsubscribe_link_only_for_emails_not_asked_for(self):
        responses.post(NOTIFY_URL, json={"id": "notify-1"}, status=201)
        responses.post(NOTIFY_URL, json={"id": "notify-2"}, status=201)

        News().send(ADDRESS)
        Note().send(ADDRESS)

        news, note = (json.loads(call.request.body) for call in responses.calls)
        assert news["one_click_unsubscribe_url"] == unsubscribe_link(news["personalisation"]["body"])
        assert "one_click_unsubscribe_url" not in note


class TestUnsubscribing:
    def test_opening_the_link_asks_for_a_press_of_the_button(self, client):
        News().send(ADDRESS)
        path = path_of(unsubscribe_link(mail.outbox[0].body))

        page = client.get(path)

        assert page.status_code == 200
        assert b"Unsubscribe" in page.content and b'<form method="post"' in page.content
        assert Recipient.objects.get(address=ADDRESS).unsubscribed_at is None

    def test_the_button_unsubscribes_without_a_csrf_token_and_is_audited(self):
        News().send(ADDRESS)
        path = path_of(unsubscribe_link(mail.outbox[0].body))
        browser = Client(enforce_csrf_checks=True)

        page = browser.post(path)

        assert page.status_code == 200 and b"You have unsubscribed" in page.content
        assert Recipient.objects.get(address=ADDRESS).unsubscribed_at is not None
        event = AuditEvent.objects.get(action="unsubscribed from email")
        assert event.after == {"how": "unsubscribe page"}

    def test_a_mail_program_s_one_click_post_unsubscribes(self):
        News().send(ADDRESS)
        path = path_of(unsubscribe_link(mail.outbox[0].body))

        Client(enforce_csrf_checks=True).post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )

        assert preferences.is_unsubscribed(ADDRESS)
        assert AuditEvent.objects.get(action="unsubscribed from email").after == {
            "how": "one click in a mail program"
        }

    def test_after_unsubscribing_only_emails_asked_for_are_sent(self, client):
        News().send(ADDRESS)
        client.post(path_of(unsubscribe_link(mail.outbox[0].body)))
        mail.outbox.clear()

        not_sent = News().send(ADDRESS)
        Note().send(ADDRESS)

        assert not_sent.status == SentEmail.Status.UNSUBSCRIBED and not_sent.body == ""
        assert len(mail.outbox) == 1 and "/emails/unsubscribe/" not in mail.outbox[0].body

    def test_a_made_up_or_tampered_link_is_not_found(self, client):
        News().send(ADDRESS)
        path = path_of(unsubscribe_link(mail.outbox[0].body))

        assert client.post(path[:-3] + "xx/").status_code == 404
        assert client.get("/emails/unsubscribe/1/").status_code == 404
        page = client.get("/emails/unsubscribe/1/")
        assert b"This link does not work" in page.content and b"sign in to your account" in page.content

    def test_using_the_link_again_changes_nothing_and_says_so(self, client):
        News().send(ADDRESS)
        path = path_of(unsubscribe_link(mail.outbox[0].body))
        client.post(path)
        unsubscribed_at = Recipient.objects.get(address=ADDRESS).unsubscribed_at

        again = client.post(path)

        assert again.status_code == 200 and b"You have unsubscribed" in again.content
        assert b"You have already unsubscribed" in client.get(path).content
        assert Recipient.objects.get(address=ADDRESS).unsubscribed_at == unsubscribed_at
        assert AuditEvent.objects.filter(action="unsubscribed from email").count() == 1

    def test_the_link_works_for_a_year_and_then_explains_that_it_has_expired(self, client):
        sent_at = time.time()
        with mock.patch("django.core.signing.time.time", return_value=sent_at):
            News().send(ADDRESS)
        path = path_of(unsubscribe_link(mail.outbox[0].body))
        a_year = preferences.LINK_DAYS * 24 * 60 * 60

        with mock.patch("django.core.signing.time.time", return_value=sent_at + a_year - 60):
            assert client.get(path).status_code == 200
        with mock.patch("django.core.signing.time.time", return_value=sent_at + a_year + 60):
            page = client.get(path)
            one_click = Client(enforce_csrf_checks=True).post(
                path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
            )
            language = client.get(path.replace("/unsubscribe/", "/language/"))

        assert page.status_code == 410 and b"This link has expired" in page.content
        assert b"work for a year after we send the email" in page.content
        assert b"a more recent email" in page.content and reverse("accounts:account").encode() in page.content
        assert one_click.status_code == 410 and language.status_code == 410
        assert not preferences.is_unsubscribed(ADDRESS)

    def test_a_link_made_before_links_carried_their_time_has_expired(self, client):
        News().send(ADDRESS)
        row = Recipient.objects.get(address=ADDRESS)
        undated = signing.Signer(salt=preferences.LINK_SALT).sign(str(row.pk))

        page = client.post(reverse("notifications:unsubscribe", args=[undated]))

        assert page.status_code == 410 and b"This link has expired" in page.content
        assert not preferences.is_unsubscribed(ADDRESS)
        assert not preferences.is_unsubscribed(ADDRESS)

    def test_pressing_twice_unsubscribes_once(self, client):
        News().send(ADDRESS)
        path = path_of(unsubscribe_link(mail.outbox[0].body))

        client.post(path)
        client.post(path)

        assert AuditEvent.objects.filter(action="unsubscribed from email").count() == 1
        assert b"already unsubscribed" in client.get(path).content

    @override_settings(EMAIL_QUEUE=True)
    def test_a_queued_email_is_not_sent_once_the_address_unsubscribed(self):
        News().send(ADDRESS)
        preferences.unsubscribe(Recipient.objects.get(address=ADDRESS), how="test")

        gateway.send_queued()

        assert mail.outbox == []
        assert SentEmail.objects.get().status == SentEmail.Status.UNSUBSCRIBED


class TestLanguage:
    def test_an_email_is_written_in_the_language_being_used_when_the_address_is_first_emailed(self):
        with translation.override("cy"):
            record = Note().send(ADDRESS)

        assert record.language == "cy"
        assert Recipient.objects.get(address=ADDRESS).language == "cy"
        assert "Get these emails in English:" in mail.outbox[0].body

    def test_each_email_renders_under_the_address_s_language_wherever_it_is_sent_from(self, monkeypatch):
        preferences.note_language(ADDRESS, "cy")
        seen = []
        original = Message.render

        def render(message):
            seen.append(translation.get_language())
            return original(message)

        monkeypatch.setattr(Message, "render", render)
        with translation.override("en"):
            Note().send(ADDRESS)

        assert seen == ["cy"]
        assert translation.get_language() != "cy"

    def test_an_english_email_offers_welsh_one_link_away(self, client):
        Note().send(ADDRESS, language="en")

        body = mail.outbox[0].body
        link = re.search(r"Cael y negeseuon e-bost hyn yn Gymraeg: (\S+)", body).group(1)
        assert ADDRESS not in link
        page = client.get(path_of(link))
        assert page.status_code == 200 and b"Cymraeg" in page.content

    def test_choosing_the_language_from_the_link_changes_later_emails_and_is_audited(self, client):
        Note().send(ADDRESS, language="en")
        link = re.search(r"yn Gymraeg: (\S+)", mail.outbox[0].body).group(1)

        page = client.post(path_of(link), {"language": "cy"}, follow=True)

        assert b"We will email you in Cymraeg" in page.content
        assert Note().send(ADDRESS, language="en").language == "cy"
        event = AuditEvent.objects.get(action="email language chosen")
        assert (event.before, event.after) == ({"language": "en"}, {"language": "cy"})

    def test_the_language_is_asked_once(self):
        preferences.note_language(ADDRESS, "cy")
        preferences.note_language(ADDRESS, "en")

        assert preferences.language_of(ADDRESS) == "cy"


def receipt(record: SentEmail, status: str) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "reference": gateway.reference(record),
        "to": record.to,
        "status": status,
        "created_at": "2026-12-02T10:00:00.000000Z",
        "completed_at": "2026-12-02T10:00:05.000000Z",
        "sent_at": "2026-12-02T10:00:01.000000Z",
        "notification_type": "email",
        "template_id": str(uuid.uuid4()),
        "template_version": 1,
    }


class TestDeliveryReceipts:
    url = "/emails/notify-receipts/"

    @pytest.fixture(autouse=True)
    def callback_token(self, settings):
        settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN

    def post(self, body, token=CALLBACK_TOKEN):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return Client(enforce_csrf_checks=True).post(
            self.url, json.dumps(body), content_type="application/json", headers=headers
        )

    def test_a_receipt_without_the_bearer_token_is_refused(self):
        record = Note().send(ADDRESS)

        assert self.post(receipt(record, "delivered"), token=None).status_code == 401
        assert self.post(receipt(record, "delivered"), token="not-the-token").status_code == 401
        record.refresh_from_db()
        assert record.delivery_status == ""

    def test_with_no_token_set_every_receipt_is_refused(self, settings):
        settings.NOTIFY_CALLBACK_TOKEN = ""
        record = Note().send(ADDRESS)

        assert self.post(receipt(record, "delivered"), token="").status_code == 401

    def test_each_status_is_recorded_on_the_email(self):
        record = Note().send(ADDRESS)

        for status in ("temporary-failure", "delivered"):
            response = self.post(receipt(record, status))
            assert response.status_code == 200 and response.json() == {"recorded": True, "status": status}

        record.refresh_from_db()
        assert record.delivery_status == "delivered" and record.delivery_status_at is not None
        assert AuditEvent.objects.filter(action="email delivery reported").count() == 2
        assert not preferences.is_suppressed(ADDRESS)

    def test_an_email_is_found_by_notify_s_id_when_the_reference_is_missing(self):
        record = Note().send(ADDRESS)
        SentEmail.objects.filter(pk=record.pk).update(provider_reference="notify-abc")

        self.post({**receipt(record, "technical-failure"), "reference": None, "id": "notify-abc"})

        record.refresh_from_db()
        assert record.delivery_status == "technical-failure"

    def test_a_permanent_failure_suppresses_the_address_so_nothing_more_is_sent(self):
        record = Note(title="Bins").send(ADDRESS)
        mail.outbox.clear()

        self.post(receipt(record, "permanent-failure"))

        recipient = Recipient.objects.get(address=ADDRESS)
        assert recipient.suppressed_at is not None
        assert "permanent failure" in recipient.suppressed_reason and "Bins" in recipient.suppressed_reason
        assert AuditEvent.objects.filter(action="email address suppressed").count() == 1
        after = Note().send(ADDRESS)
        assert after.status == SentEmail.Status.SUPPRESSED and mail.outbox == []

    def test_an_unknown_email_or_a_bad_receipt(self):
        record = Note().send(ADDRESS)

        assert self.post({**receipt(record, "delivered"), "reference": "sent-email-999999"}).json() == {
            "recorded": False
        }
        assert self.post({**receipt(record, "lost")}).status_code == 400
        assert self.post(["not", "an", "object"]).status_code == 400


class TestStaffTools:
    @pytest.fixture
    def staff(self, client):
        user = get_user_model().objects.create_superuser("team@localdigital.example", "a long test password")
        client.force_login(user)
        return user

    @pytest.fixture
    def suppressed(self):
        row = preferences.recipient(ADDRESS)
        preferences.suppress(row, "GOV.UK Notify could not deliver “Bins” (2026-12-02): permanent failure")
        return row

    def test_staff_see_suppressed_addresses_and_why(self, client, staff, suppressed):
        page = client.get(reverse("admin:notifications_recipient_changelist") + "?suppressed=yes")

        assert page.status_code == 200
        assert ADDRESS.encode() in page.content
        assert "could not deliver “Bins”".encode() in page.content

    def test_staff_lift_a_suppression_and_it_is_audited(self, client, staff, suppressed):
        page = client.post(
            reverse("admin:notifications_recipient_changelist"),
            {"action": "lift_suppression", "_selected_action": [suppressed.pk]},
            follow=True,
        )

        assert b"Lifted the suppression of 1 address" in page.content
        assert not preferences.is_suppressed(ADDRESS)
        event = AuditEvent.objects.get(action="email suppression lifted")
        assert event.actor == staff and "permanent failure" in event.before["reason"]
        assert Note().send(ADDRESS).status == SentEmail.Status.SENT
