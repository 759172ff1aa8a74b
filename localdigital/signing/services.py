"""The rules of signing the Declaration, callable without HTTP.

An organisation's member drafts a signing (approvers and commitments) and submits it; the programme
team sends it for signature or asks for changes; each senior approver signs through an emailed link;
when all have signed the organisation is a signatory.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localdigital.audit import services as audit
from localdigital.declaration.models import DeclarationVersion
from localdigital.notifications.preferences import language_code
from localdigital.organisations import partnerships
from localdigital.organisations.models import Organisation
from localdigital.platform import links, workdays
from localdigital.platform.emails import email_domain, mailbox, normalise_email
from localdigital.platform.errors import NotAllowed
from localdigital.platform.permissions import is_programme_team, may_act_for
from localdigital.signing import emails
from localdigital.signing.models import (
    Approver,
    Commitment,
    CommitmentPartner,
    CommitmentUpdate,
    ReviewRound,
    Signing,
)

APPROVAL_LINK_LIFETIME = timedelta(days=14)
REVIEW_TARGET_WORKING_DAYS = 3


# Who may act


def check_member(user, organisation: Organisation) -> None:
    if not may_act_for(user, organisation):
        raise NotAllowed(_("You cannot act for %(organisation)s") % {"organisation": organisation.name})


def check_editable(signing: Signing, user) -> None:
    check_member(user, signing.organisation)
    if not signing.is_editable:
        raise NotAllowed(_("This can no longer be changed"))


# The applicant's draft


def live_signing(organisation: Organisation) -> Signing | None:
    return organisation.signings.filter(status__in=Signing.LIVE).select_related("started_by").first()


def start(organisation: Organisation, user) -> Signing:
    """The organisation's live signing: a new draft, or the one already under way (whoever started it)."""
    check_member(user, organisation)
    existing = live_signing(organisation)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            signing = Signing.objects.create(organisation=organisation, started_by=user)
    except IntegrityError:
        # Someone else started one at the same moment; theirs is the one.
        theirs = live_signing(organisation)
        if theirs is None:
            raise
        return theirs
    audit.record("signing started", signing, actor=user, after={"organisation": organisation.name})
    return signing


def check_approver_email(organisation: Organisation, email: str) -> None:
    domains = set(organisation.domains.proving_membership().values_list("domain", flat=True))
    if email_domain(email) not in domains:
        listed = ", ".join(sorted(domains)) or _("none recorded")
        raise ValidationError(
            _("Enter an email address at one of %(organisation)s's domains (%(domains)s)")
            % {"organisation": organisation.name, "domains": listed}
        )


# Whole sentences for each role, in the reader's language (a role's name mutates in Welsh).
SAME_PERSON = {
    Approver.Role.HEAD_OF_PAID_SERVICE.value: gettext_lazy(
        "Enter a different email address from the chief executive or head of paid service's: "
        "one person cannot sign for both roles"
    ),
    Approver.Role.POLITICAL_LEADER.value: gettext_lazy(
        "Enter a different email address from the political leader or chair's: "
        "one person cannot sign for both roles"
    ),
}
ADD_APPROVER = {
    Approver.Role.HEAD_OF_PAID_SERVICE.value: gettext_lazy("Add the chief executive or head of paid service"),
    Approver.Role.POLITICAL_LEADER.value: gettext_lazy("Add the political leader or chair"),
}


def check_nominee(signing: Signing, user, *, role: str, email: str) -> str:
    """The one rule for a senior approver's address, wherever one is given; the address as kept.

    It must be at the organisation's domains; it cannot be the address of the person naming them (a
    member cannot make themselves the chief executive); and one address cannot hold both roles.
    """
    try:
        email = normalise_email(email)
    except ValidationError:
        raise ValidationError(
            _("Enter an email address in the correct format, like name@council.gov.uk")
        ) from None
    check_approver_email(signing.organisation, email)
    if user is not None and user.is_authenticated and mailbox(email) == mailbox(user.email):
        raise ValidationError(_("Enter the email address of the person who will sign, not your own"))
    others = signing.approvers.exclude(role=role).exclude(status=Approver.Status.REPLACED)
    for other in others:
        if mailbox(other.email) == mailbox(email):
            raise ValidationError(str(SAME_PERSON[other.role]))
    return email


