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
from django.template.loader import render_to_string
from django.utils import timezone

from localdigital.audit import services as audit
from localdigital.notifications.models import SentEmail

logger = logging.getLogger(__name__)


class EmailNotSent(Exception):
    """The provider refused or could not be reached; the caller decides what the person is told."""


def render(template: str, context: dict) -> tuple[str, str]:
    text = render_to_string(
        f"emails/{template}.txt", {"SITE_URL": settings.SITE_URL, **context}, using="jinja2"
    )
    first, _, rest = text.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"emails/{template}.txt must start with a 'Subject:' line")
    return first.removeprefix("Subject:").strip(), rest.strip() + "\n"


ATTEMPTS = 5  # a queued email that fails this often is marked failed and left for staff
# How long the record of a sent or failed email (its address and subject) is kept: long enough to answer
# "did you send it?", and to look into a failure.
EMAILS_KEPT = timedelta(days=90)


def next_try(attempts: int, now):
    """When to try again an email that has failed `attempts` times: 2, 4, 8, 16 minutes later."""
    return now + timedelta(minutes=2**attempts)


def send(to: str, template: str, context: dict, *, queue: bool | None = None) -> SentEmail:
    """Render one email and queue it (EMAIL_QUEUE on) or send it now, and record it."""
    subject, body = render(template, context)
    if settings.EMAIL_QUEUE if queue is None else queue:
        return SentEmail.objects.create(
            to=to, template=template, subject=subject, body=body, status=SentEmail.Status.QUEUED
        )
    record = SentEmail(to=to, template=template, subject=subject, body=body if settings.EMAIL_OUTBOX else "")
    try:
        record.provider_reference = _deliver(to, subject, body)
        record.status = SentEmail.Status.SENT
        record.sent_at = timezone.now()
    except Exception as error:
        record.status = SentEmail.Status.FAILED
        record.save()
        logger.exception("Email %s to a recipient could not be sent", template)
        raise EmailNotSent(str(error)) from error
    record.save()
    return record


def send_queued(*, batch: int = 50) -> tuple[int, int]:
    """Send up to `batch` queued emails, oldest first; (sent, failed for now).

    Rows are claimed with SKIP LOCKED (on PostgreSQL), so several workers never send one email twice.
    A failure is retried later with a growing delay, and after ATTEMPTS is marked failed.
    """
    now = timezone.now()
    sent = failed = 0
    with transaction.atomic():
        claimed = list(
            SentEmail.objects.select_for_update(skip_locked=True)
            .filter(status=SentEmail.Status.QUEUED)
            .exclude(send_after__gt=now)
            .order_by("id")[:batch]
        )
        for email in claimed:
            try:
                email.provider_reference = _deliver(email.to, email.subject, email.body)
            except Exception:
                logger.exception("Queued email %s (%s) could not be sent", email.pk, email.template)
                failed += 1
                email.attempts += 1
                email.send_after = next_try(email.attempts, now)
                if email.attempts >= ATTEMPTS:
                    email.status = SentEmail.Status.FAILED
                    email.body = email.body if settings.EMAIL_OUTBOX else ""
                continue
            sent += 1
            email.status = SentEmail.Status.SENT
            email.sent_at = timezone.now()
            email.body = email.body if settings.EMAIL_OUTBOX else ""
        SentEmail.objects.bulk_update(
            claimed, ["provider_reference", "status", "sent_at", "body", "attempts", "send_after"]
        )
    return sent, failed


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


def _deliver(to: str, subject: str, body: str) -> str:
    if settings.NOTIFY_API_KEY:
        from notifications_python_client.notifications import NotificationsAPIClient

        client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)
        response = client.send_email_notification(
            email_address=to,
            template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
            personalisation={"subject": subject, "body": body},
        )
        return response.get("id", "")
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    return ""
