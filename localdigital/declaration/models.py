"""The Declaration's text, kept as numbered versions.

A published version never changes: staff copy it into a new draft, edit that and publish it. Every
version stays readable at its own address, and signatures record the version that was signed.

Each text has a Welsh twin (`title_cy`, ...). Its English is what was signed and stays frozen, but the
Welsh can be written or corrected after publishing (services.set_welsh and the staff tools).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from localdigital.platform.bilingual import Bilingual, is_welsh, welsh_twin


class DeclarationVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def current(self) -> "DeclarationVersion | None":
        """The newest published version: the one organisations sign now."""
        return self.published().order_by("-number").first()


class DeclarationVersion(Bilingual, models.Model):
    number = models.PositiveIntegerField(unique=True, editable=False)
    title = models.CharField(max_length=200, default="The Local Digital Declaration")
    title_cy = welsh_twin(title)
    introduction = models.TextField(help_text="Plain text. Leave a blank line between paragraphs.")
    introduction_cy = welsh_twin(introduction)
    change_summary = models.CharField(
        "what changed", max_length=500, blank=True, help_text="Shown to readers of this version."
    )
    change_summary_cy = welsh_twin(change_summary)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeclarationVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = "Declaration version"

    def __str__(self) -> str:
        state = "published" if self.is_published else "draft"
        return f"Version {self.number} ({state})"

    def get_absolute_url(self) -> str:
        return reverse("declaration:version", args=[self.number])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def paragraphs(self) -> list[str]:
        """The introduction's paragraphs, in the page's language (the English if there is no Welsh)."""
        introduction = self.localised("introduction")
        return [part.strip() for part in introduction.split("\n\n") if part.strip()]

    def clean(self):
        if self.pk and self.is_published:
            _refuse_english_changes(self, DeclarationVersion)


def _refuse_english_changes(obj: models.Model, model: type[models.Model]) -> None:
    """A published text's English is what was signed: only its Welsh twins may change."""
    stored = model._default_manager.filter(pk=obj.pk).values().first()
    if stored is None:
        return
    for field in model._meta.concrete_fields:
        english = field.attname in stored and not is_welsh(field.name) and field.editable
        if english and getattr(obj, field.attname) != stored[field.attname]:
            raise ValidationError("A published version cannot change. Make a new draft from it instead.")


class _VersionPart(Bilingual, models.Model):
    """Something that belongs to one version and is frozen once that version is published (but its Welsh)."""

    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def clean(self):
        if self.version_id and DeclarationVersion.objects.filter(pk=self.version_id).published().exists():
            if self.pk is None:
                raise ValidationError("A published version cannot change. Make a new draft from it instead.")
            _refuse_english_changes(self, type(self))


class Principle(_VersionPart):
    version = models.ForeignKey(DeclarationVersion, on_delete=models.CASCADE, related_name="principles")
    title = models.CharField(max_length=200)
    title_cy = welsh_twin(title)
    description = models.TextField()
    description_cy = welsh_twin(description)

    class Meta(_VersionPart.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="unique_principle_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class DeclarationCommitment(_VersionPart):
    """One of the promises every signatory makes, addressed to leaders or to digital teams."""

    class Audience(models.TextChoices):
        LEADERS = "leaders", "Senior leaders and councillors"
        TEAMS = "teams", "Digital, IT and transformation teams"

    version = models.ForeignKey(DeclarationVersion, on_delete=models.CASCADE, related_name="commitments")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    text = models.TextField()
    text_cy = welsh_twin(text)

    class Meta(_VersionPart.Meta):
        verbose_name = "commitment of the Declaration"
        verbose_name_plural = "commitments of the Declaration"

    def __str__(self) -> str:
        return self.text[:80]
