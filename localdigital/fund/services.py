"""Changing bids: starting and answering them, partners and budgets, submitting when every rule is met,
and deciding, which makes a funded bid a project."""

import secrets

from django.db import transaction
from django.utils import timezone

from localdigital.audit.services import changed, record, snapshot
from localdigital.fund.eligibility import (
    Problem,
    check_finance_officer_email,
    interest_problems,
    long_date,
    problems,
    timing_problems,
)
from localdigital.fund.models import Application, ApplicationPartner, BudgetLine, Round
from localdigital.notifications import gateway
from localdigital.organisations.models import Organisation
from localdigital.organisations.services.membership import is_member, organisations_for
from localdigital.projects.models import Project, ProjectPartner


class NotReady(Exception):
    """The bid breaks rules of its round; `problems` says which, in words for the applicant."""

    def __init__(self, found: list[Problem]):
        super().__init__("; ".join(problem.message for problem in found))
        self.problems = found


@transaction.atomic
def submit(application: Application, *, actor, now=None) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.DRAFT:
        raise NotReady([Problem("status", "This bid has already been submitted.")])
    found = problems(application, now=now)
    if found:
        raise NotReady(found)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now or timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    record("bid submitted", application, actor=actor, after={"status": application.status})
    _send_receipts(application, actor)
    return application


def _receipt_recipients(application: Application, actor) -> list[tuple[str, str, dict]]:
    """Who is sent a receipt for a submitted bid: (address, template, extra context), one email per
    address. The applicant (whoever started the bid, and whoever submitted it), the finance officer,
    and the person at each partner who confirmed it."""
    recipients: list[tuple[str, str, dict]] = [
        (application.created_by.email, "fund_bid_received", {}),
        (actor.email, "fund_bid_received", {}),
        (application.finance_officer_email, "fund_bid_received_finance_officer", {}),
    ]
    partners = application.partners.filter(status=ApplicationPartner.Status.CONFIRMED).select_related(
        "organisation", "confirmed_by"
    )
    for partner in partners:
        if partner.confirmed_by is not None:
            recipients.append(
                (partner.confirmed_by.email, "fund_bid_received_partner", {"partner": partner.organisation})
            )
    seen, unique = set(), []
    for address, template, extra in recipients:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append((address, template, extra))
    return unique


def _send_receipts(application: Application, actor) -> None:
    """A receipt to each person the bid concerns, each recorded in the audit trail. The bid is
    submitted whether or not the provider takes every receipt."""
    for address, template, extra in _receipt_recipients(application, actor):
        try:
            gateway.send(address, template, {"application": application, **extra})
        except gateway.EmailNotSent:
            record("bid receipt not sent", application, actor=actor, after={"to": address})
        else:
            record("bid receipt sent", application, actor=actor, after={"to": address, "email": template})


def not_decidable_yet(application: Application, *, now=None) -> str:
    """Why the bid cannot be decided yet ("" if it can): every bid in a round is judged together, after
    the round has closed, so none is decided while others may still come in."""
    round_ = application.round
    if round_.is_open(now):
        return (
            f"You can decide this bid after {round_.name} closes on {long_date(round_.closes_at)}. "
            "It is still open for bids."
        )
    return ""


@transaction.atomic
def decide(application: Application, *, funded: bool, feedback: str, actor, now=None) -> Application:
    """Fund or turn down a submitted bid, with feedback emailed to whoever started it. A funded bid
    becomes a project in the register, led by the lead, with the confirmed partners."""
    application = (
        Application.objects.select_for_update().select_related("lead", "created_by").get(pk=application.pk)
    )
    if application.status != Application.Status.SUBMITTED:
        raise NotReady([Problem("status", "Only a submitted bid can be decided, and only once.")])
    if still_open := not_decidable_yet(application, now=now):
        raise NotReady([Problem("round-open", still_open)])
    application.status = Application.Status.FUNDED if funded else Application.Status.NOT_FUNDED
    application.decided_at = now or timezone.now()
    application.feedback = feedback
    if funded:
        application.project = _project_for(application)
    application.save()
    record("bid decided", application, actor=actor, after={"status": application.status})
    gateway.send(
        application.created_by.email,
        "fund_decision",
        {"application": application, "funded": funded, "feedback": feedback},
    )
    return application


