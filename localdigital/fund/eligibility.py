"""A round's rules, checked for a bid: each broken rule explained in plain words, with what to do."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from localdigital.fund.models import Application, ApplicationPartner
from localdigital.fund.wording import in_sentence, with_article
from localdigital.jinja2 import govuk_date, govuk_time
from localdigital.organisations.models import Organisation
from localdigital.platform.emails import mailbox
from localdigital.signing.models import Signing
from localdigital.signing.services import check_approver_email


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str


def money(amount: Decimal) -> str:
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def long_date(moment) -> str:
    """A day and time the GOV.UK way, in the current language: 4 July 2026 at 5pm."""
    return _("%(date)s at %(time)s") % {"date": govuk_date(moment), "time": govuk_time(moment)}


def signatory_ids(organisation_ids) -> set[int]:
    return set(
        Signing.objects.filter(
            organisation_id__in=organisation_ids, status=Signing.Status.SIGNED
        ).values_list("organisation_id", flat=True)
    )


def problems(application: Application, *, now=None) -> list[Problem]:
    """Every rule of the round this bid does not meet yet; submitting needs none."""
    round_ = application.round
    partners = list(application.partners.select_related("organisation"))
    signed = signatory_ids([application.lead_id, *(p.organisation_id for p in partners)])
    found = [
        *timing_problems(application, now or timezone.now()),
        *_lead(application, signed),
        *_partners(application, partners, signed),
        *_money(application),
        *_budget(application),
        *_answers(application),
        *_interest(application),
    ]
    confirmed = [p for p in partners if p.status == ApplicationPartner.Status.CONFIRMED]
    counted = 1 + sum(1 for p in confirmed if p.organisation_id in signed)
    if counted < round_.minimum_organisations:
        found.append(
            Problem(
                "minimum-organisations",
                ngettext(
                    "This round needs at least %(num)s organisation that has signed the Declaration in each "
                    "bid, the lead included. This bid has %(counted)s so far: add partners, and ask them to "
                    "confirm.",
                    "This round needs at least %(num)s organisations that have signed the Declaration in "
                    "each bid, the lead included. This bid has %(counted)s so far: add partners, and ask "
                    "them to confirm.",
                    round_.minimum_organisations,
                )
                % {"num": round_.minimum_organisations, "counted": counted},
            )
        )
    return found


def timing_problems(application: Application, now) -> list[Problem]:
    """Whether the round takes changes to bids now: not before it opens, nor after it closes."""
    round_ = application.round
    if now < round_.opens_at or round_.status == round_.Status.DRAFT:
        return [Problem("round-open", _("%(round)s is not open for bids yet.") % {"round": round_.name})]
    if now >= round_.closes_at or round_.status != round_.Status.OPEN:
        return [
            Problem(
                "round-open",
                _("%(round)s closed on %(date)s: bids can no longer change.")
                % {"round": round_.name, "date": long_date(round_.closes_at)},
            )
        ]
    return []


def _lead(application: Application, signed: set[int]) -> list[Problem]:
    round_, lead = application.round, application.lead
    found = []
    if lead.pk not in signed:
        found.append(
            Problem(
                "lead-signatory",
                _("%(lead)s has not signed the Declaration. Only signatories can lead a bid.")
                % {"lead": lead.name},
            )
        )
    if round_.lead_types and lead.type not in round_.lead_types:
        found.append(
            Problem(
                "lead-type",
                _(
                    "%(type)s can be a partner in this round but cannot lead a bid. Ask a partner "
                    "that is one "
                    "of these to lead: %(types)s."
                )
                % {
                    "type": with_article(in_sentence(lead.get_type_display()), start=True),
                    "types": ", ".join(round_.lead_types_in_sentence()),
                },
            )
        )
    led = (
        Application.objects.filter(round=round_, lead=lead)
        .exclude(pk=application.pk)
        .exclude(status=Application.Status.DRAFT)
        .count()
    )
    if led >= round_.maximum_bids_led:
        found.append(
            Problem(
                "bids-led",
                ngettext(
                    "%(lead)s already leads %(num)s submitted bid in this round, the most one organisation "
                    "may lead. Another organisation in the group could lead this one.",
                    "%(lead)s already leads %(num)s submitted bids in this round, the most one organisation "
                    "may lead. Another organisation in the group could lead this one.",
                    led,
                )
                % {"lead": lead.name, "num": led},
            )
        )
    return found


def _partners(
    application: Application, partners: list[ApplicationPartner], signed: set[int]
) -> list[Problem]:
    found = []
    for partner in partners:
        name = partner.organisation.name
        if partner.status == ApplicationPartner.Status.INVITED:
            found.append(
                Problem(
                    "partner-confirmed",
                    _(
                        "%(name)s has not confirmed it is a partner yet. Someone who works there "
                        "confirms it on "
                        "their account page."
                    )
                    % {"name": name},
                )
            )
        elif partner.status == ApplicationPartner.Status.DECLINED:
            found.append(
                Problem(
                    "partner-confirmed",
                    _("%(name)s declined to be a partner. Remove it from the bid.") % {"name": name},
                )
            )
        if application.round.partners_must_be_signatories and partner.organisation_id not in signed:
            found.append(
                Problem(
                    "partner-signatory",
                    _(
                        "%(name)s has not signed the Declaration, and in this round every partner "
                        "must have signed."
                    )
                    % {"name": name},
                )
            )
    return found


def _money(application: Application) -> list[Problem]:
    round_ = application.round
    caps = {phase.phase: phase.cap for phase in round_.phases.all()}
    if application.phase not in caps:
        allowed = ", ".join(phase.get_phase_display().lower() for phase in round_.phases.all())
        return [Problem("phase", _("Choose a phase this round funds: %(phases)s.") % {"phases": allowed})]
    found = []
    cap, amount = caps[application.phase], application.amount
    if amount is None or amount <= 0:
        found.append(Problem("amount", _("Enter how much the bid asks for.")))
    elif amount > cap:
        found.append(
            Problem(
                "amount",
                _(
                    "The most %(phase)s bid can ask for in this round is %(cap)s. This bid asks for "
                    "%(amount)s."
                )
                % {
                    "phase": with_article(in_sentence(application.get_phase_display())),
                    "cap": money(cap),
                    "amount": money(amount),
                },
            )
        )
    return found


def _budget(application: Application) -> list[Problem]:
    """The budget is done when it has lines and they add up to the amount the bid asks for."""
    lines = list(application.budget_lines.all())
    if not lines:
        return [Problem("budget", _("Add the budget: a line for each thing the money is for."))]
    total, amount = sum((line.amount for line in lines), Decimal(0)), application.amount
    if amount is None:
        return [
            Problem(
                "budget",
                _(
                    "The budget lines add up to %(total)s. Say how much the bid asks for: they must "
                    "be the same."
                )
                % {"total": money(total)},
            )
        ]
    if total != amount:
        return [
            Problem(
                "budget",
                _(
                    "The budget lines add up to %(total)s, but the bid asks for %(amount)s. They "
                    "must be the same."
                )
                % {"total": money(total), "amount": money(amount)},
            )
        ]
    return []


def _interest(application: Application) -> list[Problem]:
    round_ = application.round
    if not round_.expressions_of_interest or application.interest_sent_at:
        return []
    if round_.interest_closes_at:
        message = _(
            "This round asks for an expression of interest first by %(date)s, and this bid has not "
            "sent one. "
            "Send it from the bid's page."
        ) % {"date": long_date(round_.interest_closes_at)}
    else:
        message = _(
            "This round asks for an expression of interest first, and this bid has not sent one. "
            "Send it from "
            "the bid's page."
        )
    return [Problem("expression-of-interest", message)]


INTEREST_ANSWERS = [
    ("title", gettext_lazy("Give the bid a title")),
    ("problem", gettext_lazy("Describe the problem the bid will solve")),
]


def interest_problems(application: Application, *, now=None) -> list[Problem]:
    """What stops this bid sending its expression of interest: the short, public first stage."""
    round_ = application.round
    now = now or timezone.now()
    if not round_.expressions_of_interest:
        return [
            Problem(
                "expression-of-interest",
                _("%(round)s does not ask for expressions of interest.") % {"round": round_.name},
            )
        ]
    if application.interest_sent_at:
        return [Problem("expression-of-interest", _("This bid has already sent its expression of interest."))]
    if not round_.interest_open(now):
        when = round_.interest_closes_at or round_.closes_at
        return [
            Problem(
                "round-open",
                _("Expressions of interest for %(round)s closed on %(date)s.")
                % {"round": round_.name, "date": long_date(when)},
            )
        ]
    found = [
        Problem(field, str(message))
        for field, message in INTEREST_ANSWERS
        if not getattr(application, field).strip()
    ]
    if application.phase not in {phase.phase for phase in round_.phases.all()}:
        found.append(Problem("phase", _("Choose the phase of work the bid is for.")))
    return found


ANSWERS = [
    ("title", gettext_lazy("Give the bid a title")),
    ("contact_name", gettext_lazy("Give the name of the contact for the bid")),
    ("problem", gettext_lazy("Describe the problem the bid will solve")),
    ("users", gettext_lazy("Say who the users are and what they need")),
    ("plan", gettext_lazy("Describe the plan: what you will do and when")),
    ("team", gettext_lazy("Describe the team who will do the work")),
    ("finance_officer_name", gettext_lazy("Give the name of your finance (Section 151) officer")),
    ("finance_officer_email", gettext_lazy("Give the email address of your finance (Section 151) officer")),
]


def check_finance_officer_email(lead: Organisation, email: str, people=()) -> None:
    """The finance officer answers for the lead's money, so their address must be at one of the lead's
    own domains, as a senior approver's must be when signing (the same check), and cannot be the address
    of anyone in `people` (whoever started or is changing the bid): nobody answers for someone else."""
    check_approver_email(lead, email)
    if any(person is not None and mailbox(person.email) == mailbox(email) for person in people):
        raise ValidationError(
            _("Enter your finance officer's own email address, not the address of someone making the bid")
        )


def _finance_officer_email(application: Application) -> list[Problem]:
    if not application.finance_officer_email:
        return []
    try:
        check_finance_officer_email(
            application.lead, application.finance_officer_email, [application.created_by]
        )
    except ValidationError as refusal:
        return [
            Problem(
                "finance_officer_email",
                _("%(refusal)s for your finance (Section 151) officer") % {"refusal": refusal.messages[0]},
            )
        ]
    return []


def _answers(application: Application) -> list[Problem]:
    found = [
        Problem(field, str(message)) for field, message in ANSWERS if not getattr(application, field).strip()
    ]
    found += _finance_officer_email(application)
    if not application.open_licence:
        found.append(
            Problem("open-licence", _("Agree to publish what the project makes under an open licence."))
        )
    return found
