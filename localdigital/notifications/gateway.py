"""The one way the service sends email: GOV.UK Notify when configured, Django's email backend otherwise.

Callers build a typed message (see `messages.py`; each domain's are in its `emails.py`) and send it:
`message.send(to)`, which is `gateway.send(message, to=...)`. The message's template gives the subject
and the plain-text body. With Notify, the email goes to the message's own Notify template when
NOTIFY_TEMPLATE_IDS names one, else to the generic one, which carries ((subject)) and ((body)); either
way with our `reference` for it, the same on every try.

Each email is written in its recipient's language (`preferences.language_of`, under
`translation.override`), and ends with a footer saying how to get it in the other language. An email the
person did not ask for (a message that is not `transactional`) also carries a one-click unsubscribe link,
in its footer and in its RFC 8058 headers, and is not sent to an address that unsubscribed. Nothing is
sent to an address the provider said it cannot deliver to (`preferences.suppress`).

With EMAIL_QUEUE on (production), `send` only writes the email to the outbox table, in the caller's
transaction, and the worker sends it (`send_queued`): no request waits for the provider, a provider
outage loses nothing, and an email is queued exactly when the change it announces is saved.
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from localdigital.audit import services as audit
from localdigital.notifications import preferences
from localdigital.notifications.messages import Message, notify_template_id, render_footer
from localdigital.notifications.models import Recipient, SentEmail
from localdigital.platform import outbox

logger = logging.getLogger(__name__)

ATTEMPTS = outbox.ATTEMPTS  # a queued email that fails this often is marked failed and left for staff
next_try = outbox.next_try
# How long the record of a sent or failed email (its address and subject) is kept: long enough to answer
# "did you send it?", and to look into a failure.
EMAILS_KEPT = timedelta(days=90)


class EmailNotSent(Exception):
    """The provider refused or could not be reached; the caller decides what the person is told."""


def unsubscribe_url(recipient: Recipient) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[preferences.token(recipient)])


def choices_url(recipient: Recipient) -> str:
    return settings.SITE_URL + reverse("notifications:language", args=[preferences.token(recipient)])


def _record(
    message: Message, to: str, status: str, language: str | None = None, recipient: Recipient | None = None
) -> SentEmail:
    """The email rendered in its recipient's language, with its footer, ready to save."""
    recipient = recipient or preferences.recipient(to, language)
    language = recipient.language or preferences.language_code(language or translation.get_language())
    with translation.override(preferences.django_language(language)):
        subject, body = message.render()
        footer = render_footer(
            {
                "language": language,
                "unsubscribe_url": "" if message.transactional else unsubscribe_url(recipient),
                "choices_url": choices_url(recipient),
            },
        )
    if recipient.suppressed_at:
        status = SentEmail.Status.SUPPRESSED
    elif recipient.unsubscribed_at and not message.transactional:
        status = SentEmail.Status.UNSUBSCRIBED
    record = SentEmail(
        to=to,
        template=message.template,
        subject=subject,
        body=f"{body}\n---\n{footer}",
        personalisation=message.personalisation(),
        status=status,
        transactional=message.transactional,
        language=language,
    )
    record.recipient = recipient  # type: ignore[attr-defined]  # for delivery, not a field
    return record


NOT_SENT = (SentEmail.Status.SUPPRESSED, SentEmail.Status.UNSUBSCRIBED)


def _not_sent(record: SentEmail) -> SentEmail:
    """An email kept only as a record that it was not sent, and why (its status)."""
    _forget_contents(record, always=True)
    record.save()
    return record


def prepare(
    message: Message, *, to: str, language: str | None = None, recipient: Recipient | None = None
) -> SentEmail:
    """Render one email and record it as sending, before it is handed to the provider.

    Whoever sends it commits this record (with whatever the email's links need, such as a token's hash)
    first, then calls `deliver`: an email that has left always has its record, and the links in it work.
    The record keeps the body while it is sending (as a queued one does), so that if the process dies
    in between, the outbox's lease runs out and the same email is delivered again with `retry`. An email
    to an address that is suppressed (or unsubscribed, for one it did not ask for) is recorded as not sent.
    """
    record = _record(message, to, SentEmail.Status.SENDING, language, recipient)
    if record.status in NOT_SENT:
        return _not_sent(record)
    record.save()
    return record


