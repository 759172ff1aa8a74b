"""The Local Digital Fund: rounds with their own rules, bids by groups of organisations, assessment."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localdigital.fund.wording import in_sentence
from localdigital.organisations.models import Organisation, OrganisationType
from localdigital.organisations.partnerships import Partnership
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform.bilingual import Bilingual, welsh_twin
from localdigital.projects.models import Project


class Round(Bilingual, models.Model):
    """A round of the fund. Its name and prospectus have a Welsh twin (`name_cy`), shown on Welsh pages."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        ASSESSING = "assessing", _("Being assessed")
        DECIDED = "decided", _("Decided")

    name = models.CharField(max_length=200)
    name_cy = welsh_twin(name)
    slug = models.SlugField(unique=True)
    prospectus = models.TextField(help_text="What the round is for, who may bid and how bids are judged")
    prospectus_cy = welsh_twin(prospectus)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The rules: every bid is checked against them before it can be submitted.
    minimum_organisations = models.PositiveSmallIntegerField(
        default=2,
        help_text="Signatory organisations a bid needs, lead included (1 allows single-organisation bids)",
    )
    maximum_bids_led = models.PositiveSmallIntegerField(
        default=2, help_text="How many bids one organisation may lead in this round"
    )
    partners_must_be_signatories = models.BooleanField(
        default=True, help_text="Every partner, not only the lead, must have signed the Declaration"
    )
    lead_types = models.JSONField(
        default=list,
        blank=True,
        help_text="Organisation types that may lead (empty: any). Others may only be partners.",
    )
    expressions_of_interest = models.BooleanField(
        default=False, help_text="Expressions of interest come first and are published"
    )
    interest_closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Where expressions of interest come first: the last moment to send one (empty: until the "
        "round closes)",
    )
    scoring_scale = models.PositiveSmallIntegerField(
        default=5, help_text="Each criterion is scored 0 to this"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at

    def interest_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_open(now) and (self.interest_closes_at is None or now < self.interest_closes_at)

    def lead_type_labels(self) -> list[str]:
        return [str(OrganisationType(value).label) for value in self.lead_types]

    def lead_types_in_sentence(self) -> list[str]:
        return [in_sentence(label) for label in self.lead_type_labels()]


class RoundPhase(models.Model):
    """A phase of work a round funds, with the most one bid may ask for it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(max_length=20, choices=Project.Phase.choices)
    cap = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal(1))])

    class Meta:
        ordering = ["cap"]
        constraints = [models.UniqueConstraint(fields=["round", "phase"], name="one_cap_per_round_phase")]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} up to £{self.cap:,.0f}"


class Criterion(Bilingual, models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    name_cy = welsh_twin(name)
    guidance = models.TextField(blank=True)
    guidance_cy = welsh_twin(guidance)
    weight = models.PositiveSmallIntegerField(default=1, help_text="Relative weight in the total")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return f"{self.name} (weight {self.weight})"


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        FUNDED = "funded", _("Funded")
        NOT_FUNDED = "not-funded", _("Not funded")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    lead = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids_led")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    phase = models.CharField(max_length=20, choices=Project.Phase.choices, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    problem = models.TextField(blank=True)
    users = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    team = models.TextField(blank=True)
    contact_name = models.CharField(
        max_length=200, blank=True, help_text="A person's name, published as the project's contact if funded"
    )
    finance_officer_name = models.CharField(max_length=200, blank=True)
    finance_officer_email = models.EmailField(blank=True)
    open_licence = models.BooleanField(
        default=False, help_text="Outputs will be published under an open licence"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(max_length=40, unique=True)
    # Every date is indexed: the fund's validators ask for the latest of each.
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    interest_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the expression of interest was sent and published",
    )
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)
    feedback = models.TextField(blank=True)
    project = models.OneToOneField(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="award"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("fund:bid", args=[self.reference])

    @property
    def is_funded(self) -> bool:
        return self.status == self.Status.FUNDED

    def budget_total(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), Decimal(0))

    def bidder_ids(self) -> set[int]:
        """The lead and every organisation named as a partner, whatever its answer."""
        return {self.lead_id, *self.partners.values_list("organisation_id", flat=True)}

    def is_bidder(self, user) -> bool:
        """Whether `user` started the bid or works for an organisation in it: such a person may see it,
        and may never assess it."""
        if user.pk == self.created_by_id:
            return True
        return organisations_for(user).filter(pk__in=self.bidder_ids()).exists()


class ApplicationPartner(Partnership):
    """An organisation the lead names in its bid; it counts once someone who works there confirms."""

    subject_field = "application"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "organisation"], name="one_partnership_per_bid")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.application.reference}"


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField(max_length=200)
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.item}: £{self.amount:,.2f}"


class Assignment(models.Model):
    """An assessor given a bid to score, and whether they declared a conflict of interest."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    conflict = models.TextField(blank=True, help_text="A declared conflict of interest: they cannot score")
    declared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the assessor answered whether they have a conflict of interest"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "assessor"], name="one_assignment_each")
        ]

    def __str__(self) -> str:
        return f"{self.assessor} on {self.application.reference}"

    def clean(self):
        """Staff cannot give a bid to someone from the bid itself (the staff tools call this)."""
        super().clean()
        if self.application_id and self.application.status == Application.Status.DRAFT:
            raise ValidationError(
                {
                    "application": f"{self.application.reference} has not been submitted yet. Give assessors "
                    "bids that have been submitted."
                }
            )
        if self.application_id and self.assessor_id and self.application.is_bidder(self.assessor):
            raise ValidationError(
                {
                    "assessor": f"{self.assessor} cannot assess {self.application.reference}: they started "
                    "the bid or work for an organisation in it. Choose an assessor from outside the bid."
                }
            )


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score}"
