"""An organisation signing the Declaration: the applicant's draft, the programme team's review, the
senior approvers' signatures, and the commitments it publishes."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localdigital.declaration.models import DeclarationVersion
from localdigital.organisations.models import Organisation
from localdigital.organisations.partnerships import Partnership
from localdigital.service_list.models import Service


def new_reference() -> str:
    """A short public reference for a signed record, e.g. LDD-7KQ2-M9XD."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"LDD-{code[:4]}-{code[4:]}"


class Signing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for review"
        CHANGES_REQUESTED = "changes-requested", "Changes requested"
        AWAITING_SIGNATURES = "awaiting-signatures", "Waiting for signatures"
        SIGNED = "signed", "Signed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # While one of these, the organisation cannot start another: the database refuses it.
    LIVE = (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.CHANGES_REQUESTED,
        Status.AWAITING_SIGNATURES,
        Status.SIGNED,
    )
    EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signings")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    declaration_version = models.ForeignKey(
        DeclarationVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="signings"
    )
    signed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reference = models.CharField(max_length=20, unique=True, default=new_reference, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(
                    status__in=["draft", "submitted", "changes-requested", "awaiting-signatures", "signed"]
                ),
                name="one_live_signing_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display().lower()})"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def current_approvers(self):
        """The approvers who stand now, by role; while a new leader re-affirms, newest last."""
        return self.approvers.exclude(status=Approver.Status.REPLACED).order_by("role", "id")

    def get_record_url(self) -> str:
        return reverse("signing:record", args=[self.reference])


class Approver(models.Model):
    """A senior person who signs for the organisation, through a single-use emailed link."""

    class Role(models.TextChoices):
        HEAD_OF_PAID_SERVICE = "head-of-paid-service", _("Chief executive or head of paid service")
        POLITICAL_LEADER = "political-leader", _("Political leader or chair")

    class Status(models.TextChoices):
        NOMINATED = "nominated", "Not yet asked"
        ASKED = "asked", "Asked to sign"
        SIGNED = "signed", "Signed"
        DECLINED = "declined", "Declined"
        REPLACED = "replaced", "Replaced"

    signing = models.ForeignKey(Signing, on_delete=models.CASCADE, related_name="approvers")
    role = models.CharField(max_length=30, choices=Role.choices)
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200)
    email = models.EmailField()
    # The language the approver was named in: their emails' language until their address chooses one.
    language = models.CharField(max_length=10, blank=True, default="en")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOMINATED)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    signed_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # When someone else took this person's place (or the programme team turned the nomination down).
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "-id"]
        constraints = [
            # One person at a time is asked for each role. A signatory's new chief executive or leader
            # may be asked to re-affirm while the person who signed still stands.
            models.UniqueConstraint(
                fields=["signing", "role"],
                condition=Q(status__in=["nominated", "asked", "declined"]),
                name="one_pending_approver_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.job_title}"


class ReviewRound(models.Model):
    """One submission and the programme team's answer to it. Every round is kept."""

    class Kind(models.TextChoices):
        SIGNING = "signing", "Application to sign"
        ADDITIONS = "additions", "New commitments from a signatory"
        # A new chief executive or leader named after the programme team's review: checked before any
        # link goes out, so that nobody can name themselves as the senior approver.
        APPROVER = "approver", "Change of senior approver"

    class Outcome(models.TextChoices):
        SENT_FOR_SIGNATURE = "sent-for-signature", "Sent for signature"
        PUBLISHED = "published", "Published"
        CHANGES_REQUESTED = "changes-requested", "Changes requested"

    signing = models.ForeignKey(Signing, on_delete=models.CASCADE, related_name="review_rounds")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SIGNING)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    message = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"Review of {self.signing}"


class Commitment(models.Model):
    """A specific, time-bound thing a signatory will do, published with its progress."""

    # The five principles of the Declaration, by number.
    PRINCIPLES = {
        1: _("Design services around the people who use them"),
        2: _("Fix the plumbing"),
        3: _("Share information safely to build trust"),
        4: _("Lead digital change"),
        5: _("Work in the open"),
    }

    class State(models.TextChoices):
        # Commitments made with the signing are public when it is signed; ones added later are
        # reviewed on their own before they are published.
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for review"
        CHANGES_REQUESTED = "changes-requested", "Changes requested"
        PUBLISHED = "published", "Published"

    class Progress(models.TextChoices):
        NOT_STARTED = "not-started", _("Not started")
        IN_PROGRESS = "in-progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commitments")
    signing = models.ForeignKey(Signing, on_delete=models.CASCADE, related_name="commitments")
    title = models.CharField(max_length=200)
    mission = models.TextField(max_length=2000)
    impact = models.TextField(max_length=2000)
    principles = models.JSONField(default=list, help_text="Numbers of the principles it serves, 1 to 5.")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Every date is indexed: the register's validators ask for the latest of each.
    due_date = models.DateField(db_index=True)
    progress = models.CharField(max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PUBLISHED, db_index=True)
    review_message = models.TextField(blank=True)
    partners = models.ManyToManyField(Organisation, through="CommitmentPartner", related_name="partner_in")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signing:commitment", args=[self.pk])

    def principle_names(self) -> list[str]:
        return [str(self.PRINCIPLES[number]) for number in self.principles if number in self.PRINCIPLES]


class CommitmentPartner(Partnership):
    """A partner named on a commitment. It shows publicly only once someone from it has confirmed."""

    subject_field = "commitment"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="partnerships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "organisation"], name="unique_commitment_partner")
        ]


class CommitmentUpdate(models.Model):
    """A dated note on a commitment's progress: its public history."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    progress = models.CharField(max_length=20, choices=Commitment.Progress.choices)
    note = models.TextField(max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_progress_display()}"
