"""Pledging support: the form, the emailed links, and the public counts and names."""

import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from localdigital.abuse import services as abuse
from localdigital.organisations.models import Organisation
from localdigital.platform import ratelimit
from localdigital.platform.clients import client_ip
from localdigital.platform.emails import email_domain
from localdigital.pledges import charts, services
from localdigital.pledges.forms import PledgeForm, WithdrawLinkForm
from localdigital.pledges.models import Pledge
from localdigital.registers.csv import csv_response
from localdigital.registers.pagination import govuk_pagination

ADDRESS_BURST = ratelimit.Limit("address-burst", hits=20, seconds=60)
ADDRESS_SUSTAINED = ratelimit.Limit("address-sustained", hits=100, seconds=60 * 60)
DOMAIN = ratelimit.Limit("domain", hits=500, seconds=60 * 60)
EMAIL_COOKIE = "pledge_email"
# Counts may be this old in a shared cache, and served a while longer while they are refreshed.
COUNTS_MAX_AGE = 5
COUNTS_STALE_WHILE_REVALIDATE = 30

TOO_MANY = _(
    "Too many pledges have come from your internet connection or email provider in a short time. "
    "Wait a few minutes, then try again."
)
BLOCKED = _(
    "We cannot take a pledge from this internet connection or email address. If you think this is "
    "wrong, email %(contact)s."
)


def _refused(request, email: str) -> tuple[int, str] | None:
    """Why a pledge from this request must be refused: the HTTP status and words for the person, or None."""
    rules = abuse.rules()
    address = client_ip(request)
    domain = email_domain(email)
    address_rule, domain_rule = rules.address(address), rules.domain(domain)
    if "block" in (address_rule, domain_rule):
        return 403, BLOCKED % {"contact": settings.CONTACT_EMAIL}
    checks = []
    if address_rule != "allow":
        key = ratelimit.address_key(address)
        checks += [(key, ADDRESS_BURST), (key, ADDRESS_SUSTAINED)]
    if domain_rule != "allow":
        checks.append((f"domain:{domain}"[:80], DOMAIN))
    if ratelimit.exceeded(checks):
        return 429, str(TOO_MANY)
    return None


