"""The register of UK public bodies that can sign the Declaration, share projects and bid for funding."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localdigital.platform.bilingual import Bilingual, welsh_twin
from localdigital.platform.emails import normalise_domain


class OrganisationType(models.TextChoices):
    COUNTY = "county", _("County council")
    DISTRICT = "district", _("District council")
    UNITARY = "unitary", _("Unitary authority")
    METROPOLITAN_DISTRICT = "metropolitan-district", _("Metropolitan district")
    LONDON_BOROUGH = "london-borough", _("London borough")
    CITY_OF_LONDON = "city-of-london", _("City of London Corporation")
    SCOTTISH_COUNCIL = "scottish-council", _("Scottish council")
    WELSH_COUNCIL = "welsh-council", _("Welsh council")
    NORTHERN_IRISH_COUNCIL = "northern-irish-council", _("Northern Irish council")
    COMBINED_AUTHORITY = "combined-authority", _("Combined authority")
    GREATER_LONDON_AUTHORITY = "greater-london-authority", _("Greater London Authority")
    POLICE_FORCE_AREA = "police-force-area", _("Police force area")
    FIRE_AND_RESCUE = "fire-and-rescue", _("Fire and rescue authority")
    SECTOR_BODY = "sector-body", _("Sector body")
    CENTRAL_GOVERNMENT = "central-government", _("Central government")
    OTHER = "other", _("Other public body")


# The principal councils: what "123 of 382 councils" counts.
COUNCIL_TYPES = frozenset(
    {
        OrganisationType.COUNTY,
        OrganisationType.DISTRICT,
        OrganisationType.UNITARY,
        OrganisationType.METROPOLITAN_DISTRICT,
        OrganisationType.LONDON_BOROUGH,
        OrganisationType.CITY_OF_LONDON,
        OrganisationType.SCOTTISH_COUNCIL,
        OrganisationType.WELSH_COUNCIL,
        OrganisationType.NORTHERN_IRISH_COUNCIL,
    }
)


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    SCOTLAND = "scotland", _("Scotland")
    WALES = "wales", _("Wales")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")


class Region(models.TextChoices):
    NORTH_EAST = "north-east", _("North East")
    NORTH_WEST = "north-west", _("North West")
    YORKSHIRE_AND_THE_HUMBER = "yorkshire-and-the-humber", _("Yorkshire and The Humber")
    EAST_MIDLANDS = "east-midlands", _("East Midlands")
    WEST_MIDLANDS = "west-midlands", _("West Midlands")
    EAST_OF_ENGLAND = "east-of-england", _("East of England")
    LONDON = "london", _("London")
    SOUTH_EAST = "south-east", _("South East")
    SOUTH_WEST = "south-west", _("South West")
    SCOTLAND = "scotland", _("Scotland")
    WALES = "wales", _("Wales")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")


GSS_CODE = re.compile(r"^[EKLMNSW]\d{8}$")


def validate_gss_code(value: str) -> None:
    if value and not GSS_CODE.match(value):
        raise ValidationError("Enter a GSS code: a letter and 8 digits, like E09000021")


def search_key(text: str) -> str:
    """Text folded for matching: lower case, accents dropped, punctuation as spaces.

    Stored beside each name so that search behaves the same on SQLite and PostgreSQL
    ("ynys mon" finds "Ynys Môn"; "st helens" finds "St. Helens").
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", stripped).split())


def identified_by(identifier: str, via: str = "") -> models.Q:
    """The one rule for naming a body in an address or a filter: its GSS code in any case (E09000021,
    e09000021) or its slug in any case (kingston-upon-thames). `via` is the path to the body from
    another table's rows, such as "organisation__"."""
    text = (identifier or "").strip()
    return models.Q(**{f"{via}gss_code": text.upper()}) | models.Q(**{f"{via}slug": text.lower()})


class OrganisationQuerySet(models.QuerySet):
    def identified_by(self, identifier: str):
        """The bodies (at most two: one by code, one by slug) that `identifier` names."""
        return self.filter(identified_by(identifier))

    def find(self, identifier: str):
        """The body `identifier` names, its GSS code first, then its slug; None if there is none."""
        found = list(self.identified_by(identifier)[:2])
        code = (identifier or "").strip().upper()
        return next((org for org in found if org.gss_code == code), found[0] if found else None)

    def current(self):
        return self.filter(end_date__isnull=True)

    def councils(self):
        return self.filter(type__in=COUNCIL_TYPES)


