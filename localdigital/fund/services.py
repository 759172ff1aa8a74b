"""Changing bids: starting and answering them, partners and budgets, submitting when every rule is met,
and deciding, which makes a funded bid a project."""

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from localdigital.audit.services import changed, record, snapshot
from localdigital.fund import emails
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
from localdigital.organisations import partnerships
from localdigital.organisations.models import Organisation
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform.errors import NotAllowed
from localdigital.platform.permissions import may_act_for
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
        raise NotReady([Problem("status", _("This bid has already been submitted."))])
    found = problems(application, now=now)
    if found:
        raise NotReady(found)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now or timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    record("bid submitted", application, actor=actor, after={"status": application.status})
    _send_receipts(application, actor)
    return application


def _receipt_recipients(application: Application, actor) -> list[tuple[str, emails.BidMessage]]:
    """Who is sent a receipt for a submitted bid: (address, message), one email per address. The
    applicant (whoever started the bid, and whoever submitted it), the finance officer, and the person
    at each partner who confirmed it."""
    link = settings.SITE_URL + application.get_absolute_url()
    receipt = emails.BidReceived.about(
        application, lead=application.lead.name, applicant_email=application.created_by.email, link=link
    )
    recipients: list[tuple[str, emails.BidMessage]] = [
        (application.created_by.email, receipt),
        (actor.email, receipt),
        (
            application.finance_officer_email,
            emails.FinanceOfficerTold.about(
                application,
                finance_officer=application.finance_officer_name,
                lead=application.lead.name,
                amount=application.amount,
                contact=application.contact_name or str(application.created_by),
            ),
        ),
    ]
    partners = application.partners.filter(status=ApplicationPartner.Status.CONFIRMED).select_related(
        "organisation", "decided_by"
    )
    for partner in partners:
        if partner.decided_by is not None:
            told = emails.PartnerTold.about(
                application, partner=partner.organisation.name, lead=application.lead.name, link=link
            )
            recipients.append((partner.decided_by.email, told))
    seen, unique = set(), []
    for address, message in recipients:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append((address, message))
    return unique


def _send_receipts(application: Application, actor) -> None:
    """A receipt to each person the bid concerns, each recorded in the audit trail. The bid is
    submitted whether or not the provider takes every receipt."""
    for address, message in _receipt_recipients(application, actor):
        try:
            message.send(address)
        except gateway.EmailNotSent:
            record("bid receipt not sent", application, actor=actor, after={"to": address})
        else:
            after = {"to": address, "email": message.template}
            record("bid receipt sent", application, actor=actor, after=after)


def not_decidable_yet(application: Application, *, now=None) -> str:
    """Why the bid cannot be decided yet ("" if it can): every bid in a round is judged together, after
    the round has closed, so none is decided while others may still come in."""
    round_ = application.round
    if round_.is_open(now):
        return _("You can decide this bid after %(round)s closes on %(date)s. It is still open for bids.") % {
            "round": round_.name,
            "date": long_date(round_.closes_at),
        }
    return ""


@transaction.atomic
def decide(application: Application, *, funded: bool, feedback: str, actor, now=None) -> Application:
    """Fund or turn down a submitted bid, with feedback emailed to whoever started it. A funded bid
    becomes a project in the register, led by the lead, with the confirmed partners."""
    application = (
        Application.objects.select_for_update().select_related("lead", "created_by").get(pk=application.pk)
    )
    if application.status != Application.Status.SUBMITTED:
        raise NotReady([Problem("status", _("Only a submitted bid can be decided, and only once."))])
    if still_open := not_decidable_yet(application, now=now):
        raise NotReady([Problem("round-open", still_open)])
    application.status = Application.Status.FUNDED if funded else Application.Status.NOT_FUNDED
    application.decided_at = now or timezone.now()
    application.feedback = feedback
    if funded:
        application.project = _project_for(application)
    application.save()
    record("bid decided", application, actor=actor, after={"status": application.status})
    emails.BidDecided.about(application, funded=funded, amount=application.amount, feedback=feedback).send(
        application.created_by.email
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
            decided_by=partner.decided_by,
            decided_at=partner.decided_at or timezone.now(),
        )
    record("project registered from a funded bid", project, actor=application.created_by)
    return project


