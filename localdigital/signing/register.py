"""The public registers of signing: signatories and their commitments, each declared once.

Each is a page, JSON from the API, a whole-register CSV and JSON, and an Atom feed (see
localdigital/registers/register.py).
"""

from datetime import date

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_
from ninja import Schema

from localdigital.declaration.models import DeclarationVersion
from localdigital.organisations.models import (
    COUNCIL_TYPES,
    Nation,
    Organisation,
    OrganisationType,
    Region,
    identified_by,
)
from localdigital.organisations.register import organisation_filters
from localdigital.registers.filters import Choices, Model, Sort, Text
from localdigital.registers.register import FeedEntry, Register
from localdigital.registers.rows import Related, ValueRows, identifier, url_maker
from localdigital.registers.search import Search
from localdigital.service_list.models import Service
from localdigital.signing.models import Approver, Commitment, CommitmentPartner, Signing

# Signatories -------------------------------------------------------------------------------------------


def _years():
    first = 2018
    return [(str(year), str(year)) for year in range(timezone.localdate().year, first - 1, -1)]


def signed() -> QuerySet[Signing]:
    """Organisations that have signed and not withdrawn, with what their rows show."""
    return (
        Signing.objects.filter(status=Signing.Status.SIGNED)
        .select_related("organisation", "declaration_version")
        .prefetch_related(
            Prefetch(
                "approvers", queryset=Approver.objects.filter(status=Approver.Status.SIGNED).order_by("role")
            )
        )
    )


def coverage(within: Q | None = None) -> dict:
    """How many councils have signed, overall and by nation and by type: '123 of 382 councils'; `within`
    narrows it to some bodies (the dashboard's nations and types)."""
    bodies = Organisation.objects.current()
    if within is not None:
        bodies = bodies.filter(within)
    councils = bodies.councils()
    has_signed = Q(signings__status=Signing.Status.SIGNED)
    by_nation = {
        row["nation"]: row
        for row in councils.order_by()
        .values("nation")
        .annotate(total=Count("pk", distinct=True), signed=Count("pk", filter=has_signed, distinct=True))
    }
    by_type = {
        row["type"]: row
        for row in councils.order_by()
        .values("type")
        .annotate(total=Count("pk", distinct=True), signed=Count("pk", filter=has_signed, distinct=True))
    }
    return {
        # Every body that has signed, councils or not (demo bodies and other public bodies sign too).
        "signatories": bodies.filter(has_signed).distinct().count(),
        "signed": sum(row["signed"] for row in by_nation.values()),
        "total": sum(row["total"] for row in by_nation.values()),
        "by_nation": [
            {
                "nation": nation.label,
                "key": nation.value,
                "signed": by_nation.get(nation.value, {}).get("signed", 0),
                "total": by_nation.get(nation.value, {}).get("total", 0),
            }
            for nation in Nation
        ],
        "by_type": [
            {
                "type": kind.label,
                "key": kind.value,
                "signed": by_type[kind.value]["signed"],
                "total": by_type[kind.value]["total"],
            }
            for kind in OrganisationType
            if kind in COUNCIL_TYPES and kind.value in by_type
        ],
    }


class SignatoryOut(Schema):
    organisation_id: str
    organisation_name: str
    organisation_type: OrganisationType
    nation: Nation
    region: Region | str
    signed_on: date
    declaration_version: int
    head_of_paid_service: str
    political_leader: str
    record_url: str


def signatory_row(signing: Signing) -> dict:
    """One signatory as open data: what the CSV and the API both publish. Never an email address."""
    names = {approver.role: f"{approver.name}, {approver.job_title}" for approver in signing.approvers.all()}
    organisation = signing.organisation
    return {
        "organisation_id": organisation.identifier,
        "organisation_name": organisation.name,
        "organisation_type": organisation.type,
        "nation": organisation.nation,
        "region": organisation.region,
        "signed_on": signing.signed_at.date().isoformat(),  # type: ignore[union-attr]  # signatories have signed
        "declaration_version": signing.declaration_version.number,  # type: ignore[union-attr]
        "head_of_paid_service": names.get("head-of-paid-service", ""),
        "political_leader": names.get("political-leader", ""),
        "record_url": settings.SITE_URL + signing.get_record_url(),
    }