AFTER_REVIEW = (Signing.Status.AWAITING_SIGNATURES, Signing.Status.SIGNED)
PENDING = (Approver.Status.NOMINATED, Approver.Status.ASKED, Approver.Status.DECLINED)
APPROVER_FIELDS = ["name", "job_title", "email", "status"]


@transaction.atomic
def nominate(signing: Signing, user, *, role: str, name: str, job_title: str, email: str) -> Approver:
    """Name the approver for `role`.

    In a draft this edits the nominee in place: the programme team reviews the whole submission. Once
    the programme team has reviewed it, a new nominee replaces the one waiting (whose link stops
    working) and goes back to the programme team, who check them before any link is sent. Whoever is
    replaced is told.
    """
    check_member(user, signing.organisation)
    signing = Signing.objects.select_for_update().get(pk=signing.pk)
    if signing.status not in (*Signing.EDITABLE, *AFTER_REVIEW):
        raise NotAllowed(_("Approvers can no longer be changed"))
    email = check_nominee(signing, user, role=role, email=email)
    current = signing.approvers.filter(role=role, status__in=PENDING).first()
    if (
        current is None
        and signing.status == Signing.Status.AWAITING_SIGNATURES
        and signing.approvers.filter(role=role, status=Approver.Status.SIGNED).exists()
    ):
        raise NotAllowed(_("This approver has already signed"))
    if current is not None and signing.status in Signing.EDITABLE:
        return _edit_nominee(current, user, name=name, job_title=job_title, email=email)
    if current is not None:
        _replace(current, user, successor=f"{name}, {job_title}")
    approver = Approver.objects.create(
        signing=signing,
        role=role,
        name=name,
        job_title=job_title,
        email=email,
        language=language_code(translation.get_language()),
        nominated_by=user,
        nominated_at=timezone.now(),
    )
    audit.record(
        "approver nominated",
        approver,
        actor=user,
        after=audit.snapshot(approver, ["role", "name", "job_title", "email"]),
    )
    if signing.status in AFTER_REVIEW:
        for standing in signing.approvers.filter(role=role, status=Approver.Status.SIGNED):
            _tell_replaced(standing, successor=f"{name}, {job_title}")
        _open_approver_review(signing, user)
    return approver


def _edit_nominee(current: Approver, user, **values) -> Approver:
    before = audit.snapshot(current, APPROVER_FIELDS)
    for field, value in values.items():
        setattr(current, field, value)
    current.save()
    audit.record(
        "approver changed", current, actor=user, before=before, after=audit.snapshot(current, APPROVER_FIELDS)
    )
    return current


def _replace(current: Approver, user, *, successor: str) -> None:
    """`current` no longer stands: their link stops working, and, if they were asked, they are told."""
    before = audit.snapshot(current, APPROVER_FIELDS)
    was_asked = current.asked_at is not None
    current.status = Approver.Status.REPLACED
    current.replaced_at = timezone.now()
    current.save()
    audit.record("approver replaced", current, actor=user, before=before, after={"status": "replaced"})
    if was_asked:
        _tell_replaced(current, successor=successor)


def _tell_replaced(approver: Approver, *, successor: str) -> None:
    signing = approver.signing
    emails.ApproverReplaced(
        name=approver.name,
        role=approver.get_role_display(),
        organisation=signing.organisation.name,
        successor=successor,
        signed=approver.status == Approver.Status.SIGNED,
        contact=settings.CONTACT_EMAIL,
    ).send(approver.email, language=approver.language)


def _open_approver_review(signing: Signing, user) -> ReviewRound:
    """A change of approver after review waits for the programme team; one round covers every change."""
    waiting = open_round(signing, ReviewRound.Kind.APPROVER)
    if waiting is not None:
        return waiting
    review = ReviewRound.objects.create(
        signing=signing, kind=ReviewRound.Kind.APPROVER, submitted_at=timezone.now(), submitted_by=user
    )
    audit.record("approver change submitted", signing, actor=user, after={"review": review.pk})
    return review


