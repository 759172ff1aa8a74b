"""HTTP caching for public registers: validators (ETag, Last-Modified) and honest Cache-Control."""

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.db.models import Count, Max, QuerySet
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

# Shared caches may keep open data for a few minutes; HTML pages are always revalidated.
OPEN_DATA_MAX_AGE = 300


def fingerprint(queryset: QuerySet) -> tuple[datetime | None, int]:
    """When the data behind a register last changed, and how many rows it has, in one query.

    Rows that are never edited (such as dated updates) only have a creation time.
    """
    names = {field.name for field in queryset.model._meta.fields}
    field = "updated_at" if "updated_at" in names else "created_at"
    summary = queryset.order_by().aggregate(latest=Max(field), rows=Count("pk"))
    return summary["latest"], summary["rows"]


def _etag(request, prints: list[tuple[datetime | None, int]]) -> str:
    """Changes when the data, the query or the person asking changes."""
    user = getattr(request, "user", None)
    who = user.pk if user is not None and user.is_authenticated else ""
    data = ";".join(f"{latest.isoformat() if latest else ''},{rows}" for latest, rows in prints)
    raw = f"{data}|{request.get_full_path()}|{who}"
    return quote_etag(hashlib.sha256(raw.encode()).hexdigest()[:32])


def open_data(response):
    """Cache-Control for JSON and CSV: anyone may cache it briefly."""
    patch_cache_control(response, public=True, max_age=OPEN_DATA_MAX_AGE)
    return response


def page(response):
    """Cache-Control for HTML pages: keep a copy, but check it is current before each use."""
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def conditional(*sources: Callable[[], QuerySet], policy: Callable = page):
    """Answer GETs with ETag and Last-Modified from the rows of `sources`, and 304 when nothing changed."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            prints = [fingerprint(source()) for source in sources]
            etag = _etag(request, prints)
            latest = max((when for when, _rows in prints if when is not None), default=None)
            last_modified = int(latest.timestamp()) if latest else None
            response = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if response is None:
                response = view(request, *args, **kwargs)
            if response.status_code in (200, 304):
                response.headers.setdefault("ETag", etag)
                if last_modified is not None:
                    response.headers.setdefault("Last-Modified", http_date(last_modified))
                policy(response)
            return response

        return wrapped

    return decorator
