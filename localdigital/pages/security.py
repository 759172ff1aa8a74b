"""/.well-known/security.txt (RFC 9116): how to report a vulnerability in the service."""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

# With no date set, the file says it is good for this long after the process started.
DEFAULT_LIFETIME = timedelta(days=180)
_STARTED = datetime.now(UTC)


def expires() -> datetime:
    """When the file stops being true, in UTC: SECURITY_TXT_EXPIRES (a date means the end of that day)."""
    given = settings.SECURITY_TXT_EXPIRES
    if not given:
        return (_STARTED + DEFAULT_LIFETIME).replace(microsecond=0)
    try:
        when = datetime.fromisoformat(given)
    except ValueError:
        raise ImproperlyConfigured(
            f"SECURITY_TXT_EXPIRES must be an ISO 8601 date or time, not {given!r}"
        ) from None
    if len(given) == 10:  # a date alone
        when = datetime.combine(when.date(), time(23, 59, 59))
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def security_txt_lines() -> list[str]:
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACTS]
    lines.append(f"Expires: {expires().strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append("Preferred-Languages: en, cy")
    lines.append(f"Canonical: {settings.SITE_URL}{reverse('pages:security-txt')}")
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return lines


@require_safe
def security_txt(request):
    response = HttpResponse("\n".join(security_txt_lines()) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