def _budget_band(amount) -> str:
    for limit, band in (
        (50_000, Project.Budget.UNDER_50K),
        (250_000, Project.Budget.FROM_50K),
        (1_000_000, Project.Budget.FROM_250K),
    ):
        if amount < limit:
            return band
    return Project.Budget.OVER_1M


def public_contact_name(application: Application) -> str:
    """The name published as a funded bid's contact: a person's name, never an email address. A bid
    from before the contact was asked for falls back to its lead's name."""
    for name in (application.contact_name, application.created_by.full_name):
        if name.strip() and "@" not in name:
            return name.strip()
    return f"The bid team at {application.lead.name}"


def _project_for(application: Application) -> Project:
    project = Project.objects.create(
        title=application.title,
        problem=application.problem,
        building=application.plan,
        phase=application.phase,
        status=Project.Status.ACTIVE,
        collaboration=Project.Collaboration.SHARE_FUNDING,
        lead=application.lead,
        owner=application.created_by,
        contact_name=public_contact_name(application),
        contact_email=application.created_by.email,
        tags=[application.round.slug],
        budget=_budget_band(application.amount),
    )
    for partner in application.partners.filter(status=ApplicationPartner.Status.CONFIRMED):
        ProjectPartner.objects.create(
            project=project,
            organisation_id=partner.organisation_id,
            status=ProjectPartner.Status.CONFIRMED,
            requested_by=application.created_by,
            decided_by=partner.confirmed_by,
            decided_at=timezone.now(),
        )
    record("project registered from a funded bid", project, actor=application.created_by)
    return project


# The applicant's side: starting a bid, saving answers as they go, partners and the budget.


class NotAllowed(Exception):
    """The person may not do this to this bid (not a member of the lead, or the bid can no longer change)."""


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I, for reading out on the phone


def _new_reference() -> str:
    for _ in range(10):
        reference = "LDF-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not Application.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find an unused bid reference")


def can_edit(user, application: Application, *, now=None) -> bool:
    """Members of the lead organisation change a draft bid while its round is open."""
    return (
        application.status == Application.Status.DRAFT
        and application.round.is_open(now)
        and is_member(user, application.lead)
    )


def can_see(user, application: Application) -> bool:
    """Members of the lead and of any named partner see a bid; the public sees what the round publishes."""
    if not user.is_authenticated:
        return False
    return organisations_for(user).filter(pk__in=application.bidder_ids()).exists()


def closed_message(application: Application) -> str:
    """Why a bid cannot change, in words for the person trying to."""
    if application.status != Application.Status.DRAFT:
        return f"This bid was submitted on {long_date(application.submitted_at)}, so it can no longer change."
    if timing := timing_problems(application, timezone.now()):
        return timing[0].message
    return "Only people who work for the lead organisation can change this bid."


def check_editable(user, application: Application) -> None:
    if not can_edit(user, application):
        raise NotAllowed(closed_message(application))


@transaction.atomic
def start(round_: Round, lead: Organisation, user, title: str) -> Application:
    """A member of `lead` starts a draft bid in an open round."""
    if not round_.is_open():
        raise NotAllowed(f"{round_.name} is not open for bids.")
    if not is_member(user, lead):
        raise NotAllowed(f"Only people who work for {lead.name} can start a bid it leads.")
    application = Application.objects.create(
        round=round_,
        lead=lead,
        created_by=user,
        title=title,
        contact_name=user.full_name,
        reference=_new_reference(),
    )
    record(
        "bid started", application, actor=user, after=snapshot(application, ["title", "lead", "contact_name"])
    )
    return application


ANSWER_FIELDS = {
    "title",
    "contact_name",
    "phase",
    "amount",
    "problem",
    "users",
    "plan",
    "team",
    "finance_officer_name",
    "finance_officer_email",
    "open_licence",
}


