"""The fund's public pages: rounds, what each makes public, and the awards as 360Giving data."""

from django.db.models import Count, Prefetch, Sum
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from localdigital.fund import open_data
from localdigital.fund.models import Application, ApplicationPartner, Round
from localdigital.organisations.models import Region
from localdigital.projects.models import Project
from localdigital.registers.caching import conditional
from localdigital.registers.caching import open_data as open_data_policy
from localdigital.registers.csv import csv_response
from localdigital.registers.pagination import govuk_pagination, page_of

# Expressions of interest shown on a round's page; the rest are on their own pages.
INTEREST_SHOWN = 10


def public_rounds():
    return Round.objects.exclude(status=Round.Status.DRAFT)


def published_interest():
    """Expressions of interest the bids' rounds publish."""
    return Application.objects.filter(
        interest_sent_at__isnull=False, round__expressions_of_interest=True
    ).exclude(round__status=Round.Status.DRAFT)


def all_applications():
    return Application.objects.all()


@conditional(public_rounds)
def round_list(request):
    return TemplateResponse(
        request, "fund/rounds.html", {"rounds": public_rounds(), "navigation_section": "fund"}
    )


def _bids(round_, statuses):
    partners = (
        ApplicationPartner.objects.filter(status=ApplicationPartner.Status.CONFIRMED)
        .select_related("organisation")
        .order_by("pk")
    )
    return (
        round_.applications.filter(status__in=statuses)
        .select_related("lead", "project")
        .prefetch_related(Prefetch("partners", queryset=partners))
        .order_by("lead__name", "pk")
    )


def _round(slug: str):
    return get_object_or_404(public_rounds().prefetch_related("phases", "criteria"), slug=slug)


def _interest(round_):
    return (
        _bids(round_, Application.Status.values)
        .filter(pk__in=published_interest().values("pk"))
        .order_by("interest_sent_at", "pk")
    )


@conditional(public_rounds, all_applications)
def round_detail(request, slug: str):
    """A round: its rules, its funded projects a page at a time with totals from the database, and its
    first expressions of interest (the rest on their own pages)."""
    round_ = _round(slug)
    funded = _bids(round_, [Application.Status.FUNDED])
    submitted = None
    if round_.expressions_of_interest:
        interest = _interest(round_)
        submitted = {"shown": list(interest[:INTEREST_SHOWN]), "count": interest.count()}
    by_phase = (
        funded.order_by().values("phase").annotate(bids=Count("pk"), amount=Sum("amount")).order_by("phase")
    )
    by_region = (
        funded.order_by()
        .values("lead__region")
        .annotate(bids=Count("pk"), amount=Sum("amount"))
        .order_by("lead__region")
    )
    regions = dict(Region.choices)
    page = page_of(funded, request)
    return TemplateResponse(
        request,
        "fund/round.html",
        {
            "round": round_,
            "funded": page,
            "funded_count": page.paginator.count,
            "pagination": govuk_pagination(page, request),
            "submitted": submitted,
            "total": funded.aggregate(total=Sum("amount"))["total"] or 0,
            "by_phase": by_phase,
            "phase_names": dict(Project.Phase.choices),
            "by_region": [
                {**row, "region": regions.get(row["lead__region"], _("Not in a region"))} for row in by_region
            ],
            "navigation_section": "fund",
        },
    )


@conditional(public_rounds, all_applications)
def round_interest(request, slug: str):
    """Every published expression of interest in a round, a page at a time."""
    round_ = _round(slug)
    if not round_.expressions_of_interest:
        raise Http404("This round does not publish expressions of interest")
    page = page_of(_interest(round_), request)
    return TemplateResponse(
        request,
        "fund/interest.html",
        {
            "round": round_,
            "page": page,
            "pagination": govuk_pagination(page, request),
            "navigation_section": "fund",
        },
    )


@conditional(*open_data.SOURCES, policy=open_data_policy)
def grants_json(request):
    """The 360Giving package, streamed grant by grant in constant memory."""
    if not open_data.awards().exists():
        raise Http404("No grants have been awarded yet")  # a package must hold at least one grant
    grants = (open_data.grant(application) for application in open_data.each_award())
    return StreamingHttpResponse(open_data.package_chunks(grants), content_type="application/json")


@conditional(*open_data.SOURCES, policy=open_data_policy)
def grants_csv(request):
    rows = (open_data.csv_row(open_data.grant(application)) for application in open_data.each_award())
    return csv_response("local-digital-fund-360giving.csv", open_data.CSV_HEADER, rows)
