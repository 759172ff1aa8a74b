"""/api/v1/organisations: the organisation register as JSON, with the same filters as its page."""

from django.db.models import Count
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from localdigital.organisations.models import COUNCIL_TYPES, Nation, OrganisationType
from localdigital.organisations.register import (
    OrganisationOut,
    OrganisationReference,
    find_organisation,
    organisation_row,
    organisations,
    reference,
)
from localdigital.registers.caching import open_data

router = Router(tags=["Organisations"])


class OrganisationDetailOut(OrganisationOut):
    former_gss_codes: list[str]
    children: list[OrganisationReference]
    constituent_members: list[OrganisationReference]


class Tally(Schema):
    councils: int
    all: int


class OrganisationCounts(Schema):
    councils: int
    all: int
    by_nation: dict[Nation, Tally]
    by_type: dict[OrganisationType, int]


organisations.add_api(
    router,
    "",
    url_name="organisations",
    summary="List organisations",
    description="Current UK public bodies, filtered like the register page, a slice at a time.",
)


@router.get(
    "/counts", response=OrganisationCounts, url_name="organisation-counts", summary="Count organisations"
)
@decorate_view(organisations.validators(open_data))
def count_organisations(request: HttpRequest, query: Query[organisations.filter_schema]):  # type: ignore[name-defined]
    """How many current bodies match the filters: councils and all bodies, by nation and by type."""
    matching = organisations.valid(organisations.api_params(query))
    rows = matching.order_by().values("nation", "type").annotate(rows=Count("pk"))
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
@decorate_view(organisations.validators(open_data))
def get_organisation(request: HttpRequest, identifier: str):
    """One body, by its GSS code (e.g. E09000021) or its slug (e.g. kingston-upon-thames)."""
    org = find_organisation(identifier)
    return {
        **organisation_row(org),
        "former_gss_codes": org.former_gss_codes,
        "children": [reference(child) for child in org.children.all()],
        "constituent_members": [reference(member) for member in org.constituent_members.all()],
    }
