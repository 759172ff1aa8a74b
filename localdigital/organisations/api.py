"""/api/v1/organisations: the organisation register as JSON, with the same filters as its page."""

from datetime import date

from django.conf import settings
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from localdigital.organisations.filters import (
    OrganisationFilters,
    all_organisations,
    find_organisation,
    register_queryset,
)
from localdigital.organisations.models import COUNCIL_TYPES, Nation, Organisation, OrganisationType, Region
from localdigital.platform.problems import valid_filters
from localdigital.registers.caching import conditional, open_data
from localdigital.registers.pagination import API_DEFAULT_LIMIT, api_slice

router = Router(tags=["Organisations"])


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


class OrganisationDetailOut(OrganisationOut):
    former_gss_codes: list[str]
    children: list[OrganisationReference]
    constituent_members: list[OrganisationReference]


class Links(Schema):
    self: str
    first: str
    previous: str | None
    next: str | None


class OrganisationPage(Schema):
    count: int
    limit: int
    offset: int
    links: Links
    items: list[OrganisationOut]


class Tally(Schema):
    councils: int
    all: int


class OrganisationCounts(Schema):
    councils: int
    all: int
    by_nation: dict[Nation, Tally]
    by_type: dict[OrganisationType, int]


class OrganisationFilterQuery(Schema):
    q: str | None = None
    type: list[OrganisationType] = []
    nation: list[Nation] = []
    region: list[Region] = []


class OrganisationQuery(OrganisationFilterQuery):
    limit: int = API_DEFAULT_LIMIT
    offset: int = 0


def _filtered(query: OrganisationFilterQuery) -> tuple[dict, QuerySet[Organisation]]:
    """The register with the query's filters applied, or a 400 problem naming the bad ones."""
    params = {"q": query.q or "", "type": query.type, "nation": query.nation, "region": query.region}
    return params, valid_filters(OrganisationFilters, params).filter(register_queryset())


def _api_url(org: Organisation) -> str:
    return settings.SITE_URL + reverse("api-v1:organisation", args=[org.identifier])


def _reference(org: Organisation | None) -> dict | None:
    if org is None:
        return None
    return {
        "id": org.identifier,
        "name": org.name,
        "url": settings.SITE_URL + org.get_absolute_url(),
        "api_url": _api_url(org),
    }


def serialise(org: Organisation) -> dict:
    return {
        "id": org.identifier,
        "gss_code": org.gss_code,
        "slug": org.slug,
        "name": org.name,
        "official_name": org.official_name,
        "type": org.type,
        "type_name": org.get_type_display(),
        "nation": org.nation,
        "region": org.region or None,
        "register_code": org.register_code,
        "website": org.website,
        "email_domains": [domain.domain for domain in org.domains.all() if domain.proves_membership],
        "parent": _reference(org.parent),
        "combined_authority": _reference(org.combined_authority),
        "start_date": org.start_date,
        "end_date": org.end_date,
        "url": settings.SITE_URL + org.get_absolute_url(),
        "api_url": _api_url(org),
    }


@router.get("", response=OrganisationPage, url_name="organisations", summary="List organisations")
@decorate_view(conditional(all_organisations, policy=open_data))
def list_organisations(request: HttpRequest, query: Query[OrganisationQuery]):
    """Current UK public bodies, filtered like the register page, a slice at a time."""
    params, organisations = _filtered(query)
    base_url = settings.SITE_URL + reverse("api-v1:organisations")
    return api_slice(
        organisations,
        limit=query.limit,
        offset=query.offset,
        base_url=base_url,
        params=params,
        serialise=serialise,
    )


@router.get(
    "/counts", response=OrganisationCounts, url_name="organisation-counts", summary="Count organisations"
)
@decorate_view(conditional(all_organisations, policy=open_data))
def count_organisations(request: HttpRequest, query: Query[OrganisationFilterQuery]):
    """How many current bodies match the filters: councils and all bodies, by nation and by type."""
    _params, organisations = _filtered(query)
    rows = organisations.order_by().values("nation", "type").annotate(rows=Count("pk"))
    by_nation = {nation.value: {"councils": 0, "all": 0} for nation in Nation}
    by_type: dict[str, int] = {}
    for row in rows:
        by_nation[row["nation"]]["all"] += row["rows"]
        if row["type"] in COUNCIL_TYPES:
            by_nation[row["nation"]]["councils"] += row["rows"]
        by_type[row["type"]] = by_type.get(row["type"], 0) + row["rows"]
    return {
        "councils": sum(tally["councils"] for tally in by_nation.values()),
        "all": sum(tally["all"] for tally in by_nation.values()),
        "by_nation": by_nation,
        "by_type": by_type,
    }


@router.get(
    "/{identifier}", response=OrganisationDetailOut, url_name="organisation", summary="One organisation"
)
@decorate_view(conditional(all_organisations, policy=open_data))
def get_organisation(request: HttpRequest, identifier: str):
    """One body, by its GSS code (e.g. E09000021) or its slug (e.g. kingston-upon-thames)."""
    org = find_organisation(identifier)
    return {
        **serialise(org),
        "former_gss_codes": org.former_gss_codes,
        "children": [_reference(child) for child in org.children.all()],
        "constituent_members": [_reference(member) for member in org.constituent_members.all()],
    }