def deliver(record: SentEmail, *, retry: bool = False) -> SentEmail:
    """Hand a prepared email to the provider, then mark it sent (or failed, raising EmailNotSent).

    With `retry` (a record left sending by a sender that stopped), the provider is asked first whether
    it has the email already, by our `reference`: if so it is marked sent and not handed over again.
    Django's email backend cannot be asked, so the email goes again with the same Message-ID (see
    `message_id`), which mail systems take as the same message, never as a second one.
    """
    if record.status in NOT_SENT:
        return record
    try:
        found = _already_delivered(record) if retry else None
        record.provider_reference = found if found is not None else _deliver(record)
    except Exception as error:
        logger.exception("Email %s to a recipient could not be sent", record.template)
        _finish(record, SentEmail.Status.FAILED)
        raise EmailNotSent(str(error)) from error
    _finish(record, SentEmail.Status.SENT, sent_at=timezone.now())
    return record


def _forget_contents(record: SentEmail, *, always: bool = False) -> None:
    """Bodies (and the fields they are made of) hold sign-in, signing and pledge links: once an email is
    no longer waiting to be sent they are kept only with the outbox on (development); never for one not
    sent (`always`)."""
    if always or not settings.EMAIL_OUTBOX:
        record.body, record.personalisation = "", {}


def _finish(record: SentEmail, status: str, *, sent_at=None) -> None:
    record.status, record.sent_at = status, sent_at
    _forget_contents(record)
    record.save(update_fields=["provider_reference", "status", "sent_at", "body", "personalisation"])


def reference(record: SentEmail) -> str:
    """Our own reference for an email, given to the provider with every try, so that one email can be
    traced there and is never taken as two."""
    return f"sent-email-{record.pk}"


def message_id(record: SentEmail) -> str:
    """The Message-ID of an email sent through Django's backend: the same on every try of one email."""
    host = urlsplit(settings.SITE_URL).hostname or "localdigital"
    return f"<{reference(record)}@{host}>"


def _already_delivered(record: SentEmail) -> str | None:
    """The provider's id for this email if it has it already (Notify, by our reference); None if it
    has not, or cannot say (Django's email backend)."""
    if not settings.NOTIFY_API_KEY:
        return None
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)
    found = client.get_all_notifications(reference=reference(record)).get("notifications", [])
    return found[0].get("id", "") if found else None


def send(
    message: Message,
    *,
    to: str,
    queue: bool | None = None,
    language: str | None = None,
    recipient: Recipient | None = None,
) -> SentEmail:
    """Render one email and queue it (EMAIL_QUEUE on) or send it now, and record it. It is written in the
    language the address chose, else `language`, else the current one. A job emailing many people gives
    each `recipient` (from `preferences.recipients`), so that none is looked up on its own."""
    if not isinstance(message, Message):
        raise TypeError(f"send takes a Message, not {type(message).__name__}")
    if settings.EMAIL_QUEUE if queue is None else queue:
        record = _record(message, to, SentEmail.Status.QUEUED, language, recipient)
        if record.status in NOT_SENT:
            return _not_sent(record)
        record.save()
        return record
    return deliver(prepare(message, to=to, language=language, recipient=recipient))