signatories = Register(
    "signatories",
    query=signed,
    filters={
        **organisation_filters(via="organisation__"),
        "year": Choices(
            N_("Year signed"),
            choices=_years,
            item_type=int,
            lookup=lambda years: Q(signed_at__year__in=[int(year) for year in years]),
        ),
        "sort": Sort(
            N_("Sort by"),
            default="name",
            orderings={
                "name": (N_("Name"), ["organisation__name"]),
                "newest": (N_("Newest first"), ["-signed_at"]),
                "oldest": (N_("Oldest first"), ["signed_at"]),
            },
        ),
    },
    # A signatory shows its approvers (a re-affirmation adds one), its version of the Declaration and
    # its published commitments.
    depends_on=(Signing, Approver, Commitment, Organisation, DeclarationVersion),
    row=signatory_row,
    item_schema=SignatoryOut,
    csv_columns=list(SignatoryOut.model_fields),
    template="signing/signatories.html",
    context=lambda request: {"coverage": coverage()},
    feed=FeedEntry(
        title=lambda _nothing: gettext("Signatories of the Local Digital Declaration"),
        subtitle=lambda _nothing: gettext("Organisations that have signed, newest first"),
        link="signatories",
        params={"sort": "newest"},
        item_title=lambda signing: (
            gettext("%(organisation_name)s signed the Local Digital Declaration")
            % {"organisation_name": signing.organisation.name}
        ),
        item_description=lambda signing: (
            gettext("Signed on %(date)s, version %(version)s.")
            % {
                "date": formats.date_format(timezone.localtime(signing.signed_at), "j F Y"),
                "version": signing.declaration_version.number,
            }
        ),
        item_link=lambda signing: reverse("signatory", args=[signing.organisation.identifier]),
        item_pubdate=lambda signing: signing.signed_at,
    ),
)


# Commitments -------------------------------------------------------------------------------------------


def published() -> QuerySet[Commitment]:
    """Commitments of signatories, with their confirmed partners, newest first."""
    return (
        Commitment.objects.filter(signing__status=Signing.Status.SIGNED, state=Commitment.State.PUBLISHED)
        .select_related("organisation", "service")
        .prefetch_related(
            Prefetch(
                "partnerships",
                # In the order the whole-register exports give them (registers/rows.py, Related): as added.
                queryset=CommitmentPartner.objects.confirmed().select_related("organisation").order_by("pk"),
                to_attr="confirmed_partnerships",
            )
        )
        .order_by("-created_at", "-pk")
    )


def _services_with_commitments():
    """Only the services some published commitment is about, not all 1,500 of the list."""
    used = published().exclude(service=None).values("service_id")
    return Service.objects.filter(code__in=used).order_by("label")


def _about_principles(numbers: list[str]) -> Q:
    # JSON containment is not on SQLite, so match the numbers in the stored list's text.
    matches = Q()
    for number in numbers:
        matches |= Q(principles__icontains=number)
    return matches


def _with_partner(identifier: str) -> Q:
    confirmed = CommitmentPartner.objects.confirmed().filter(identified_by(identifier, via="organisation__"))
    return Q(pk__in=confirmed.values("commitment_id"))


class CommitmentOut(Schema):
    id: int
    title: str
    organisation_id: str
    organisation_name: str
    mission: str
    impact: str
    principles: list[int]
    service_lgsl: int | None
    service: str
    service_cy: str  # its Welsh name, where staff have written one
    due_date: date
    progress: str
    partners: list[str]
    url: str


