"""/api/v1/projects: the project register as JSON, with the filters of its page."""

from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from localdigital.organisations.api import Links
from localdigital.platform.problems import valid_filters
from localdigital.projects.registers import PROJECT_SOURCES, ProjectFilters, project_row, public_projects
from localdigital.registers.caching import conditional, open_data
from localdigital.registers.pagination import API_DEFAULT_LIMIT, api_slice

router = Router(tags=["Projects"])


class OutputOut(Schema):
    kind: str
    label: str
    url: str
    licence: str


class ProjectOut(Schema):
    id: int
    title: str
    problem: str
    building: str
    lead_id: str
    lead_name: str
    service_lgsl: int | None
    service: str
    phase: str
    status: str
    collaboration: str
    budget: str
    tags: list[str]
    partners: list[str]
    outputs: list[OutputOut]
    last_updated: datetime
    url: str


class ProjectPage(Schema):
    count: int
    limit: int
    offset: int
    links: Links
    items: list[ProjectOut]


class ProjectQuery(Schema):
    q: str | None = None
    phase: list[str] = []
    status: list[str] = []
    collaboration: list[str] = []
    region: list[str] = []
    service: int | None = None
    organisation: str | None = None
    limit: int = API_DEFAULT_LIMIT
    offset: int = 0


@router.get("", response=ProjectPage, url_name="projects", summary="List projects")
@decorate_view(conditional(*PROJECT_SOURCES, policy=open_data))
def list_projects(request: HttpRequest, query: Query[ProjectQuery]):
    """Shared digital projects, with the filters of the projects page."""
    params = {
        "q": query.q or "",
        "phase": query.phase,
        "status": query.status,
        "collaboration": query.collaboration,
        "region": query.region,
        "service": query.service or "",
        "organisation": query.organisation or "",
    }
    projects = valid_filters(ProjectFilters, params).filter(public_projects())
    base_url = settings.SITE_URL + reverse("api-v1:projects")
    return api_slice(
        projects,
        limit=query.limit,
        offset=query.offset,
        base_url=base_url,
        params=params,
        serialise=project_row,
    )


@router.get("/{project_id}", response=ProjectOut, url_name="project", summary="One project")
@decorate_view(conditional(*PROJECT_SOURCES, policy=open_data))
def get_project(request: HttpRequest, project_id: int):
    return project_row(get_object_or_404(public_projects(), pk=project_id))
