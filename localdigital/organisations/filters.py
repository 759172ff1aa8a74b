"""The one set of filters for the organisation register, shared by its page, API and CSV."""

from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from localdigital.govuk.forms import GovukForm
from localdigital.organisations.models import (
    Nation,
    Organisation,
    OrganisationDomain,
    OrganisationType,
    Region,
    search_key,
)


class OrganisationFilters(GovukForm):
    q = forms.CharField(label="Search by name or code", required=False, max_length=200)
    type = forms.MultipleChoiceField(label="Type", choices=OrganisationType.choices, required=False)
    nation = forms.MultipleChoiceField(label="Nation", choices=Nation.choices, required=False)
    region = forms.MultipleChoiceField(label="Region", choices=Region.choices, required=False)

    def filter(self, queryset: QuerySet, via: str = "") -> QuerySet:
        """Apply the valid filters to `queryset`; call after is_valid().

        `via` is the path to the organisation from another register's rows, e.g. "organisation__".
        """
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        query = data.get("q", "").strip()
        if query:
            queryset = queryset.filter(
                Q(**{f"{via}search_text__contains": search_key(query)})
                | Q(**{f"{via}gss_code": query.upper()})
                | Q(**{f"{via}register_code__iexact": query})
            )
        for name in ("type", "nation", "region"):
            if data.get(name):
                queryset = queryset.filter(**{f"{via}{name}__in": data[name]})
        return queryset


def register_queryset() -> QuerySet[Organisation]:
    """Current bodies, with what every register row shows, in a constant number of queries."""
    return (
        Organisation.objects.current()
        .select_related("parent", "combined_authority")
        .prefetch_related(Prefetch("domains", queryset=OrganisationDomain.objects.filter(is_active=True)))
    )


def filtered_register(params) -> tuple[OrganisationFilters, QuerySet[Organisation]]:
    """The register filtered by request parameters; invalid filters are reported on the form, not applied."""
    filters = OrganisationFilters(params)
    filters.is_valid()
    return filters, filters.filter(register_queryset())


def all_organisations():
    return Organisation.objects.all()


def find_organisation(identifier: str) -> Organisation:
    """A body by its GSS code or its slug; Http404 if there is none."""
    organisations = Organisation.objects.select_related("parent", "combined_authority").prefetch_related(
        Prefetch("domains", queryset=OrganisationDomain.objects.filter(is_active=True)),
        Prefetch("children", queryset=Organisation.objects.current()),
        Prefetch("constituent_members", queryset=Organisation.objects.current()),
    )
    code = identifier.upper()
    for lookup in ({"gss_code": code}, {"slug": identifier.lower()}):
        found = organisations.filter(**lookup).first()
        if found is not None:
            return found
    raise Http404("No organisation has that code or name")