@transaction.atomic
def save_answers(application: Application, user, answers: dict) -> Application:
    """Save some of a draft bid's answers (one question page's worth). A finance officer's address
    not at one of the lead's domains is refused with a ValidationError."""
    check_editable(user, application)
    unknown = set(answers) - ANSWER_FIELDS
    if unknown:
        raise ValueError(f"Not answers to a bid: {', '.join(sorted(unknown))}")
    if answers.get("finance_officer_email"):
        check_finance_officer_email(
            application.lead, answers["finance_officer_email"], [application.created_by, user]
        )
    before = snapshot(application, list(answers))
    for name, value in answers.items():
        setattr(application, name, value)
    application.save(update_fields=[*answers, "updated_at"])
    old, new = changed(before, snapshot(application, list(answers)))
    if new:
        record("bid changed", application, actor=user, before=old, after=new)
    return application


@transaction.atomic
def send_interest(application: Application, user, *, now=None) -> Application:
    """Send (and publish) the bid's expression of interest: its title, lead, partners, phase and problem."""
    check_editable(user, application)
    found = interest_problems(application, now=now)
    if found:
        raise NotReady(found)
    application.interest_sent_at = now or timezone.now()
    application.save(update_fields=["interest_sent_at", "updated_at"])
    record("expression of interest sent", application, actor=user)
    return application


@transaction.atomic
def name_partner(application: Application, organisation: Organisation, user) -> ApplicationPartner:
    """The lead names a partner; it counts once someone who works there confirms."""
    check_editable(user, application)
    if organisation.pk == application.lead_id:
        raise NotAllowed(f"{organisation.name} is leading this bid, so it cannot also be a partner.")
    partner, created = ApplicationPartner.objects.get_or_create(
        application=application, organisation=organisation
    )
    if created:
        record("bid partner named", partner, actor=user, after={"organisation": organisation.name})
    return partner


@transaction.atomic
def remove_partner(partner: ApplicationPartner, user) -> None:
    check_editable(user, partner.application)
    record("bid partner removed", partner, actor=user, before={"organisation": partner.organisation.name})
    partner.delete()


def partners_to_answer(user):
    """Bids, in open rounds, that name an organisation `user` works for as a partner not yet confirmed."""
    return (
        ApplicationPartner.objects.filter(
            organisation__in=organisations_for(user),
            status=ApplicationPartner.Status.NAMED,
            application__status=Application.Status.DRAFT,
            application__round__status=Round.Status.OPEN,
            application__round__closes_at__gt=timezone.now(),
        )
        .select_related("organisation", "application__lead", "application__round")
        .order_by("application__round__closes_at", "pk")
    )


@transaction.atomic
def answer_partnership(partner: ApplicationPartner, user, *, confirm: bool) -> ApplicationPartner:
    """Someone who works for the partner confirms or declines; whoever started the bid is told."""
    partner = (
        ApplicationPartner.objects.select_for_update()
        .select_related("application__round", "application__created_by", "organisation")
        .get(pk=partner.pk)
    )
    application = partner.application
    if not is_member(user, partner.organisation):
        raise NotAllowed(f"Only people who work for {partner.organisation.name} can answer for it.")
    if application.status != Application.Status.DRAFT or not application.round.is_open():
        raise NotAllowed(closed_message(application))
    before = partner.status
    partner.status = ApplicationPartner.Status.CONFIRMED if confirm else ApplicationPartner.Status.DECLINED
    partner.confirmed_by = user
    partner.save(update_fields=["status", "confirmed_by"])
    record(
        "bid partner answered",
        partner,
        actor=user,
        before={"status": before},
        after={"status": partner.status},
    )
    gateway.send(
        application.created_by.email,
        "fund_partner_answered",
        {"application": application, "partner": partner, "confirmed": confirm},
    )
    return partner


@transaction.atomic
def add_budget_line(application: Application, user, *, item: str, amount) -> BudgetLine:
    check_editable(user, application)
    line = BudgetLine.objects.create(application=application, item=item, amount=amount)
    record("bid budget line added", application, actor=user, after={"item": item, "amount": str(amount)})
    return line


@transaction.atomic
def remove_budget_line(line: BudgetLine, user) -> None:
    check_editable(user, line.application)
    record(
        "bid budget line removed",
        line.application,
        actor=user,
        before={"item": line.item, "amount": str(line.amount)},
    )
    line.delete()
