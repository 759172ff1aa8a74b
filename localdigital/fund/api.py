"""/api/v1/fund/rounds, /api/v1/fund/awards and /api/v1/fund/interest: the fund's public data as JSON."""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from localdigital.fund.open_data import awards, org_id
from localdigital.fund.views import public_rounds, published_interest
from localdigital.registers.pagination import API_DEFAULT_LIMIT, api_slice
from localdigital.registers.register import Links

router = Router(tags=["Fund"])


class PhaseCap(Schema):
    phase: str
    cap: Decimal


class RoundOut(Schema):
    slug: str
    name: str
    status: str
    opens_at: datetime
    closes_at: datetime
    minimum_organisations: int
    maximum_bids_led: int
    partners_must_be_signatories: bool
    lead_types: list[str]
    phases: list[PhaseCap]


class AwardOut(Schema):
    reference: str
    round: str
    title: str
    phase: str
    amount: Decimal
    awarded_on: date
    lead_id: str
    lead_org_id: str
    lead_name: str
    partners: list[str]


class InterestOut(Schema):
    reference: str
    round: str
    title: str
    phase: str
    problem: str
    sent_on: date
    lead_id: str
    lead_name: str
    partners: list[str]


class AwardPage(Schema):
    count: int
    limit: int
    offset: int
    links: Links
    items: list[AwardOut]


class InterestPage(Schema):
    count: int
    limit: int
    offset: int
    links: Links
    items: list[InterestOut]


class BidQuery(Schema):
    round: str | None = None
    limit: int = API_DEFAULT_LIMIT
    offset: int = 0


def _bid(application) -> dict:
    """What the awards and the expressions of interest both say about a bid."""
    return {
        "reference": application.reference,
        "round": application.round.slug,
        "title": application.title,
        "phase": application.phase,
        "lead_id": application.lead.identifier,
        "lead_name": application.lead.name,
        "partners": [
            p.organisation.identifier for p in application.partners.all() if p.status == "confirmed"
        ],
    }


@router.get("/rounds", response=list[RoundOut], summary="Funding rounds")
def rounds(request: HttpRequest):
    """Every round that is not a draft, newest first, with its rules and the cap for each phase."""
    return [
        {
            **{field: getattr(r, field) for field in RoundOut.model_fields if field != "phases"},
            "phases": [{"phase": p.phase, "cap": p.cap} for p in r.phases.all()],
        }
        for r in public_rounds().prefetch_related("phases")
    ]


def _in_round(bids, query: BidQuery):
    return bids.filter(round__slug=query.round) if query.round else bids


def _award(a) -> dict:
    return {**_bid(a), "amount": a.amount, "awarded_on": a.decided_at.date(), "lead_org_id": org_id(a.lead)}


def _interest(a) -> dict:
    return {**_bid(a), "problem": a.problem, "sent_on": a.interest_sent_at.date()}


@router.get("/awards", response=AwardPage, url_name="fund-awards", summary="Funded bids")
def award_list(request: HttpRequest, query: Query[BidQuery]):
    """Funded bids, oldest decision first, a slice at a time: the awards in /fund/360giving.json, with
    partners; `round` keeps one round's (by its slug)."""
    return api_slice(
        _in_round(awards(), query).prefetch_related("partners__organisation"),
        limit=query.limit,
        offset=query.offset,
        base_url=settings.SITE_URL + reverse("api-v1:fund-awards"),
        params={"round": query.round or ""},
        serialise=_award,
    )


@router.get("/interest", response=InterestPage, url_name="fund-interest", summary="Expressions of interest")
def interest_list(request: HttpRequest, query: Query[BidQuery]):
    """Expressions of interest in rounds that publish them, oldest first, a slice at a time, with
    confirmed partners; `round` keeps one round's (by its slug)."""
    bids = (
        published_interest()
        .select_related("round", "lead")
        .prefetch_related("partners__organisation")
        .order_by("interest_sent_at", "pk")
    )
    return api_slice(
        _in_round(bids, query),
        limit=query.limit,
        offset=query.offset,
        base_url=settings.SITE_URL + reverse("api-v1:fund-interest"),
        params={"round": query.round or ""},
        serialise=_interest,
    )
