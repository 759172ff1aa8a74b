"""/api/v1/signatories and /api/v1/commitments: the signing registers as JSON, with their pages' filters."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from localdigital.organisations.api import Links, OrganisationFilterQuery
from localdigital.organisations.models import Nation, OrganisationType, Region
from localdigital.platform.problems import valid_filters
from localdigital.registers.caching import conditional, open_data
from localdigital.registers.pagination import API_DEFAULT_LIMIT, api_slice
from localdigital.signing.registers import (
    COMMITMENT_SOURCES,
    SIGNATORY_SOURCES,
    CommitmentFilters,
    SignatoryFilters,
    commitment_row,
    coverage,
    public_commitments,
    signatories,
    signatory_row,
)

router = Router(tags=["Signing"])


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


class SignatoryPage(Schema):
    count: int
    limit: int
    offset: int
    links: Links
    items: list[SignatoryOut]


class SignatoryQuery(OrganisationFilterQuery):
    year: list[int] = []
    sort: str = "name"
    limit: int = API_DEFAULT_LIMIT
    offset: int = 0


class CoverageRow(Schema):
    key: str
    signed: int
    total: int


class Coverage(Schema):
    signed: int
    total: int
    by_nation: list[CoverageRow]
    by_type: list[CoverageRow]


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
    due_date: date
    progress: str
    partners: list[str]
    url: str


class CommitmentPage(Schema):
    count: int
    limit: int
    offset: int
    links: Links
    items: list[CommitmentOut]


class CommitmentQuery(Schema):
    q: str | None = None
    principle: list[int] = []
    progress: list[str] = []
    service: int | None = None
    organisation: str | None = None
    partner: str | None = None
    limit: int = API_DEFAULT_LIMIT
    offset: int = 0


@router.get("/signatories", response=SignatoryPage, url_name="signatories", summary="List signatories")
@decorate_view(conditional(*SIGNATORY_SOURCES, policy=open_data))
def list_signatories(request: HttpRequest, query: Query[SignatoryQuery]):
    """Organisations that have signed the Declaration, with the filters of the signatories page."""
    params = {
        "q": query.q or "",
        "type": query.type,
        "nation": query.nation,
        "region": query.region,
        "year": [str(year) for year in query.year],
        "sort": query.sort,
    }
    signings = valid_filters(SignatoryFilters, params).filter(signatories())
    base_url = settings.SITE_URL + reverse("api-v1:signatories")
    return api_slice(
        signings,
        limit=query.limit,
        offset=query.offset,
        base_url=base_url,
        params=params,
        serialise=signatory_row,
    )


@router.get(
    "/signatories/coverage", response=Coverage, url_name="coverage", summary="How many councils have signed"
)
@decorate_view(conditional(*SIGNATORY_SOURCES, policy=open_data))
def signatory_coverage(request: HttpRequest):
    """Councils that have signed, of all current councils, overall and by nation and by type."""
    return coverage()


@router.get("/commitments", response=CommitmentPage, url_name="commitments", summary="List commitments")
@decorate_view(conditional(*COMMITMENT_SOURCES, policy=open_data))
def list_commitments(request: HttpRequest, query: Query[CommitmentQuery]):
    """Signatories' commitments, with the filters of the commitments page."""
    params = {
        "q": query.q or "",
        "principle": [str(n) for n in query.principle],
        "progress": query.progress,
        "service": query.service or "",
        "organisation": query.organisation or "",
        "partner": query.partner or "",
    }
    commitments = valid_filters(CommitmentFilters, params).filter(public_commitments())
    base_url = settings.SITE_URL + reverse("api-v1:commitments")
    return api_slice(
        commitments,
        limit=query.limit,
        offset=query.offset,
        base_url=base_url,
        params=params,
        serialise=commitment_row,
    )