def _check_email(email: str):
    response = redirect("pledges:check-email")
    response.set_signed_cookie(
        EMAIL_COOKIE,
        email,
        salt=EMAIL_COOKIE,
        max_age=60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@require_http_methods(["GET", "POST"])
def pledge(request):
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            return _check_email(data["email"])  # a robot: answered like anyone, and nothing kept
        refusal = _refused(request, data["email"])
        if refusal is None:
            services.submit(
                name=data["name"],
                email=data["email"],
                organisation_id=data["organisation"],
                role=data["role"],
                show_name=data["show_name"],
            )
            return _check_email(data["email"])
        status, message = refusal
        form.add_error(None, message)
        return TemplateResponse(request, "pledges/pledge.html", {"form": form}, status=status)
    return TemplateResponse(
        request,
        "pledges/pledge.html",
        {"form": form, "counts": services.counts()},
        status=400 if form.errors else 200,
    )


def check_email(request):
    email = request.get_signed_cookie(EMAIL_COOKIE, default="", salt=EMAIL_COOKIE, max_age=60 * 60)
    return TemplateResponse(
        request, "pledges/check_email.html", {"email": email, "minutes": _email_minutes()}
    )


def _email_minutes() -> int:
    """How often at most an address is emailed: the check-your-email pages say only what is true."""
    return int(services.EMAIL_AT_MOST_EVERY.total_seconds() // 60)


def _link_problem(request, problem: services.LinkProblem, *, withdraw: bool):
    return TemplateResponse(
        request,
        "pledges/link_problem.html",
        {"problem": problem, "withdraw": withdraw},
        status=410 if problem.kind == "expired" else 404,
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """The link in the email asks for a click first, so that email scanners do not use it up."""
    try:
        if request.method == "POST":
            services.confirm(token)
            return redirect("pledges:confirmed")
        services.pending_for(token)
    except services.LinkProblem as problem:
        return _link_problem(request, problem, withdraw=False)
    return TemplateResponse(request, "pledges/confirm.html", {})


def confirmed(request):
    return TemplateResponse(request, "pledges/confirmed.html", {})


@require_http_methods(["GET", "POST"])
def withdraw(request, token: str):
    try:
        if request.method == "POST":
            services.withdraw(token)
            return redirect("pledges:withdrawn")
        pledge = services.withdrawable_for(token)
    except services.LinkProblem as problem:
        return _link_problem(request, problem, withdraw=True)
    return TemplateResponse(request, "pledges/withdraw.html", {"confirmed": pledge.status == "confirmed"})


def withdrawn(request):
    return TemplateResponse(request, "pledges/withdrawn.html", {})


@require_http_methods(["GET", "POST"])
def withdraw_link(request):
    """Ask for a new link to withdraw; the answer is the same whether or not the address has pledged."""
    form = WithdrawLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        refusal = _refused(request, email)
        if refusal is None:
            services.request_withdraw_link(email)
            return TemplateResponse(
                request, "pledges/withdraw_link_sent.html", {"email": email, "minutes": _email_minutes()}
            )
        status, message = refusal
        form.add_error(None, message)
        return TemplateResponse(request, "pledges/withdraw_link.html", {"form": form}, status=status)
    return TemplateResponse(
        request, "pledges/withdraw_link.html", {"form": form}, status=400 if form.errors else 200
    )


def counts_headers(request, counts, render):
    """Answer from the counts with validators and stale-while-revalidate, or 304 if unchanged.

    Not `registers.caching.conditional`: its validators cost a query of the tables on every read, and
    these come from the counts this process already holds (no query; the count API must take thousands
    of reads a second). The counts row is rewritten by every tally (every TALLY_EVERY_SECONDS), so an
    organisation's new name shows within seconds. Moving these onto that mechanism needs it to take a
    fingerprint from a memo; until then this is the one other validator."""
    raw = f"{counts.updated_at.isoformat()}|{request.get_full_path()}"
    etag = quote_etag(hashlib.sha256(raw.encode()).hexdigest()[:32])
    last_modified = int(counts.updated_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified) or render()
    if response.status_code in (200, 304):
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(
            response,
            public=True,
            max_age=COUNTS_MAX_AGE,
            stale_while_revalidate=COUNTS_STALE_WHILE_REVALIDATE,
        )
    return response


@require_GET
def supporters(request):
    """Counts, pledges by day, and the names of people who chose to be listed."""
    counts = services.counts()
    names = (
        Pledge.objects.filter(status=Pledge.Status.CONFIRMED, show_name=True)
        .select_related("organisation")
        .only(
            "name",
            "role",
            "confirmed_at",
            "organisation__name",
            "organisation__slug",
            "organisation__gss_code",
        )
        .order_by("-confirmed_at", "-id")
    )
    page = Paginator(names, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "pledges/supporters.html",
        {
            "counts": counts,
            "page": page,
            "pagination": govuk_pagination(page, request),
            "days": charts.by_day(services.daily()),
        },
    )


@require_GET
def daily_csv(request):
    """Confirmed pledges by the day they were confirmed, optionally for one organisation."""
    organisation = None
    if wanted := request.GET.get("organisation"):
        organisation = Organisation.objects.find(wanted)
        if organisation is None:
            raise Http404("No organisation with that slug or GSS code")
    counts = services.counts()

    def render():
        running = 0
        rows = []
        for day, count in services.daily(organisation):
            running += count
            rows.append((day, count, running))
        return csv_response("pledges-by-day.csv", ["date", "pledges_confirmed", "running_total"], rows)

    return counts_headers(request, counts, render)
