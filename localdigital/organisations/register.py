"""The organisation register: current UK public bodies, as a page, JSON, CSV and through the API."""

from datetime import date

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_noop as N_
from ninja import Schema

from localdigital.organisations.models import (
    Nation,
    Organisation,
    OrganisationDomain,
    OrganisationType,
    Region,
    search_key,
)
from localdigital.registers.filters import Choices, Filter, Text
from localdigital.registers.register import Register
from localdigital.registers.search import Search


def organisation_filters(via: str = "") -> dict[str, Filter]:
    """Who a row is about: by name or code, type, nation and region. Other registers whose rows belong to
    a body use these too, with `via` the path to the body (e.g. "organisation__")."""

    return {
        "q": Text(N_("Search by name or code"), hint=N_("For example, Kingston or E09000021"),
                  lookup=_by_name_or_code(via)),
        **_about(via),
    }  # fmt: skip


def _by_name_or_code(via: str = ""):
    def by_name_or_code(text: str) -> Q:
        return (
            Q(**{f"{via}search_text__contains": search_key(text)})
            | Q(**{f"{via}gss_code": text.upper()})
            | Q(**{f"{via}register_code__iexact": text})
        )

    return by_name_or_code


def _about(via: str = "") -> dict[str, Filter]:
    return {
        "type": Choices(N_("Type"), choices=OrganisationType.choices, item_type=OrganisationType,
                        lookup=f"{via}type__in"),
        "nation": Choices(N_("Nation"), choices=Nation.choices, item_type=Nation, lookup=f"{via}nation__in"),
        "region": Choices(N_("Region"), choices=Region.choices, item_type=Region, lookup=f"{via}region__in"),
    }  # fmt: skip


def current_organisations():
    """Current bodies, with what every register row shows, in a constant number of queries."""
    return (
        Organisation.objects.current()
        .select_related("parent", "combined_authority")
        .prefetch_related(Prefetch("domains", queryset=OrganisationDomain.objects.filter(is_active=True)))
    )


def find_organisation(identifier: str) -> Organisation:
    """A body by its GSS code or its slug, with what its page shows; Http404 if there is none."""
    found = (
        Organisation.objects.select_related("parent", "combined_authority")
        .prefetch_related(
            Prefetch("domains", queryset=OrganisationDomain.objects.filter(is_active=True)),
            Prefetch("children", queryset=Organisation.objects.current()),
            Prefetch("constituent_members", queryset=Organisation.objects.current()),
        )
        .find(identifier)
    )
    if found is None:
        raise Http404("No organisation has that code or name")
    return found


class OrganisationReference(Schema):
    id: str
    name: str
    url: str
    api_url: str


class OrganisationOut(Schema):
    id: str
    gss_code: str | None
    slug: str
    name: str
    name_cy: str  # the name in Welsh where there is one (Caerdydd), otherwise empty
    official_name: str
    type: OrganisationType
    type_name: str
    nation: Nation
    region: Region | None
    register_code: str
    website: str
    email_domains: list[str]
    parent: OrganisationReference | None
    combined_authority: OrganisationReference | None
    start_date: date | None
    end_date: date | None
    url: str
    api_url: str


def api_url(org: Organisation) -> str:
    return settings.SITE_URL + reverse("api-v1:organisation", args=[org.identifier])


def reference(org: Organisation | None) -> dict | None:
    if org is None:
        return None
    return {
        "id": org.identifier,
        "name": org.name,
        "url": settings.SITE_URL + org.get_absolute_url(),
        "api_url": api_url(org),
    }


def organisation_row(org: Organisation) -> dict:
    return {
        "id": org.identifier,
        "gss_code": org.gss_code,
        "slug": org.slug,
        "name": org.name,
        "name_cy": org.name_cy,
        "official_name": org.official_name,
        "type": org.type,
        "type_name": org.get_type_display(),
        "nation": org.nation,
        "region": org.region or None,
        "register_code": org.register_code,
        "website": org.website,
        "email_domains": [domain.domain for domain in org.domains.all() if domain.proves_membership],
        "parent": reference(org.parent),
        "combined_authority": reference(org.combined_authority),
        "start_date": org.start_date,
        "end_date": org.end_date,
        "url": settings.SITE_URL + org.get_absolute_url(),
        "api_url": api_url(org),
    }


def _id_of(key: str):
    return lambda row: row[key]["id"] if row[key] else ""


organisations = Register(
    "organisations",
    query=current_organisations,
    filters={
        # The fields and weights of the search index (migration 0006): its name in English and in Welsh
        # (Caerdydd finds Cardiff), then its official name. A body whose name holds the
        # letters typed, or whose code they are, comes first, as it always has.
        "q": Search(
            N_("Search by name or code"),
            hint=N_("For example, Kingston or E09000021"),
            fields={"name": "A", "name_cy": "A", "official_name": "B"},
            also=_by_name_or_code(),
        ),
        **_about(),
    },
    # A body's row shows its parent and combined authority (bodies too) and its email domains.
    depends_on=(Organisation, OrganisationDomain),
    row=organisation_row,
    item_schema=OrganisationOut,
    template="organisations/list.html",
    context=lambda request: {"query_string": request.GET.urlencode()},
    csv_columns={
        "identifier": lambda row: row["id"],
        "gss_code": None,
        "slug": None,
        "name": None,
        "name_cy": None,
        "official_name": None,
        "type": None,
        "nation": None,
        "region": None,
        "register_code": None,
        "website": None,
        "email_domains": None,
        "parent_gss_code": _id_of("parent"),
        "combined_authority_gss_code": _id_of("combined_authority"),
        "start_date": None,
        "end_date": None,
        "url": None,
    },
)
