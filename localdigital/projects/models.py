"""The sector's shared register of digital projects, so that a council finds out who is already solving
its problem before it starts."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localdigital.organisations.models import Organisation
from localdigital.organisations.partnerships import Partnership
from localdigital.service_list.models import Service

# A project with no update for this long is nudged; after twice this long it shows as stale.
REMINDER_AFTER = timedelta(days=90)
STALE_AFTER = timedelta(days=180)


class Project(models.Model):
    class Phase(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        DISCOVERY = "discovery", _("Discovery")
        ALPHA = "alpha", _("Alpha")
        BETA = "beta", _("Beta")
        LIVE = "live", _("Live")
        RETIRED = "retired", _("Retired")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        FINISHED = "finished", _("Finished")
        STOPPED = "stopped", _("Stopped")

    class Collaboration(models.TextChoices):
        SHARE_IDEAS = "share-ideas", _("Happy to share ideas")
        OPEN_TO_CONVERSATION = "open-to-conversation", _("Open to a conversation about working together")
        SHARE_FUNDING = "share-funding", _("Looking for partners to share funding")

    class Budget(models.TextChoices):
        UNDER_50K = "under-50k", _("Under £50,000")
        FROM_50K = "50k-250k", _("£50,000 to £250,000")
        FROM_250K = "250k-1m", _("£250,000 to £1 million")
        OVER_1M = "over-1m", _("Over £1 million")
        NOT_KNOWN = "not-known", _("Not known yet")

    title = models.CharField(max_length=200)
    problem = models.TextField("problem and users", max_length=3000)
    building = models.TextField("what is being built", max_length=3000, blank=True)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.DISCOVERY, db_index=True)
    # Every date is indexed: the register's validators ask for the latest of each.
    phase_started = models.DateField(null=True, blank=True, db_index=True)
    phase_ends = models.DateField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    collaboration = models.CharField(max_length=30, choices=Collaboration.choices, db_index=True)
    lead = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="projects")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_projects"
    )
    contact_name = models.CharField(max_length=200)
    # Shown only to people who are signed in and act for an organisation.
    contact_email = models.EmailField()
    budget = models.CharField(max_length=20, choices=Budget.choices, default=Budget.NOT_KNOWN)
    tags = models.JSONField(default=list, blank=True)
    commitments = models.ManyToManyField("signing.Commitment", blank=True, related_name="projects")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # When someone last said how it is going: what "last updated" and staleness are about.
    last_update_at = models.DateTimeField(default=timezone.now, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_update_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def is_stale(self) -> bool:
        return self.status == self.Status.ACTIVE and timezone.now() - self.last_update_at > STALE_AFTER


class ProjectPartner(Partnership):
    """An organisation working on the project with its lead: once someone from it confirms, or the lead
    accepts its request to join (status "asked")."""

    subject_field = "project"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    # Whoever named the partner, or asked to join for it: the one told of the lead's answer.
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="unique_project_partner")
        ]


class ProjectOutput(models.Model):
    class Kind(models.TextChoices):
        CODE = "code", "Code"
        DOCUMENTATION = "documentation", "Documentation"
        SERVICE = "service", "Live service"
        OTHER = "other", "Other"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    licence = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.label


class ProjectUpdate(models.Model):
    """A dated note on how the project is going (a sprint note)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    body = models.TextField(max_length=5000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.project}"


class Follower(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="unique_follower")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.project}"


class SimilarityVector(models.Model):
    """The sentence embedding of a project's or commitment's text, kept so it is computed once."""

    key = models.CharField(max_length=40, unique=True)  # "project:12", "commitment:7"
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def key_for(instance: models.Model) -> str:
        return f"{instance._meta.model_name}:{instance.pk}"  # "project:12", "commitment:7"


def forget_similarity_vector(sender, instance, **kwargs) -> None:
    """When a project or commitment is deleted, delete its stored embedding (a post_delete receiver)."""
    SimilarityVector.objects.filter(key=SimilarityVector.key_for(instance)).delete()
