"""The public registers of signing: signatories and their commitments.

Each register has one query and one set of filters, shown as a web page, JSON from the API, CSV and
an Atom feed.
"""

from django import forms
from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from localdigital.declaration.models import DeclarationVersion
from localdigital.govuk.forms import GovukForm
from localdigital.organisations.filters import OrganisationFilters
from localdigital.organisations.models import COUNCIL_TYPES, Nation, Organisation, OrganisationType
from localdigital.service_list.models import Service
from localdigital.signing.models import Approver, Commitment, CommitmentPartner, Signing


def _years():
    first = 2018
    return [(str(year), str(year)) for year in range(timezone.localdate().year, first - 1, -1)]


class SignatoryFilters(OrganisationFilters):
    year = forms.MultipleChoiceField(label="Year signed", choices=_years, required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[("name", "Name"), ("newest", "Newest first"), ("oldest", "Oldest first")],
        required=False,
        initial="name",
    )

    ORDERINGS = {"name": ["organisation__name"], "newest": ["-signed_at"], "oldest": ["signed_at"]}

    def filter(self, queryset: QuerySet, via: str = "organisation__") -> QuerySet:
        queryset = super().filter(queryset, via=via)
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if data.get("year"):
            queryset = queryset.filter(signed_at__year__in=[int(year) for year in data["year"]])
        return queryset.order_by(*self.ORDERINGS[data.get("sort") or "name"], "pk")


def signatories() -> QuerySet[Signing]:
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


def filtered_signatories(params) -> tuple[SignatoryFilters, QuerySet[Signing]]:
    filters = SignatoryFilters(params)
    filters.is_valid()
    return filters, filters.filter(signatories())


def coverage() -> dict:
    """How many councils have signed, overall and by nation and by type: '123 of 382 councils'."""
    councils = Organisation.objects.current().councils()
    signed = Q(signings__status=Signing.Status.SIGNED)
    by_nation = {
        row["nation"]: row
        for row in councils.order_by()
        .values("nation")
        .annotate(total=Count("pk", distinct=True), signed=Count("pk", filter=signed, distinct=True))
    }
    by_type = {
        row["type"]: row
        for row in councils.order_by()
        .values("type")
        .annotate(total=Count("pk", distinct=True), signed=Count("pk", filter=signed, distinct=True))
    }
    return {
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


class CommitmentFilters(GovukForm):
    q = forms.CharField(label="Search commitments", required=False, max_length=200)
    principle = forms.MultipleChoiceField(
        label="Principle",
        choices=[(str(n), name) for n, name in Commitment.PRINCIPLES.items()],
        required=False,
    )
    progress = forms.MultipleChoiceField(
        label="Progress", choices=Commitment.Progress.choices, required=False
    )
    service = forms.ModelChoiceField(
        label="Service area",
        queryset=Service.objects.all(),
        required=False,
        to_field_name="code",
        empty_label="Any service",
        error_messages={"invalid_choice": "Choose a service that has commitments"},
    )
    organisation = forms.CharField(
        label="Organisation (GSS code or short name)", required=False, max_length=200
    )
    partner = forms.CharField(label="Partner (GSS code or short name)", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the services some published commitment is about, not all 1,500 of the list.
        used = public_commitments().exclude(service=None).values("service_id")
        self.fields["service"].queryset = Service.objects.filter(code__in=used).order_by("label")

    def filter(self, queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if data.get("q"):
            queryset = queryset.filter(Q(title__icontains=data["q"]) | Q(mission__icontains=data["q"]))
        if data.get("principle"):
            # JSON containment is not on SQLite, so match the numbers in the stored list's text.
            matches = Q()
            for number in data["principle"]:
                matches |= Q(principles__icontains=number)
            queryset = queryset.filter(matches)
        if data.get("progress"):
            queryset = queryset.filter(progress__in=data["progress"])
        if data.get("service"):
            queryset = queryset.filter(service=data["service"])
        if data.get("organisation"):
            queryset = queryset.filter(_organisation_is(data["organisation"], "organisation__"))
        if data.get("partner"):
            confirmed = CommitmentPartner.objects.filter(confirmed_at__isnull=False).filter(
                _organisation_is(data["partner"], "organisation__")
            )
            queryset = queryset.filter(pk__in=confirmed.values("commitment_id"))
        return queryset


def _organisation_is(identifier: str, via: str) -> Q:
    return Q(**{f"{via}gss_code": identifier.upper()}) | Q(**{f"{via}slug": identifier.lower()})


def public_commitments() -> QuerySet[Commitment]:
    """Commitments of signatories, with their confirmed partners, newest first."""
    return (
        Commitment.objects.filter(signing__status=Signing.Status.SIGNED, state=Commitment.State.PUBLISHED)
        .select_related("organisation", "service")
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=CommitmentPartner.objects.filter(confirmed_at__isnull=False).select_related(
                    "organisation"
                ),
                to_attr="confirmed_partnerships",
            )
        )
        .order_by("-created_at", "-pk")
    )


def filtered_commitments(params) -> tuple[CommitmentFilters, QuerySet[Commitment]]:
    filters = CommitmentFilters(params)
    filters.is_valid()
    return filters, filters.filter(public_commitments())


def all_signings():
    return Signing.objects.all()


def all_commitments():
    return Commitment.objects.all()


# Every model each register's pages, CSV, API and feed show, declared once: their ETag and Last-Modified
# come from all of these tables. A signatory shows its approvers (a re-affirmation adds one), its version
# of the Declaration and its published commitments; a commitment shows its partners and service.
SIGNATORY_SOURCES = (Signing, Approver, Commitment, Organisation, DeclarationVersion)
COMMITMENT_SOURCES = (Commitment, CommitmentPartner, Signing, Organisation, Service)


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
        "signed_on": signing.signed_at.date().isoformat(),  # type: ignore[union-attr]  # signed
        "declaration_version": signing.declaration_version.number,  # type: ignore[union-attr]  # signed
        "head_of_paid_service": names.get("head-of-paid-service", ""),
        "political_leader": names.get("political-leader", ""),
        "record_url": settings.SITE_URL + signing.get_record_url(),
    }


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
        "due_date": commitment.due_date.isoformat(),
        "progress": commitment.progress,
        "partners": [
            p.organisation.identifier
            for p in commitment.confirmed_partnerships  # type: ignore[attr-defined]  # Prefetch(to_attr=)
        ],
        "url": settings.SITE_URL + commitment.get_absolute_url(),
    }