def send_queued(*, batch: int = 50) -> tuple[int, int]:
    """Send up to `batch` queued emails, oldest first; (sent, failed for now).

    Each email is claimed on its own (see `platform.outbox`: several workers never send one email
    twice) and marked "sending" in a committed transaction before it is handed to the provider, so a
    worker that dies mid-batch leaves the emails already sent recorded, and a re-run sends none of them
    again. A failure is retried later with a growing delay, and after ATTEMPTS is marked failed.
    """
    now = timezone.now()
    # Queued and due, or left sending by a worker that stopped and whose lease has run out.
    due = SentEmail.objects.filter(
        Q(status=SentEmail.Status.QUEUED) | Q(status=SentEmail.Status.SENDING, send_after__isnull=False)
    ).exclude(send_after__gt=now)

    def send_one(taken: tuple[SentEmail, bool]) -> None:
        email, retry = taken
        # The address may have been suppressed, or have unsubscribed, since the email was queued.
        recipient = preferences.find(email.to)
        if recipient and (recipient.suppressed_at or (recipient.unsubscribed_at and not email.transactional)):
            email.status = (
                SentEmail.Status.SUPPRESSED if recipient.suppressed_at else SentEmail.Status.UNSUBSCRIBED
            )
            _forget_contents(email, always=True)
            email.save(update_fields=["status", "body", "personalisation"])
            return
        email.recipient = recipient  # type: ignore[attr-defined]  # for delivery, not a field
        found = _already_delivered(email) if retry else None
        email.provider_reference = found if found is not None else _deliver(email)
        _finish(email, SentEmail.Status.SENT, sent_at=timezone.now())

    return outbox.drain(
        lambda: outbox.claim(due, _take), send_one, lambda taken: _requeue(taken[0], now), batch=batch
    )


def _take(email: SentEmail) -> tuple[SentEmail, bool]:
    """A claimed email marked as sending and leased; and whether it was left sending by a worker that
    stopped (then the provider is asked first whether it has it)."""
    retry = email.status == SentEmail.Status.SENDING
    email.status = SentEmail.Status.SENDING
    email.attempts += 1
    email.send_after = outbox.lease_ends(timezone.now())  # due again then, if never finished
    email.save(update_fields=["status", "attempts", "send_after"])
    return email, retry


def _requeue(email: SentEmail, now) -> None:
    """A queued email the provider refused: due again later, or failed after ATTEMPTS."""
    logger.exception("Queued email %s (%s) could not be sent", email.pk, email.template)
    email.send_after = outbox.next_try(email.attempts, now)
    email.status = SentEmail.Status.QUEUED
    if outbox.given_up(email.attempts):
        email.status = SentEmail.Status.FAILED
        _forget_contents(email)
    email.save(update_fields=["status", "send_after", "body", "personalisation"])


def waiting() -> int:
    return SentEmail.objects.filter(status=SentEmail.Status.QUEUED).count()


@transaction.atomic
def purge_sent(*, now=None) -> int:
    """Delete the records of emails sent or failed more than EMAILS_KEPT ago (never queued ones); the
    count goes to the audit trail."""
    before = (now or timezone.now()) - EMAILS_KEPT
    done = SentEmail.objects.filter(created_at__lt=before).exclude(status=SentEmail.Status.QUEUED)
    deleted, _ = done.delete()
    label = f"{deleted} records of emails sent more than {EMAILS_KEPT.days} days ago"
    audit.record_purge("old email records purged", "notifications.sentemail", deleted, label)
    return deleted


def _deliver(email: SentEmail) -> str:
    """Hand one email to the provider; the provider's id for it ("" from Django's email backend). An email
    the person did not ask for goes with its one-click unsubscribe link (RFC 8058)."""
    unsubscribe = ""
    if not email.transactional:
        unsubscribe = unsubscribe_url(getattr(email, "recipient", None) or preferences.recipient(email.to))
    if settings.NOTIFY_API_KEY:
        from notifications_python_client.notifications import NotificationsAPIClient

        client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)
        response = client.send_email_notification(
            email_address=email.to,
            template_id=notify_template_id(email.template),
            personalisation={**email.personalisation, "subject": email.subject, "body": email.body},
            reference=reference(email),
            one_click_unsubscribe_url=unsubscribe or None,
        )
        return response.get("id", "")
    headers = {"Message-ID": message_id(email)}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to], headers=headers).send()
    return ""
