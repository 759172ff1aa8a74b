"""The one way the service sends email: GOV.UK Notify when configured, Django's email backend otherwise.

Callers name a template in `jinja2/emails/` and give its context; the template's first line is
"Subject: ...", the rest is the plain-text body. With Notify, one generic template carries the
subject and body as ((subject)) and ((body)).

With EMAIL_QUEUE on (production), `send` only writes the email to the outbox table, in the caller's
transaction, and `manage.py run_worker` sends it: no request waits for the provider, a provider outage
loses nothing, and an email is queued exactly when the change it announces is saved.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template import engines
from django.utils import timezone

from localdigital.audit import services as audit
from localdigital.notifications.models import SentEmail

logger = logging.getLogger(__name__)


class EmailNotSent(Exception):
    """The provider refused or could not be reached; the caller decides what the person is told."""


# Stands for a line break inside a value put into an email while the template's own first line, the
# subject, is found; it is whitespace to str.split(), so a subject made from it collapses to one line.
BREAK = "\x1e"
_environment = None


def _mark_breaks(value) -> str:
    """Finalize each value put into an email: its line breaks marked, so they cannot end the subject."""
    return str(value).replace("\r\n", BREAK).replace("\r", BREAK).replace("\n", BREAK)


def _email_environment():
    """The site's Jinja2 environment, marking line breaks in values (with its own compiled templates)."""
    global _environment
    site = engines["jinja2"].env
    if _environment is None or _environment.linked_to is not site:
        _environment = site.overlay(finalize=_mark_breaks, cache_size=200)
    return _environment


def render(template: str, context: dict) -> tuple[str, str]:
    """The subject and body of an email. The subject is the template's first line, with any whitespace in
    it (line breaks in a title or name included) collapsed to single spaces: a subject is one line."""
    text = (
        _email_environment()
        .get_template(f"emails/{template}.txt")
        .render({"SITE_URL": settings.SITE_URL, **context})
    )
    first, _, rest = text.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"emails/{template}.txt must start with a 'Subject:' line")
    subject = " ".join(first.removeprefix("Subject:").split())
    return subject, rest.replace(BREAK, "\n").strip() + "\n"


ATTEMPTS = 5  # a queued email that fails this often is marked failed and left for staff
# How long the record of a sent or failed email (its address and subject) is kept: long enough to answer
# "did you send it?", and to look into a failure.
EMAILS_KEPT = timedelta(days=90)


def next_try(attempts: int, now):
    """When to try again an email that has failed `attempts` times: 2, 4, 8, 16 minutes later."""
    return now + timedelta(minutes=2**attempts)


def prepare(to: str, template: str, context: dict) -> SentEmail:
    """Render one email and record it as sending, before it is handed to the provider.

    Whoever sends it commits this record (with whatever the email's links need, such as a token's hash)
    first, then calls `deliver`: an email that has left always has its record, and the links in it work.
    If the process dies in between, the record stays "sending" and nothing sends it again.
    """
    subject, body = render(template, context)
    record = SentEmail(
        to=to,
        template=template,
        subject=subject,
        body=body if settings.EMAIL_OUTBOX else "",
        status=SentEmail.Status.SENDING,
    )
    record.save()
    record.body = body  # kept in memory for delivery; stored only with the outbox on
    return record


def deliver(record: SentEmail) -> SentEmail:
    """Hand a prepared email to the provider, then mark it sent (or failed, raising EmailNotSent)."""
    try:
        record.provider_reference = _deliver(record.to, record.subject, record.body, _reference(record))
    except Exception as error:
        logger.exception("Email %s to a recipient could not be sent", record.template)
        _finish(record, SentEmail.Status.FAILED)
        raise EmailNotSent(str(error)) from error
    _finish(record, SentEmail.Status.SENT, sent_at=timezone.now())
    return record


def _finish(record: SentEmail, status: str, *, sent_at=None) -> None:
    record.status, record.sent_at = status, sent_at
    if not settings.EMAIL_OUTBOX:
        record.body = ""
    record.save(update_fields=["provider_reference", "status", "sent_at", "body"])


def _reference(record: SentEmail) -> str:
    """Our own reference for an email, given to the provider, so that one email can be traced there."""
    return f"sent-email-{record.pk}"


def send(to: str, template: str, context: dict, *, queue: bool | None = None) -> SentEmail:
    """Render one email and queue it (EMAIL_QUEUE on) or send it now, and record it."""
    if settings.EMAIL_QUEUE if queue is None else queue:
        subject, body = render(template, context)
        return SentEmail.objects.create(
            to=to, template=template, subject=subject, body=body, status=SentEmail.Status.QUEUED
        )
    return deliver(prepare(to, template, context))


def send_queued(*, batch: int = 50) -> tuple[int, int]:
    """Send up to `batch` queued emails, oldest first; (sent, failed for now).

    Each email is claimed on its own (with SKIP LOCKED on PostgreSQL, so several workers never send one
    email twice) and marked "sending" in a committed transaction before it is handed to the provider, so
    a worker that dies mid-batch leaves the emails already sent recorded, and a re-run sends none of
    them again. A failure is retried later with a growing delay, and after ATTEMPTS is marked failed.
    """
    now = timezone.now()
    sent = failed = 0
    for _ in range(batch):
        email = _claim_queued(now)
        if email is None:
            break
        try:
            email.provider_reference = _deliver(email.to, email.subject, email.body, _reference(email))
        except Exception:
            logger.exception("Queued email %s (%s) could not be sent", email.pk, email.template)
            failed += 1
            _requeue(email, now)
            continue
        sent += 1
        _finish(email, SentEmail.Status.SENT, sent_at=timezone.now())
    return sent, failed


def _claim_queued(now) -> SentEmail | None:
    """The oldest queued email that is due, marked as sending and committed; None if there is none."""
    with transaction.atomic():
        email = (
            SentEmail.objects.select_for_update(skip_locked=True)
            .filter(status=SentEmail.Status.QUEUED)
            .exclude(send_after__gt=now)
            .order_by("id")
            .first()
        )
        if email is None:
            return None
        body = email.body
        email.status = SentEmail.Status.SENDING
        email.attempts += 1
        email.body = body if settings.EMAIL_OUTBOX else ""
        email.save(update_fields=["status", "attempts", "body"])
    email.body = body
    return email


def _requeue(email: SentEmail, now) -> None:
    """A queued email the provider refused: due again later, or failed after ATTEMPTS."""
    email.send_after = next_try(email.attempts, now)
    email.status = SentEmail.Status.QUEUED
    if email.attempts >= ATTEMPTS:
        email.status = SentEmail.Status.FAILED
        email.body = email.body if settings.EMAIL_OUTBOX else ""
    email.save(update_fields=["status", "send_after", "body"])


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


def _deliver(to: str, subject: str, body: str, reference: str) -> str:
    if settings.NOTIFY_API_KEY:
        from notifications_python_client.notifications import NotificationsAPIClient

        client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)
        response = client.send_email_notification(
            email_address=to,
            template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
            personalisation={"subject": subject, "body": body},
            reference=reference,
        )
        return response.get("id", "")
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    return ""
