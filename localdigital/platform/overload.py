"""Shedding load past capacity: a quick 503 rather than a minute in the queue.

Our proxy stamps each request with when it arrived (`X-Request-Start: t=<seconds since 1970>`, as nginx's
`proxy_set_header X-Request-Start "t=${msec}";` does; milliseconds and microseconds are read too). A
request that has already waited longer than OVERLOAD_QUEUE_MS in the queues in front of the application
(the proxy's, the listening socket's, gunicorn's) is answered at once with 503 and Retry-After, before
Django or the database see it: it costs a fraction of a millisecond, so past capacity the queue drains
instead of growing, and everyone else is answered within about OVERLOAD_QUEUE_MS. Nothing a shed request
asked for was done, so nothing acknowledged is ever lost; the person's browser can simply try again.

Only with TRUSTED_PROXY_COUNT above 0 (the stamp is then our proxy's) and OVERLOAD_QUEUE_MS above 0.
Liveness and health checks are never shed, so a busy instance is not taken for a dead one.
"""

import logging
import time

from django.conf import settings

logger = logging.getLogger(__name__)
NEVER_SHED = ("/livez", "/healthz")
BODY = (
    b"<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Sorry, the service is busy - Local Digital"
    b"</title><h1>Sorry, the service is busy</h1><p>Too many people are using it at once. Wait a moment, "
    b"then try again. Nothing you sent has been kept.</p></html>"
)


def queue_seconds(environ, now: float | None = None) -> float | None:
    """How long the request waited before reaching the application, from its X-Request-Start stamp."""
    raw = environ.get("HTTP_X_REQUEST_START", "").strip().removeprefix("t=")
    try:
        stamp = float(raw)
    except ValueError:
        return None
    if stamp > 1e14:  # microseconds
        stamp /= 1e6
    elif stamp > 1e11:  # milliseconds
        stamp /= 1e3
    return (time.time() if now is None else now) - stamp


class ShedLoad:
    """WSGI middleware around the whole application (see localdigital/wsgi.py)."""

    def __init__(self, application):
        self.application = application
        self.shed = 0

    def __call__(self, environ, start_response):
        limit = settings.OVERLOAD_QUEUE_MS / 1000
        if (
            limit > 0
            and settings.TRUSTED_PROXY_COUNT
            and not environ.get("PATH_INFO", "").startswith(NEVER_SHED)
        ):
            waited = queue_seconds(environ)
            if waited is not None and waited > limit:
                self.shed += 1
                if self.shed == 1 or self.shed % 1000 == 0:
                    logger.warning(
                        "Over capacity: %d requests shed so far (this one waited %.2f s)", self.shed, waited
                    )
                start_response(
                    "503 Service Unavailable",
                    [
                        ("Content-Type", "text/html; charset=utf-8"),
                        ("Content-Length", str(len(BODY))),
                        ("Retry-After", str(settings.OVERLOAD_RETRY_AFTER_SECONDS)),
                        ("Cache-Control", "no-store"),
                    ],
                )
                return [BODY]
        return self.application(environ, start_response)