# The applicant's side: starting a bid, saving answers as they go, partners and the budget.


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I, for reading out on the phone


def _new_reference() -> str:
    for _attempt in range(10):
        reference = "LDF-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _letter in range(6))
        if not Application.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find an unused bid reference")


def can_edit(user, application: Application, *, now=None) -> bool:
    """Members of the lead organisation change a draft bid while its round is open."""
    return (
        application.status == Application.Status.DRAFT
        and application.round.is_open(now)
        and may_act_for(user, application.lead)
    )


def can_see(user, application: Application) -> bool:
    """Members of the lead and of any named partner see a bid; the public sees what the round publishes."""
    if not user.is_authenticated:
        return False
    return organisations_for(user).filter(pk__in=application.bidder_ids()).exists()


def closed_message(application: Application) -> str:
    """Why a bid cannot change, in words for the person trying to."""
    if application.status != Application.Status.DRAFT:
        return _("This bid was submitted on %(date)s, so it can no longer change.") % {
            "date": long_date(application.submitted_at)
        }
    if timing := timing_problems(application, timezone.now()):
        return timing[0].message
    return _("Only people who work for the lead organisation can change this bid.")


def check_editable(user, application: Application) -> None:
    if not can_edit(user, application):
        raise NotAllowed(closed_message(application))


@transaction.atomic
def start(round_: Round, lead: Organisation, user, title: str) -> Application:
    """A member of `lead` starts a draft bid in an open round."""
    if not round_.is_open():
        raise NotAllowed(_("%(round)s is not open for bids.") % {"round": round_.name})
    if not may_act_for(user, lead):
        raise NotAllowed(
            _("Only people who work for %(lead)s can start a bid it leads.") % {"lead": lead.name}
        )
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
        raise NotAllowed(
            _("%(organisation)s is leading this bid, so it cannot also be a partner.")
            % {"organisation": organisation.name}
        )
    return partnerships.invite(ApplicationPartner, application, organisation, user)


@transaction.atomic
def remove_partner(partner: ApplicationPartner, user) -> None:
    check_editable(user, partner.application)
    record("bid partner removed", partner, actor=user, before={"organisation": partner.organisation.name})
    partner.delete()


def _waiting_partnerships(organisations):
    """Bids, in open rounds, that name one of `organisations` as a partner not yet answered."""
    return (
        ApplicationPartner.objects.invited()
        .filter(
            organisation__in=organisations,
            application__status=Application.Status.DRAFT,
            application__round__status=Round.Status.OPEN,
            application__round__closes_at__gt=timezone.now(),
        )
        .select_related("organisation", "application__lead", "application__round")
        .order_by("application__round__closes_at", "pk")
    )


def partners_to_answer(user):
    """Bids, in open rounds, that name an organisation `user` works for as a partner not yet confirmed."""
    return _waiting_partnerships(organisations_for(user))


def _check_answerable(partner: ApplicationPartner, user) -> None:
    application = partner.application
    if application.status != Application.Status.DRAFT or not application.round.is_open():
        raise NotAllowed(closed_message(application))


def _partner_answered(partner: ApplicationPartner, user) -> None:
    """Whoever started the bid is told."""
    application = partner.application
    emails.PartnerAnswered.about(
        application,
        partner=partner.organisation.name,
        confirmed=partner.is_confirmed,
        link=settings.SITE_URL + application.get_absolute_url(),
    ).send(application.created_by.email)


PARTNERSHIPS = partnerships.Kind(
    name="bid",
    model=ApplicationPartner,
    waiting=_waiting_partnerships,
    answer_url=lambda partner: reverse("fund:answer-partnership", args=[partner.pk]),
    check_answerable=_check_answerable,
    answered=_partner_answered,
    audit_named="bid partner named",
    audit_confirmed="bid partner answered",
    audit_declined="bid partner answered",
)


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