def commitment_row(commitment: Commitment) -> dict:
    return {
        "id": commitment.pk,
        "title": commitment.title,
        "organisation_id": commitment.organisation.identifier,
        "organisation_name": commitment.organisation.name,
        "mission": commitment.mission,
        "impact": commitment.impact,
        "principles": commitment.principles,
        "service_lgsl": commitment.service_id,
        "service": commitment.service.label if commitment.service else "",
        "service_cy": commitment.service.label_cy if commitment.service else "",
        "due_date": commitment.due_date.isoformat(),
        "progress": commitment.progress,
        "partners": [p.organisation.identifier for p in commitment.confirmed_partnerships],  # type: ignore[attr-defined]  # prefetched
        "url": settings.SITE_URL + commitment.get_absolute_url(),
    }


def commitment_values_row(values: dict) -> dict:
    """`commitment_row` made from plain values, for whole-register exports (see registers/rows.py)."""
    return {
        "id": values["pk"],
        "title": values["title"],
        "organisation_id": identifier(values["organisation__gss_code"], values["organisation__slug"]),
        "organisation_name": values["organisation__name"],
        "mission": values["mission"],
        "impact": values["impact"],
        "principles": values["principles"],
        "service_lgsl": values["service_id"],
        "service": values["service__label"] or "",
        "service_cy": values["service__label_cy"] or "",
        "due_date": values["due_date"].isoformat(),
        "progress": values["progress"],
        "partners": [identifier(gss_code, slug) for gss_code, slug in values["partners"]],
        "url": settings.SITE_URL + url_maker("signing:commitment")(values["pk"]),
    }


commitment_values = ValueRows(
    fields=(
        "title", "organisation__gss_code", "organisation__slug", "organisation__name", "mission", "impact",
        "principles", "service_id", "service__label", "service__label_cy", "due_date", "progress",
    ),
    related={
        "partners": Related(
            CommitmentPartner.objects.confirmed,
            to="commitment",
            fields=("organisation__gss_code", "organisation__slug"),
        ),
    },
    row=commitment_values_row,
)  # fmt: skip


commitments = Register(
    "commitments",
    query=published,
    filters={
        # The fields and weights of the search index (migration 0008). The embeddings that find
        # commitments by meaning are the projects app's, which gives them to this search when it loads.
        "q": Search(N_("Search commitments"), fields={"title": "A", "mission": "B", "impact": "C"}),
        "principle": Choices(
            N_("Principle"),
            choices=[(str(n), name) for n, name in Commitment.PRINCIPLES.items()],
            item_type=int,
            lookup=_about_principles,
        ),
        "progress": Choices(N_("Progress"), choices=Commitment.Progress.choices),
        "service": Model(
            N_("Service area"),
            queryset=_services_with_commitments,
            to_field_name="code",
            empty_label=N_("Any service"),
            error_messages={"invalid_choice": _("Choose a service that has commitments")},
        ),
        "organisation": Text(
            N_("Organisation (GSS code or short name)"),
            lookup=lambda text: identified_by(text, via="organisation__"),
        ),
        "partner": Text(N_("Partner (GSS code or short name)"), lookup=_with_partner),
    },
    # A commitment shows its organisation, its confirmed partners and its service.
    depends_on=(Commitment, CommitmentPartner, Signing, Organisation, Service),
    row=commitment_row,
    values=commitment_values,
    item_schema=CommitmentOut,
    csv_columns=list(CommitmentOut.model_fields),
    template="signing/commitments.html",
    feed=FeedEntry(
        title=lambda _nothing: gettext("Commitments made under the Local Digital Declaration"),
        subtitle=lambda _nothing: gettext("What signatories have committed to do, newest first"),
        link="commitments",
        item_title=lambda commitment: f"{commitment.organisation.name}: {commitment.title}",
        item_description=lambda commitment: commitment.mission,
        item_link=lambda commitment: commitment.get_absolute_url(),
        item_pubdate=lambda commitment: commitment.created_at,
        item_updateddate=lambda commitment: commitment.updated_at,
    ),
)
