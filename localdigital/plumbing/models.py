"""Fix the plumbing: the sector's open register of the systems councils run, the contracts behind them and
the open standards they adopt, so that bodies whose contracts end together can replace them together.

- A `System` is one organisation's use of a `Product` (from a `Supplier`) for some LGSL services, with its
  contract. Members of the organisation keep it, and confirm it is still right at least once a year.
- Products and suppliers are shared records: the same product typed ten ways is one record. Each name it has
  been typed as is kept (`ProductName`, `SupplierName`) so that the next person typing it is offered it, and
  a duplicate merged by staff keeps pointing at the record it was merged into (`merged_into`).
- A `Standard` is an open data standard or shared API; an `Adoption` is an organisation's progress with one,
  confirmed by a member of that organisation.

What the public may see of a system is declared once, in `System.VISIBILITY`: every page, export and API
reads it from there.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localdigital.organisations.models import Organisation
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform.bilingual import Bilingual, welsh_twin
from localdigital.service_list.models import Service

# A record is confirmed at least yearly: its owners are reminded after this long, and it shows as not
# confirmed recently after a little longer.
CONFIRM_EVERY = timedelta(days=365)
STALE_AFTER = timedelta(days=365 + 90)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Anyone")
    MEMBERS = "members", _("Signed-in members of public sector organisations")


class MergeableQuerySet(models.QuerySet):
    def current(self):
        """Records not merged into another."""
        return self.filter(merged_into=None)


class Supplier(models.Model):
    """A company that sells systems to the sector."""

    name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, unique=True)
    # An org-id style identifier where one is known, e.g. "GB-COH-01234567" (Companies House), as OCDS gives.
    identifier = models.CharField(max_length=60, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MergeableQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plumbing:supplier", args=[self.slug])


class Product(models.Model):
    """A product (a piece of software or a hosted service) that organisations record using."""

    name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, unique=True)
    supplier = models.ForeignKey(
        Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    website = models.URLField(max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MergeableQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plumbing:product", args=[self.slug])


class ProductName(models.Model):
    """A way someone has typed a product's name, kept so that the next person typing it is offered it."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    # The name folded for matching: lower case, no punctuation, single spaces (see plumbing/matching.py).
    folded = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "folded"], name="unique_product_name")]

    def __str__(self) -> str:
        return self.name