class Organisation(Bilingual, models.Model):
    class ManagedBy(models.TextChoices):
        IMPORT = "import", "Imported from the official lists"
        STAFF = "staff", "Added by staff"

    name = models.CharField(max_length=200, help_text="The everyday name, e.g. Kingston upon Thames.")
    # From the official lists where they give one (Caerdydd for Cardiff); staff may write or correct it.
    name_cy = welsh_twin(name)
    official_name = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    type = models.CharField(max_length=40, choices=OrganisationType.choices, db_index=True)
    nation = models.CharField(max_length=20, choices=Nation.choices, db_index=True)
    region = models.CharField(max_length=30, choices=Region.choices, blank=True, db_index=True)
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_gss_code],
        help_text="The ONS Government Statistical Service code, e.g. E09000021.",
    )
    former_gss_codes = models.JSONField(default=list, blank=True)
    register_code = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="The local authority register code (e.g. KTT), or the police force's data.police.uk id.",
    )
    website = models.URLField(max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="For a district council, its county council.",
    )
    combined_authority = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="constituent_members",
        help_text="The combined authority (or the GLA) this body is a member of.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, db_index=True)
    managed_by = models.CharField(max_length=10, choices=ManagedBy.choices, default=ManagedBy.STAFF)
    # Which row of the official lists this body comes from, e.g. "local-authority:KTT".
    import_reference = models.CharField(max_length=60, unique=True, null=True, blank=True, editable=False)
    is_demo = models.BooleanField(default=False, help_text="Demonstration content, not a real body.")
    search_text = models.CharField(max_length=800, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["end_date", "name"])]

    def __str__(self) -> str:
        # In the page's language (Caerdydd on Welsh pages), as every list to choose a body from shows it.
        return self.localised("name")

    def save(self, *args, **kwargs):
        # Found by either name: "Caerdydd" finds Cardiff.
        self.search_text = search_key(" ".join(filter(None, [self.name, self.name_cy, self.official_name])))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "name_cy", "official_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.identifier])

    @property
    def identifier(self) -> str:
        """The stable public identifier: the GSS code where there is one, otherwise the slug."""
        return self.gss_code or self.slug

    @property
    def is_council(self) -> bool:
        return self.type in COUNCIL_TYPES

    @property
    def has_ended(self) -> bool:
        return self.end_date is not None

    def has_member(self, user) -> bool:
        """Whether `user` may act for this organisation; asked through permissions.may_act_for."""
        from localdigital.organisations.services.membership import is_member  # the rule uses these models

        return is_member(user, self)


DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")


def validate_domain(value: str) -> None:
    if not DOMAIN.match(normalise_domain(value)):
        raise ValidationError("Enter a domain name like kingston.gov.uk, without https:// or a path")


# Domains of networks that many public bodies share (the London Public Services Network, the old
# Government Secure Intranet and its extranets, the police and criminal justice networks, the NHS's
# email service). An address at one proves nothing about which body someone works for.
SHARED_NETWORK_DOMAINS = frozenset(
    {
        "londonpsn.gov.uk",
        "gcsx.gov.uk",
        "gsi.gov.uk",
        "gsx.gov.uk",
        "gse.gov.uk",
        "cjsm.net",
        "pnn.police.uk",
        "nhs.net",
    }
)


class OrganisationDomainQuerySet(models.QuerySet):
    def proving_membership(self):
        """Domains that make someone with an address at them a member of the domain's body."""
        return self.filter(is_active=True).filter(
            models.Q(conflict="") | models.Q(shared_confirmed_at__isnull=False)
        )

    def needing_decision(self):
        """Domains in use whose conflict staff have not settled: they prove nothing until they do."""
        return self.filter(is_active=True, shared_confirmed_at__isnull=True).exclude(conflict="")


class OrganisationDomain(models.Model):
    """An email domain people at a body use. A domain can belong to more than one body, but one that
    is a shared network's or another body's own website domain counts only once staff confirm it."""

    class Conflict(models.TextChoices):
        NONE = "", "None"
        SHARED_NETWORK = "shared-network", "A shared network domain, used by many bodies"
        OTHER_BODY = "other-body", "Another body's own website domain"

    class Source(models.TextChoices):
        REGISTER = "register", "Government domain register (2018)"
        WEBSITE = "website", "The body's website"
        STAFF = "staff", "Staff"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, validators=[validate_domain], db_index=True)
    source = models.CharField(
        max_length=10,
        choices=Source.choices,
        default=Source.STAFF,
        help_text="Rows staff add or correct become theirs: the import never changes them.",
    )
    is_active = models.BooleanField(
        "in use",
        default=True,
        help_text="Clear this to stop using a domain: the import will not add it back.",
    )
    note = models.CharField(max_length=300, blank=True)
    conflict = models.CharField(
        max_length=20,
        choices=Conflict.choices,
        blank=True,
        default=Conflict.NONE,
        help_text="Why this domain may not show that someone works for this body. Until staff confirm "
        "that the bodies share it, it makes no one a member.",
    )
    conflict_with = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The body whose own website domain this is.",
    )
    shared_confirmed_at = models.DateTimeField("confirmed as shared", null=True, blank=True)
    shared_confirmed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OrganisationDomainQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "domain"], name="unique_domain_per_organisation")
        ]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = normalise_domain(self.domain)
        super().save(*args, **kwargs)
        # The body's public record changed too: its Last-Modified and ETag must move on.
        Organisation.objects.filter(pk=self.organisation_id).update(updated_at=timezone.now())

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Organisation.objects.filter(pk=self.organisation_id).update(updated_at=timezone.now())
        return result

    @property
    def proves_membership(self) -> bool:
        return self.is_active and (not self.conflict or self.shared_confirmed_at is not None)

    @property
    def needs_decision(self) -> bool:
        return self.is_active and bool(self.conflict) and self.shared_confirmed_at is None


class AccessRequest(models.Model):
    """Someone whose email domain matches no organisation asking staff to let them act for one."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="access_requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="access_requests")
    role = models.CharField("job title", max_length=200)
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_access_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.organisation}"
