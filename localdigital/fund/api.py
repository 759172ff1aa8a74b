"""/api/v1/fund/rounds and /api/v1/fund/awards: the fund's public data as JSON."""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from localdigital.fund.open_data import awards, org_id
from localdigital.fund.views import public_rounds, published_interest

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


@router.get("/awards", response=list[AwardOut], summary="Funded bids")
def award_list(request: HttpRequest):
    """Every funded bid, oldest decision first: the awards in /fund/360giving.json, with partners."""
    return [
        {
            **_bid(a),
            "amount": a.amount,
            "awarded_on": a.decided_at.date(),  # type: ignore[union-attr]  # a funded bid was decided
            "lead_org_id": org_id(a.lead),
        }
        for a in awards().prefetch_related("partners__organisation")
    ]


@router.get("/interest", response=list[InterestOut], summary="Expressions of interest")
def interest_list(request: HttpRequest):
    """Expressions of interest in rounds that publish them, oldest first, with confirmed partners."""
    return [
        {**_bid(a), "problem": a.problem, "sent_on": a.interest_sent_at.date()}
        for a in published_interest()
        .select_related("round", "lead")
        .prefetch_related("partners__organisation")
        .order_by("interest_sent_at", "pk")
    ]
