"""/api/v1/projects: the project register as JSON, with the filters of its page."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.decorators import decorate_view

from localdigital.projects.register import ProjectOut, project_row, projects, public_projects
from localdigital.registers.caching import open_data

router = Router(tags=["Projects"])

projects.add_api(
    router,
    "",
    url_name="projects",
    summary="List projects",
    description="Shared digital projects, with the filters of the projects page.",
)


@router.get("/{project_id}", response=ProjectOut, url_name="project", summary="One project")
@decorate_view(projects.validators(open_data))
def get_project(request: HttpRequest, project_id: int):
    return project_row(get_object_or_404(public_projects(), pk=project_id))