class SupplierName(models.Model):
    """A way someone has typed a supplier's name."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    folded = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["supplier", "folded"], name="unique_supplier_name")]

    def __str__(self) -> str:
        return self.name


class Standard(Bilingual, models.Model):
    """An open data standard or shared API that councils can adopt."""

    class Kind(models.TextChoices):
        DATA = "data", _("Data standard")
        API = "api", _("Shared API")

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    name_cy = welsh_twin(name)
    summary = models.TextField()
    summary_cy = welsh_twin(summary)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DATA)
    steward = models.CharField(max_length=200, blank=True, help_text="Who looks after the standard")
    url = models.URLField(max_length=500)
    # The LGSL services it is about, where it is about some (waste standards: waste collection).
    services = models.ManyToManyField(Service, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.localised("name")

    def get_absolute_url(self) -> str:
        return reverse("plumbing:standard", args=[self.slug])


class SystemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=System.State.PUBLISHED)


class System(models.Model):
    """One organisation's use of a product for some services, and the contract for it."""

    class State(models.TextChoices):
        # Made from a contract notice: waits for a member of the organisation to confirm it.
        PROPOSED = "proposed", _("Waiting to be confirmed")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("No longer used")

    class Hosting(models.TextChoices):
        SUPPLIER = "supplier", _("Hosted by the supplier (software as a service)")
        CLOUD = "cloud", _("In a public cloud the organisation runs")
        ON_PREMISES = "on-premises", _("On the organisation's own servers")
        SHARED = "shared", _("By another public body, as a shared service")
        NOT_KNOWN = "not-known", _("Not known")

    class Procurement(models.TextChoices):
        OPEN = "open", _("Open or restricted tender")
        FRAMEWORK = "framework", _("Call-off from a framework (for example G-Cloud)")
        DIRECT = "direct", _("Direct award")
        OTHER = "other", _("Another way")
        NOT_KNOWN = "not-known", _("Not known")

    class ValueBand(models.TextChoices):
        UNDER_100K = "under-100k", _("Under £100,000")
        FROM_100K = "100k-500k", _("£100,000 to £500,000")
        FROM_500K = "500k-1m", _("£500,000 to £1 million")
        FROM_1M = "1m-5m", _("£1 million to £5 million")
        OVER_5M = "over-5m", _("Over £5 million")
        NOT_KNOWN = "not-known", _("Not known")

    class Api(models.TextChoices):
        OPEN = "open", _("Yes, with open documentation")
        ON_REQUEST = "on-request", _("Yes, documented only for customers")
        NONE = "none", _("No")
        NOT_KNOWN = "not-known", _("Not known")

    class Replacement(models.TextChoices):
        NO_PLANS = "no-plans", _("No plans to replace it")
        CONSIDERING = "considering", _("Considering replacing it")
        PLANNED = "planned", _("Planning to replace it")
        REPLACING = "replacing", _("Replacing it now")

    # Who may see each field that is not public to all: every page, export and API reads this. A value band
    # is public only where the organisation chose so (`value_band_visibility`).
    VISIBILITY = {"value_band": "value_band_visibility"}

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="systems")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="systems")
    services = models.ManyToManyField(Service, related_name="+")
    hosting = models.CharField(max_length=20, choices=Hosting.choices, default=Hosting.NOT_KNOWN)
    contract_start = models.DateField(null=True, blank=True)
    contract_end = models.DateField(null=True, blank=True, db_index=True)
    # Options to extend, as the contract gives them: "two further periods of 12 months".
    extension_options = models.CharField(max_length=300, blank=True)
    extension_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The longest the contract can be extended by, in months"
    )
    procurement = models.CharField(max_length=20, choices=Procurement.choices, default=Procurement.NOT_KNOWN)
    framework = models.CharField(max_length=200, blank=True, help_text="The framework, if called off one")
    value_band = models.CharField(max_length=20, choices=ValueBand.choices, default=ValueBand.NOT_KNOWN)
    value_band_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    standards = models.ManyToManyField(Standard, blank=True, related_name="systems")
    api = models.CharField("open API", max_length=20, choices=Api.choices, default=Api.NOT_KNOWN)
    api_url = models.URLField("API documentation", max_length=500, blank=True)
    replacement = models.CharField(max_length=20, choices=Replacement.choices, default=Replacement.NO_PLANS)
    replace_by = models.DateField(null=True, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PUBLISHED, db_index=True)
    # Where a record came from a contract notice: its OCDS identifiers, so a notice is not imported twice.
    ocid = models.CharField(max_length=200, blank=True, db_index=True)
    release_id = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # When a member last said the record is right (made, changed or confirmed): what staleness is about.
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = SystemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_start=None)
                | models.Q(contract_end=None)
                | models.Q(contract_end__gte=models.F("contract_start")),
                name="system_contract_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product.name} at {self.organisation.name}"

    def get_absolute_url(self) -> str:
        return reverse("plumbing:system", args=[self.pk])

    @property
    def is_stale(self) -> bool:
        return self.confirmed_at is None or timezone.now() - self.confirmed_at > STALE_AFTER

    def may_see(self, field: str, viewer) -> bool:
        """Whether `viewer` may see `field` of this record (see VISIBILITY)."""
        setting = self.VISIBILITY.get(field)
        if setting is None or getattr(self, setting) == Visibility.PUBLIC:
            return True
        return bool(viewer and viewer.is_authenticated and organisations_for(viewer).exists())


class Adoption(models.Model):
    """How far an organisation has got with a standard, as a member of it has confirmed."""

    class Stage(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in-progress", _("In progress")
        LIVE = "live", _("Live")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="adoptions")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="adoptions")
    stage = models.CharField(max_length=20, choices=Stage.choices, db_index=True)
    note = models.TextField(max_length=1000, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "standard"], name="one_adoption_per_standard")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.standard.name} ({self.get_stage_display()})"


class SystemLink(models.Model):
    """A project or a commitment that names a system it replaces or a standard it adopts, so that it shows
    on the system's and the standard's pages."""

    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="plumbing_links"
    )
    commitment = models.ForeignKey(
        "signing.Commitment", null=True, blank=True, on_delete=models.CASCADE, related_name="plumbing_links"
    )
    system = models.ForeignKey(System, null=True, blank=True, on_delete=models.CASCADE, related_name="links")
    standard = models.ForeignKey(
        Standard, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            # From exactly one of a project and a commitment, to exactly one of a system and a standard.
            models.CheckConstraint(
                condition=(models.Q(project=None) ^ models.Q(commitment=None))
                & (models.Q(system=None) ^ models.Q(standard=None)),
                name="system_link_one_from_one_to",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project or self.commitment} → {self.system or self.standard}"


class MatchNotice(models.Model):
    """That a record's owners were told of another organisation's record it matches (same service and
    contracts ending together, or the same product), so that they are told once."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="notices")
    match = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    notified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["system", "match"], name="one_notice_per_match")]

    def __str__(self) -> str:
        return f"{self.system} matches {self.match}"