def save_commitment(
    signing: Signing, user, *, data: dict, partners: list[Organisation], commitment: Commitment | None = None
) -> Commitment:
    """Add or change a commitment: in a draft signing, or, for a signatory, a new one to be reviewed.

    `data` holds the model's own fields.
    """
    check_commitment_editable(signing, user, commitment)
    with transaction.atomic():
        before = audit.snapshot(commitment) if commitment else {}
        if commitment is None:
            commitment = Commitment(signing=signing, organisation=signing.organisation, created_by=user)
            if signing.status == Signing.Status.SIGNED:
                commitment.state = Commitment.State.DRAFT
        for field, value in data.items():
            setattr(commitment, field, value)
        commitment.save()
        wanted = {partner.pk for partner in partners if partner.pk != signing.organisation_id}
        commitment.partnerships.exclude(organisation_id__in=wanted).delete()
        for partner in partners:
            if partner.pk in wanted:
                partnerships.invite(CommitmentPartner, commitment, partner, user)
        old, new = audit.changed(before, audit.snapshot(commitment))
        audit.record(
            "commitment changed" if before else "commitment added",
            commitment,
            actor=user,
            before=old,
            after={**new, "partners": sorted(wanted)},
        )
    return commitment


ADDITION_EDITABLE = (Commitment.State.DRAFT, Commitment.State.CHANGES_REQUESTED)


def check_commitment_editable(signing: Signing, user, commitment: Commitment | None) -> None:
    """Commitments change freely in a draft; after signing, only new ones not yet published do."""
    check_member(user, signing.organisation)
    if commitment is not None and commitment.signing_id != signing.pk:
        raise NotAllowed(_("That commitment belongs to another organisation"))
    if signing.is_editable:
        return
    if signing.status == Signing.Status.SIGNED and (
        commitment is None or commitment.state in ADDITION_EDITABLE
    ):
        return
    raise NotAllowed(_("This can no longer be changed"))


def remove_commitment(signing: Signing, user, commitment: Commitment) -> None:
    check_commitment_editable(signing, user, commitment)
    audit.record("commitment removed", commitment, actor=user, before=audit.snapshot(commitment))
    commitment.delete()


def missing(signing: Signing) -> list[str]:
    """What the draft still needs before it can be submitted, in plain words."""
    roles = set(signing.current_approvers().values_list("role", flat=True))
    problems = [str(ADD_APPROVER[role.value]) for role in Approver.Role if role.value not in roles]
    if not signing.commitments.exists():
        problems.append(_("Add at least one commitment"))
    return problems


@transaction.atomic
def submit(signing: Signing, user) -> ReviewRound:
    check_editable(signing, user)
    signing = Signing.objects.select_for_update().get(pk=signing.pk)
    if not signing.is_editable:
        raise NotAllowed(_("This has already been submitted"))
    problems = missing(signing)
    if problems:
        raise ValidationError(problems)
    before = signing.status
    signing.status = Signing.Status.SUBMITTED
    signing.submitted_at = timezone.now()
    signing.save()
    review = ReviewRound.objects.create(signing=signing, submitted_at=signing.submitted_at, submitted_by=user)
    audit.record(
        "signing submitted", signing, actor=user, before={"status": before}, after={"status": signing.status}
    )
    emails.SigningSubmitted(organisation=signing.organisation.name, days=REVIEW_TARGET_WORKING_DAYS).send(
        user.email
    )
    return review


# The programme team's review


@dataclass
class QueueEntry:
    review: ReviewRound
    working_days: int

    @property
    def signing(self) -> Signing:
        return self.review.signing

    @property
    def overdue(self) -> bool:
        return self.working_days > REVIEW_TARGET_WORKING_DAYS

    @property
    def due(self) -> date:
        """The last day of the target, counted in the working days of the organisation's nation."""
        submitted = timezone.localtime(self.review.submitted_at)
        return workdays.add_working_days(
            submitted, REVIEW_TARGET_WORKING_DAYS, self.signing.organisation.nation
        )


