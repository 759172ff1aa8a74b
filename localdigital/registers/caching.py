"""HTTP caching for public registers: validators (ETag, Last-Modified), honest Cache-Control, and the
copies of whole anonymous pages kept in Django's configured cache."""

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import DateField, DateTimeField, Field, Model, QuerySet
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag

# Shared caches may keep open data for a few minutes; HTML pages are always revalidated.
OPEN_DATA_MAX_AGE = 300


Source = type[Model] | Callable[[], QuerySet]


def models_of(sources: Iterable[Source]) -> list[type[Model]]:
    """The models behind a register's sources: a model itself, or the model of a queryset function."""
    found: list[type[Model]] = []
    for source in sources:
        model = source if isinstance(source, type) else source().model
        if model not in found:
            found.append(model)
    return found


def _summaries(model: type[Model]) -> list[tuple[str, bool]]:
    """What changes whenever a row of the model is added, removed or changed in a way it dates: its row
    count, its highest key, and the latest value of every date and time it keeps. Rows that are never
    edited (such as dated updates) have only a creation time; rows with no time of their own (partners,
    outputs) still change the count and the highest key."""
    table = connection.ops.quote_name(model._meta.db_table)
    key = _quoted_column(model._meta.pk)
    columns = [("COUNT(*)", False), (f"MAX({key})", False)]
    columns += [
        (f"MAX({_quoted_column(field)})", isinstance(field, DateTimeField))
        for field in model._meta.concrete_fields
        if isinstance(field, DateField)  # a DateTimeField is one too
    ]
    # Only names from the models' own metadata, quoted, go into the text; no value does.
    return [(f"(SELECT {column} FROM {table})", is_time) for column, is_time in columns]  # noqa: S608


def _quoted_column(field: Field | None) -> str:
    if field is None or not field.column:
        raise ValueError("Only a concrete field with a column can date a register")
    return connection.ops.quote_name(field.column)


def _as_time(value) -> datetime | None:
    if isinstance(value, str):  # SQLite answers a bare subquery with the stored text
        value = parse_datetime(value)
    if not isinstance(value, datetime):
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def fingerprint(models: list[type[Model]]) -> tuple[str, datetime | None]:
    """Everything a register's validators come from, for all its models in one query: a text that
    changes when any of their rows does, and the latest moment any of them records (none in the future,
    such as a link's expiry)."""
    parts = [part for model in models for part in _summaries(model)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(sql for sql, _is_time in parts))
        values = cursor.fetchone()
    now = timezone.now()
    times = [_as_time(value) for value, (_sql, is_time) in zip(values, parts, strict=True) if is_time]
    past = [when for when in times if when is not None and when <= now]
    return ";".join("" if value is None else str(value) for value in values), max(past, default=None)


def _etag(request, data: str) -> str:
    """Changes when the data, the query or the person asking changes."""
    user = getattr(request, "user", None)
    who = user.pk if user is not None and user.is_authenticated else ""
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


def conditional(*sources: Source, policy: Callable = page):
    """Answer GETs with ETag and Last-Modified from the tables of `sources`, and 304 when nothing changed.

    The sources are every model the response shows (a register declares them once, beside its query);
    a function returning a queryset stands for its model. The validators cover whole tables, so they
    change for rows the response may not show: a needless 200, never a stale 304."""
    models: list[type[Model]] = []

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if not models:
                models.extend(models_of(sources))
            data, latest = fingerprint(models)
            # Caches below the view (a page's filter choices, a whole page) key on the same version.
            request.register_version = data
            etag = _etag(request, data)
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


# How long a whole page is kept. Its key changes with the data, so this bounds only what changes with
# the clock alone ("updated 3 days ago").
PAGE_SECONDS = 60
# Where the nonce of the response a copy was made from stood: each response gets a nonce of its own.
_NONCE_MARK = "\x00nonce\x00"


def data_version(request) -> str | None:
    """What `conditional` computed the request's validators from, if it did."""
    return getattr(request, "register_version", None)


def _page_key(request, name: str) -> str | None:
    """The cache key of the page as anyone signed out sees it, or None when this request may not share
    one: someone signed in, a session or flashed messages (which a page may show), or no data version."""
    version = data_version(request)
    user = getattr(request, "user", None)
    if version is None or request.method != "GET" or (user is not None and user.is_authenticated):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or _messages_cookie() in request.COOKIES:
        return None
    query = sorted(request.GET.lists())  # the same parameters in another order: the same page
    raw = f"{version}|{request.get_host()}|{request.path}|{query}|{translation.get_language()}"
    return f"register-page:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _messages_cookie() -> str:
    return getattr(settings, "MESSAGE_COOKIE_NAME", "messages")


def _shareable(request, response) -> bool:
    """Whether a rendered page says nothing of the request beyond its address and nonce: a 200 that sets
    no cookie and used no CSRF token (a signed-out page's forms are GETs)."""
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(hasattr(response, name) for name in ("_csp_config", "_csp_update", "_csp_replace"))
    )


def shared_page(request, name: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The page from Django's cache if someone signed out asked for it at this data version, else
    `render()` (kept for the next person when it is shareable).

    The copy keeps a mark where the response's CSP nonce stood, and each answer from it gets a fresh
    nonce of its own (read from the request, so that the CSP header carries the same one): a nonce is
    never used twice."""
    key = _page_key(request, name)
    if key is not None:
        kept = cache.get(key)
        if kept is not None:
            content_type, body = kept
            if _NONCE_MARK in body:
                body = body.replace(_NONCE_MARK, str(request.csp_nonce))
            return HttpResponse(body, content_type=content_type)
    response = render()
    if key is not None:
        rendered = getattr(response, "render", None)
        if rendered is not None:
            response = rendered()
        if _shareable(request, response):
            body = response.content.decode(response.charset)
            nonce = getattr(request, "_csp_nonce", None)
            if nonce:
                body = body.replace(nonce, _NONCE_MARK)
            cache.set(key, (response["Content-Type"], body), PAGE_SECONDS)
    return response


def shared_data(request, name: str, compute: Callable[[], dict]) -> dict:
    """An API list's body (plain data, before its schema) from Django's cache if someone signed out
    asked for it at this data version, else `compute()`, kept for the next. Same key rules as pages."""
    key = _page_key(request, f"{name}-api")
    if key is None:
        return compute()
    kept = cache.get(key)
    if kept is None:
        kept = compute()
        cache.set(key, kept, PAGE_SECONDS)
    return kept
