"""The one way the service sends email: GOV.UK Notify when configured, Django's email backend otherwise.

Callers name a template in `jinja2/emails/` and give its context; the template's first line is
"Subject: ...", the rest is the plain-text body. With Notify, one generic template carries the
subject and body as ((subject)) and ((body)).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

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


def send(to: str, template: str, context: dict) -> SentEmail:
    """Render and send one email, and record it."""
    subject, body = render(template, context)
    record = SentEmail(to=to, template=template, subject=subject, body=body if settings.EMAIL_OUTBOX else "")
    try:
        record.provider_reference = _deliver(to, subject, body)
        record.status = SentEmail.Status.SENT
    except Exception as error:
        record.status = SentEmail.Status.FAILED
        record.save()
        logger.exception("Email %s to a recipient could not be sent", template)
        raise EmailNotSent(str(error)) from error
    record.save()
    return record


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