def review_queue() -> list[QueueEntry]:
    """Submissions waiting for the programme team, oldest first, with their age in working days (less the
    bank holidays of each organisation's nation)."""
    today = timezone.localdate()
    waiting = (
        ReviewRound.objects.filter(outcome="")
        .select_related("signing__organisation", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    return [
        QueueEntry(
            review,
            workdays.working_days_between(
                timezone.localtime(review.submitted_at), today, review.signing.organisation.nation
            ),
        )
        for review in waiting
    ]


def open_round(signing: Signing, kind: str | None = None) -> ReviewRound | None:
    """The oldest submission (of `kind`, if given) waiting for the programme team, if there is one."""
    waiting = signing.review_rounds.filter(outcome="")
    if kind is not None:
        waiting = waiting.filter(kind=kind)
    return waiting.order_by("submitted_at", "pk").first()


def check_reviewer(user) -> None:
    if not is_programme_team(user):
        raise NotAllowed(_("Only the programme team can review"))


def _close_round(signing: Signing, staff, outcome: str, message: str, kind: str) -> None:
    review = open_round(signing, kind)
    if review is not None:
        review.outcome, review.message = outcome, message
        review.reviewed_at, review.reviewed_by = timezone.now(), staff
        review.save()


def decide(review: ReviewRound, staff, *, send: bool, message: str = "") -> None:
    """The programme team's answer to a waiting submission of any kind: go ahead, or ask for changes."""
    signing = review.signing
    if review.kind == ReviewRound.Kind.ADDITIONS:
        decide_additions(signing, staff, publish=send, message=message)
    elif review.kind == ReviewRound.Kind.APPROVER:
        decide_approver_change(signing, staff, approve=send, message=message)
    elif send:
        send_for_signature(signing, staff, message)
    else:
        request_changes(signing, staff, message)


@transaction.atomic
def request_changes(signing: Signing, staff, message: str) -> None:
    check_reviewer(staff)
    signing = Signing.objects.select_for_update().get(pk=signing.pk)
    if signing.status != Signing.Status.SUBMITTED:
        raise NotAllowed(_("This is not waiting for review"))
    signing.status = Signing.Status.CHANGES_REQUESTED
    signing.save()
    _close_round(signing, staff, ReviewRound.Outcome.CHANGES_REQUESTED, message, ReviewRound.Kind.SIGNING)
    audit.record(
        "changes requested",
        signing,
        actor=staff,
        before={"status": "submitted"},
        after={"status": signing.status, "message": message},
    )
    applicant = signing.review_rounds.latest("submitted_at").submitted_by
    emails.ChangesRequested(
        organisation=signing.organisation.name,
        message=message,
        link=settings.SITE_URL + reverse("signing:task-list", args=[signing.organisation.identifier]),
    ).send(applicant.email)


@transaction.atomic
def send_for_signature(signing: Signing, staff, message: str = "") -> None:
    check_reviewer(staff)
    signing = Signing.objects.select_for_update().get(pk=signing.pk)
    if signing.status != Signing.Status.SUBMITTED:
        raise NotAllowed(_("This is not waiting for review"))
    version = DeclarationVersion.objects.current()
    if version is None:
        raise NotAllowed(_("No version of the Declaration is published"))
    signing.status = Signing.Status.AWAITING_SIGNATURES
    signing.declaration_version = version
    signing.save()
    _close_round(signing, staff, ReviewRound.Outcome.SENT_FOR_SIGNATURE, message, ReviewRound.Kind.SIGNING)
    audit.record(
        "sent for signature",
        signing,
        actor=staff,
        before={"status": "submitted"},
        after={"status": signing.status, "declaration_version": version.number},
    )
    for approver in signing.current_approvers():
        _ask_to_sign(approver)


@transaction.atomic
def decide_approver_change(signing: Signing, staff, *, approve: bool, message: str = "") -> None:
    """The programme team checks a new approver named after review: only then is their link sent."""
    check_reviewer(staff)
    signing = Signing.objects.select_for_update().get(pk=signing.pk)
    review = open_round(signing, ReviewRound.Kind.APPROVER)
    if review is None:
        raise NotAllowed(_("No change of approver is waiting for review"))
    if not approve and not message.strip():
        raise ValidationError(_("Say what the applicant needs to change"))
    nominees = list(signing.approvers.filter(status=Approver.Status.NOMINATED))
    outcome = ReviewRound.Outcome.SENT_FOR_SIGNATURE if approve else ReviewRound.Outcome.CHANGES_REQUESTED
    _close_round(signing, staff, outcome, message, ReviewRound.Kind.APPROVER)
    audit.record(
        "approver change sent for signature" if approve else "approver change turned down",
        signing,
        actor=staff,
        after={"approvers": [nominee.pk for nominee in nominees], "message": message},
    )
    for nominee in nominees:
        if approve:
            _ask_to_sign(nominee)
        else:
            _turn_down(nominee, staff)
    emails.ApproverChangeDecided(
        organisation=signing.organisation.name,
        approved=approve,
        names=tuple(f"{nominee.name}, {nominee.job_title}" for nominee in nominees),
        message=message,
        link=settings.SITE_URL + reverse("signing:task-list", args=[signing.organisation.identifier]),
    ).send(review.submitted_by.email)


def _turn_down(nominee: Approver, staff) -> None:
    nominee.status = Approver.Status.REPLACED
    nominee.replaced_at = timezone.now()
    nominee.save()
    audit.record(
        "approver turned down",
        nominee,
        actor=staff,
        before={"status": "nominated"},
        after={"status": "replaced"},
    )


def _ask_to_sign(approver: Approver) -> None:
    token = APPROVAL_LINKS.issue(approver)
    approver.asked_at = timezone.now()
    approver.status = Approver.Status.ASKED
    approver.save()
    signing = approver.signing
    emails.AskedToSign(
        name=approver.name,
        role=approver.get_role_display(),
        organisation=signing.organisation.name,
        link=settings.SITE_URL + reverse("signing:approve", args=[token]),
        days=APPROVAL_LINK_LIFETIME.days,
    ).send(approver.email, language=approver.language)
    audit.record("approver asked to sign", approver, actor_label="system", after={"email": approver.email})


# The approvers


REPLACED = "replaced"  # a link's own reason: someone else has been asked to sign in this person's place
SIGNABLE = (Signing.Status.AWAITING_SIGNATURES, Signing.Status.SIGNED)


def _why_not(approver: Approver) -> str | None:
    if approver.status == Approver.Status.REPLACED:
        return REPLACED
    if approver.status in (Approver.Status.SIGNED, Approver.Status.DECLINED):
        return links.USED
    if approver.signing.status not in SIGNABLE:
        return links.USED
    return None


# An approver's link: used up when they sign or decline (or, unused, when someone replaces them). Used
# links keep their hash, so that a second click can be told what happened rather than that the link is
# unknown. links.LinkProblem says why a link cannot be used: unknown, used, replaced or expired.
APPROVAL_LINKS = links.Links(
    Approver,
    lifetime=APPROVAL_LINK_LIFETIME,
    expires_field="link_expires_at",
    used_field=None,
    usable=Q(status=Approver.Status.ASKED, signing__status__in=SIGNABLE),
    why_not=_why_not,
    queryset=lambda: Approver.objects.select_related("signing__organisation", "signing__declaration_version"),
)


def find_approver(token: str) -> Approver:
    return APPROVAL_LINKS.find(token)


def _same_name(typed: str, expected: str) -> bool:
    return " ".join(typed.casefold().split()) == " ".join(expected.casefold().split())


@transaction.atomic
def sign(token: str, typed_name: str) -> Approver:
    """The approver signs by typing their name. When everyone has, the organisation is a signatory.

    The link is used up first (so of two clicks at once one signs); a name typed wrongly undoes that
    with the rest of the transaction, and the link goes on working.
    """
    approver = APPROVAL_LINKS.redeem(
        token, status=Approver.Status.SIGNED, signed_name=typed_name.strip(), signed_at=timezone.now()
    )
    if not _same_name(typed_name, approver.name):
        raise ValidationError(_("Type your name as it is shown: %(name)s") % {"name": approver.name})
    audit.record(
        "approver signed", approver, actor_label=approver.email, after={"signed_name": approver.signed_name}
    )
    signing = Signing.objects.select_for_update().get(pk=approver.signing_id)
    if signing.status == Signing.Status.SIGNED:
        _reaffirm(signing, approver)
    elif not signing.current_approvers().exclude(status=Approver.Status.SIGNED).exists():
        _become_signatory(signing)
    return approver


def _reaffirm(signing: Signing, approver: Approver) -> None:
    """A new chief executive or leader has signed for a signatory: they now stand in the record."""
    earlier = signing.approvers.filter(role=approver.role, status=Approver.Status.SIGNED).exclude(
        pk=approver.pk
    )
    names = list(earlier.values_list("signed_name", flat=True))
    earlier.update(status=Approver.Status.REPLACED, replaced_at=timezone.now())
    audit.record(
        "re-affirmed",
        signing,
        actor_label=approver.email,
        before={"signed_by": names},
        after={"signed_by": approver.signed_name, "role": approver.role},
    )
    emails.Signed(
        organisation=signing.organisation.name,
        record=settings.SITE_URL + signing.get_record_url(),
        reference=signing.reference,
    ).send(approver.email, language=approver.language)


def _become_signatory(signing: Signing) -> None:
    signing.status = Signing.Status.SIGNED
    signing.signed_at = timezone.now()
    signing.save()
    audit.record(
        "signed",
        signing,
        actor_label="system",
        before={"status": "awaiting-signatures"},
        after={
            "status": "signed",
            # Every signing is of a version of the Declaration, set when it started.
            "declaration_version": signing.declaration_version.number,  # type: ignore[union-attr]
        },
    )
    message = emails.Signed(
        organisation=signing.organisation.name,
        record=settings.SITE_URL + signing.get_record_url(),
        reference=signing.reference,
    )
    recipients = {approver.email for approver in signing.current_approvers()}
    recipients |= {
        review.submitted_by.email for review in signing.review_rounds.select_related("submitted_by")
    }
    for email in sorted(recipients):
        message.send(email)


@transaction.atomic
def decline(token: str, reason: str) -> Approver:
    if not reason.strip():
        find_approver(token)  # a link that cannot be used says so first
        raise ValidationError(_("Tell the applicant why you are not signing"))
    approver = APPROVAL_LINKS.redeem(
        token, status=Approver.Status.DECLINED, declined_at=timezone.now(), decline_reason=reason
    )
    audit.record("approver declined", approver, actor_label=approver.email, after={"reason": reason})
    signing = approver.signing
    applicant = signing.review_rounds.latest("submitted_at").submitted_by
    emails.ApproverDeclined(
        name=approver.name,
        job_title=approver.job_title,
        organisation=signing.organisation.name,
        reason=reason,
        link=settings.SITE_URL + reverse("signing:task-list", args=[signing.organisation.identifier]),
    ).send(applicant.email)
    return approver


# After signing


def _check_signatory(signing: Signing, user) -> None:
    check_member(user, signing.organisation)
    if signing.status != Signing.Status.SIGNED:
        raise NotAllowed(_("Only a signatory can do this"))


@transaction.atomic
def update_progress(commitment: Commitment, user, *, progress: str, note: str) -> CommitmentUpdate:
    """A signatory says how a commitment is going, with a dated note that is published."""
    _check_signatory(commitment.signing, user)
    before = commitment.progress
    commitment.progress = progress
    commitment.save()
    update = CommitmentUpdate.objects.create(
        commitment=commitment, progress=progress, note=note, created_by=user
    )
    audit.record(
        "commitment progress",
        commitment,
        actor=user,
        before={"progress": before},
        after={"progress": progress, "note": note},
    )
    return update


@transaction.atomic
def withdraw(signing: Signing, user, reason: str) -> Signing:
    """The organisation stops being a signatory. The record stays, shown as withdrawn."""
    _check_signatory(signing, user)
    if not reason.strip():
        raise ValidationError(_("Say why your organisation is withdrawing"))
    signing.status = Signing.Status.WITHDRAWN
    signing.withdrawn_at = timezone.now()
    signing.withdrawal_reason = reason
    signing.save()
    audit.record(
        "withdrawn",
        signing,
        actor=user,
        before={"status": "signed"},
        after={"status": "withdrawn", "reason": reason},
    )
    return signing


def _waiting_partnerships(organisations):
    """Commitments that name one of `organisations` as a partner, not yet answered."""
    return (
        CommitmentPartner.objects.invited()
        .filter(organisation__in=organisations)
        .exclude(commitment__signing__status=Signing.Status.WITHDRAWN)
        .select_related("commitment__organisation", "organisation")
    )


PARTNERSHIPS = partnerships.Kind(
    name="commitment",
    model=CommitmentPartner,
    waiting=_waiting_partnerships,
    answer_url=lambda partnership: reverse("signing:answer-partnership", args=[partnership.pk]),
    # The commitment's own entry ("commitment added" or "changed") lists its partners.
    audit_named="",
    audit_confirmed="partner confirmed",
    audit_declined="partner declined",
)


def additions(signing: Signing):
    return signing.commitments.filter(state__in=[*ADDITION_EDITABLE, Commitment.State.SUBMITTED])


@transaction.atomic
def submit_additions(signing: Signing, user) -> ReviewRound:
    """A signatory sends its new commitments for review; nobody signs again."""
    _check_signatory(signing, user)
    drafts = signing.commitments.filter(state__in=ADDITION_EDITABLE)
    if not drafts.exists():
        raise ValidationError(_("Add a new commitment before you submit"))
    if open_round(signing, ReviewRound.Kind.ADDITIONS) is not None:
        raise NotAllowed(_("Your last new commitments are still being reviewed"))
    ids = list(drafts.values_list("pk", flat=True))
    drafts.update(state=Commitment.State.SUBMITTED)
    review = ReviewRound.objects.create(
        signing=signing, kind=ReviewRound.Kind.ADDITIONS, submitted_at=timezone.now(), submitted_by=user
    )
    audit.record("new commitments submitted", signing, actor=user, after={"commitments": ids})
    emails.SigningSubmitted(
        organisation=signing.organisation.name, days=REVIEW_TARGET_WORKING_DAYS, additions=True
    ).send(user.email)
    return review


@transaction.atomic
def decide_additions(signing: Signing, staff, *, publish: bool, message: str = "") -> None:
    """The programme team publishes a signatory's new commitments, or asks for changes to them."""
    check_reviewer(staff)
    review = open_round(signing, ReviewRound.Kind.ADDITIONS)
    if review is None:
        raise NotAllowed(_("No new commitments are waiting for review"))
    submitted = signing.commitments.filter(state=Commitment.State.SUBMITTED)
    ids = list(submitted.values_list("pk", flat=True))
    if publish:
        submitted.update(state=Commitment.State.PUBLISHED, review_message="", updated_at=timezone.now())
    else:
        submitted.update(state=Commitment.State.CHANGES_REQUESTED, review_message=message)
    outcome = ReviewRound.Outcome.PUBLISHED if publish else ReviewRound.Outcome.CHANGES_REQUESTED
    _close_round(signing, staff, outcome, message, ReviewRound.Kind.ADDITIONS)
    audit.record(
        "new commitments published" if publish else "changes requested to new commitments",
        signing,
        actor=staff,
        after={"commitments": ids, "message": message},
    )
    emails.AdditionsDecided(
        organisation=signing.organisation.name,
        published=publish,
        message=message,
        link=settings.SITE_URL + reverse("signing:task-list", args=[signing.organisation.identifier]),
    ).send(review.submitted_by.email)
