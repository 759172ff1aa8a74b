"""Assessing bids: who may score, weighted totals, the spread between assessors, and the ranking."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from localdigital.audit.services import record
from localdigital.fund.models import Application, Assignment, Criterion, Score
from localdigital.platform.errors import NotAllowed
from localdigital.platform.permissions import is_assessor

# Assessors whose weighted totals for one bid differ by this many points or more should talk it through.
SPREAD_TO_DISCUSS = Decimal(20)
DECIDED = gettext_lazy("This bid has been decided, so its assessment can no longer change.")


def conflicted(assignment: Assignment) -> str:
    """Why this assessor cannot score this bid, said to them, or "" if they can."""
    if assignment.conflict.strip():
        return gettext("You declared a conflict of interest.")
    if assignment.assessor_id == assignment.application.created_by_id:
        return gettext("You started the bid.")
    if assignment.application.is_bidder(assignment.assessor):
        return gettext("You work for an organisation in the bid.")
    return ""


def _check_open(assignment: Assignment, actor) -> None:
    if not is_assessor(actor, assignment):
        raise NotAllowed(gettext("Only the assigned assessor can assess a bid."))
    if assignment.application.status != Application.Status.SUBMITTED:
        raise NotAllowed(str(DECIDED))


@transaction.atomic
def declare(assignment: Assignment, *, actor, conflict: str) -> Assignment:
    """The assessor says whether they have a conflict of interest ("" for none) before they score."""
    _check_open(assignment, actor)
    assignment.conflict = conflict.strip()
    assignment.declared_at = timezone.now()
    assignment.save(update_fields=["conflict", "declared_at"])
    record(
        "assessor declared a conflict" if assignment.conflict else "assessor declared no conflict",
        assignment.application,
        actor=actor,
        after={"assessor": actor.get_username(), "conflict": assignment.conflict},
    )
    return assignment


def score(assignment: Assignment, marks: dict[int, tuple[int, str]], *, actor) -> None:
    """Record an assessor's score and comment for every criterion (criterion id to (score, comment))."""
    if not is_assessor(actor, assignment):
        raise NotAllowed(gettext("Only the assigned assessor can score a bid."))
    if reason := conflicted(assignment):
        raise NotAllowed(gettext("You cannot score this bid. %(reason)s") % {"reason": reason})
    _check_open(assignment, actor)
    if assignment.declared_at is None:
        raise NotAllowed(gettext("Say whether you have a conflict of interest before you score."))
    round_ = assignment.application.round
    criteria = list(round_.criteria.all())
    if set(marks) != {criterion.pk for criterion in criteria}:
        raise NotAllowed(gettext("Score every criterion."))
    for value, comment in marks.values():
        if not 0 <= value <= round_.scoring_scale:
            raise NotAllowed(
                gettext("Each score must be from 0 to %(scale)s.") % {"scale": round_.scoring_scale}
            )
        if not comment.strip():
            raise NotAllowed(gettext("Give a comment with every score."))
    with transaction.atomic():
        for criterion in criteria:
            value, comment = marks[criterion.pk]
            Score.objects.update_or_create(
                assignment=assignment, criterion=criterion, defaults={"score": value, "comment": comment}
            )
        record("bid scored", assignment.application, actor=actor, after={"assessor": actor.get_username()})


def weighted_total(scores: dict[int, int], criteria: list[Criterion], scale: int) -> Decimal:
    """A percentage: the weighted scores over the most they could be, to one decimal place."""
    most = sum(criterion.weight for criterion in criteria) * scale
    if not most:
        return Decimal(0)
    got = sum(criterion.weight * scores.get(criterion.pk, 0) for criterion in criteria)
    return (Decimal(100) * got / most).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Moderation:
    application: Application
    totals: list[Decimal]  # one per assessor who scored every criterion
    mean: Decimal | None
    spread: Decimal | None
    rank: int | None = None


def moderate(applications: list[Application]) -> list[Moderation]:
    """Each bid's weighted totals by assessor, their mean and spread, ranked by mean (ties share a rank)."""
    rows = []
    for application in applications:
        round_ = application.round
        criteria = list(round_.criteria.all())
        totals = []
        for assignment in application.assignments.all():
            marks = {s.criterion_id: s.score for s in assignment.scores.all()}
            if criteria and len(marks) == len(criteria) and not assignment.conflict.strip():
                totals.append(weighted_total(marks, criteria, round_.scoring_scale))
        mean = (
            (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if totals
            else None
        )
        spread = max(totals) - min(totals) if totals else None
        rows.append(Moderation(application, totals, mean, spread))
    ranked = sorted(
        (row for row in rows if row.mean is not None), key=lambda row: row.mean or Decimal(0), reverse=True
    )
    for index, row in enumerate(ranked):
        row.rank = ranked[index - 1].rank if index and ranked[index - 1].mean == row.mean else index + 1
    return ranked + [row for row in rows if row.mean is None]
