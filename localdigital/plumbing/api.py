"""/api/v1/systems and /api/v1/standards: the register of systems and contracts with the filters of its page,
and the open standards with their adoption."""

from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.decorators import decorate_view

from localdigital.plumbing.models import Adoption, Standard
from localdigital.plumbing.register import SystemOut, published_systems, system_row, systems
from localdigital.registers.caching import conditional, open_data
from localdigital.service_list.models import Service

router = Router(tags=["Systems and standards"])

systems.add_api(
    router,
    "/systems",
    url_name="systems",
    summary="List systems and contracts",
    description="The systems organisations run for their services, with their contracts, with the filters "
    "of the systems page. A value band an organisation keeps to members is null.",
)


@router.get("/systems/{system_id}", response=SystemOut, url_name="system", summary="One system")
@decorate_view(systems.validators(open_data))
def get_system(request: HttpRequest, system_id: int):
    return system_row(get_object_or_404(published_systems(), pk=system_id))


class AdoptionOut(Schema):
    organisation_id: str
    organisation_name: str
    stage: str
    confirmed: datetime


class StandardOut(Schema):
    slug: str
    name: str
    name_cy: str
    summary: str
    kind: str
    steward: str
    url: str
    service_lgsl: list[int]
    adoption: list[AdoptionOut]
    page: str


def _standard_row(standard: Standard) -> dict:
    return {
        "slug": standard.slug,
        "name": standard.name,
        "name_cy": standard.name_cy,
        "summary": standard.summary,
        "kind": standard.kind,
        "steward": standard.steward,
        "url": standard.url,
        "service_lgsl": [service.code for service in standard.services.all()],
        "adoption": [
            {
                "organisation_id": adoption.organisation.identifier,
                "organisation_name": adoption.organisation.name,
                "stage": adoption.stage,
                "confirmed": adoption.confirmed_at,
            }
            for adoption in standard.adoptions.all()
        ],
        "page": settings.SITE_URL + standard.get_absolute_url(),
    }


def _standards():
    return Standard.objects.prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("code")),
        Prefetch(
            "adoptions",
            queryset=Adoption.objects.select_related("organisation").order_by("organisation__name", "pk"),
        ),
    ).order_by("name", "pk")


@router.get("/standards", response=list[StandardOut], url_name="standards", summary="List open standards")
@decorate_view(conditional(Standard, Adoption, policy=open_data))
def list_standards(request: HttpRequest):
    """Every open standard and shared API in the catalogue, with each organisation's adoption of it."""
    return [_standard_row(standard) for standard in _standards()]


@router.get("/standards/{slug}", response=StandardOut, url_name="standard", summary="One open standard")
@decorate_view(conditional(Standard, Adoption, policy=open_data))
def get_standard(request: HttpRequest, slug: str):
    return _standard_row(get_object_or_404(_standards(), slug=slug))
