"""The registers of shared projects: the projects, and the updates they post (the activity page and its
Atom feeds), each declared once (see localdigital/registers/register.py)."""

from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_
from ninja import Schema

from localdigital.organisations.models import Organisation, Region, identified_by
from localdigital.organisations.services.membership import organisations_for
from localdigital.projects.models import (
    Project,
    ProjectOutput,
    ProjectPartner,
    ProjectUpdate,
    SimilarityVector,
)
from localdigital.projects.similarity import search as similarity
from localdigital.registers.filters import Choices, Model, Text
from localdigital.registers.register import FeedEntry, Register
from localdigital.registers.rows import Related, ValueRows, identifier, url_maker
from localdigital.registers.search import Search
from localdigital.service_list.models import Service
from localdigital.signing.models import Commitment, Signing

# Projects ----------------------------------------------------------------------------------------------


def public_projects() -> QuerySet[Project]:
    # Lists in the order the whole-register exports give them (registers/rows.py, Related): as added.
    return Project.objects.select_related("lead", "service").prefetch_related(
        Prefetch("outputs", queryset=ProjectOutput.objects.order_by("pk")),
        Prefetch(
            "partners",
            queryset=ProjectPartner.objects.filter(status=ProjectPartner.Status.CONFIRMED)
            .select_related("organisation")
            .order_by("pk"),
            to_attr="confirmed_partners",
        ),
    )


def _services_with_projects():
    """Only the services some project is about, not all 1,500 of the list."""
    used = Project.objects.exclude(service=None).values("service_id")
    return Service.objects.filter(code__in=used).order_by("label")


def _led_or_partnered_by(identifier: str) -> Q:
    confirmed = ProjectPartner.objects.filter(status=ProjectPartner.Status.CONFIRMED).filter(
        identified_by(identifier, via="organisation__")
    )
    return identified_by(identifier, via="lead__") | Q(pk__in=confirmed.values("project_id"))


# Where a project is and what it is about: the search page offers these too (see forms.SearchForm).
AREA_FILTERS = ("service", "organisation", "region")


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
    service_cy: str  # its Welsh name, where staff have written one
    phase: str
    status: str
    collaboration: str
    budget: str
    tags: list[str]
    partners: list[str]
    outputs: list[OutputOut]
    last_updated: datetime
    url: str


def project_row(project: Project) -> dict:
    """One project as open data, for the CSV and the API. The contact's email is not open data."""
    return {
        "id": project.pk,
        "title": project.title,
        "problem": project.problem,
        "building": project.building,
        "lead_id": project.lead.identifier,
        "lead_name": project.lead.name,
        "service_lgsl": project.service_id,
        "service": project.service.label if project.service else "",
        "service_cy": project.service.label_cy if project.service else "",
        "phase": project.phase,
        "status": project.status,
        "collaboration": project.collaboration,
        "budget": project.budget,
        "tags": project.tags,
        "partners": [partner.organisation.identifier for partner in project.confirmed_partners],  # type: ignore[attr-defined]  # prefetched
        "outputs": [
            {"kind": output.kind, "label": output.label, "url": output.url, "licence": output.licence}
            for output in project.outputs.all()
        ],
        "last_updated": project.last_update_at,
        "url": settings.SITE_URL + project.get_absolute_url(),
    }


def project_values_row(values: dict) -> dict:
    """`project_row` made from plain values, for whole-register exports (see registers/rows.py)."""
    return {
        "id": values["pk"],
        "title": values["title"],
        "problem": values["problem"],
        "building": values["building"],
        "lead_id": identifier(values["lead__gss_code"], values["lead__slug"]),
        "lead_name": values["lead__name"],
        "service_lgsl": values["service_id"],
        "service": values["service__label"] or "",
        "service_cy": values["service__label_cy"] or "",
        "phase": values["phase"],
        "status": values["status"],
        "collaboration": values["collaboration"],
        "budget": values["budget"],
        "tags": values["tags"],
        "partners": [identifier(gss_code, slug) for gss_code, slug in values["partners"]],
        "outputs": [
            {"kind": kind, "label": label, "url": url, "licence": licence}
            for kind, label, url, licence in values["outputs"]
        ],
        "last_updated": values["last_update_at"],
        "url": settings.SITE_URL + url_maker("projects:detail")(values["pk"]),
    }


project_values = ValueRows(
    fields=(
        "title", "problem", "building", "lead__gss_code", "lead__slug", "lead__name", "service_id",
        "service__label", "service__label_cy", "phase", "status", "collaboration", "budget", "tags",
        "last_update_at",
    ),
    related={
        "partners": Related(
            lambda: ProjectPartner.objects.filter(status=ProjectPartner.Status.CONFIRMED),
            to="project",
            fields=("organisation__gss_code", "organisation__slug"),
        ),
        "outputs": Related(
            ProjectOutput.objects.all, to="project", fields=("kind", "label", "url", "licence")
        ),
    },
    row=project_values_row,
)  # fmt: skip


def _can_register(request) -> dict:
    # Anyone signed out is asked to sign in first; someone signed in for no organisation is shown how to
    # ask for one, rather than a link to a page that says they cannot register.
    return {"can_register": not request.user.is_authenticated or organisations_for(request.user).exists()}


projects = Register(
    "projects",
    query=public_projects,
    filters={
        # The fields and weights of the search index (migration 0006).
        "q": Search(
            N_("Search projects"),
            fields={"title": "A", "problem": "B", "building": "C"},
            meaning=similarity.nearest("project"),
        ),
        "phase": Choices(N_("Phase"), choices=Project.Phase.choices),
        "status": Choices(N_("Status"), choices=Project.Status.choices),
        "collaboration": Choices(N_("Collaboration"), choices=Project.Collaboration.choices),
        "service": Model(
            N_("Service area"),
            queryset=_services_with_projects,
            to_field_name="code",
            empty_label=N_("Any service"),
            error_messages={"invalid_choice": _("Choose a service that has projects")},
        ),
        "organisation": Text(N_("Organisation (GSS code or short name)"), lookup=_led_or_partnered_by),
        "region": Choices(N_("Region"), choices=Region.choices, lookup="lead__region__in"),
    },
    # A project shows its lead, its confirmed partners, its outputs and its service. A search finds
    # projects by meaning from the similarity index, which holds projects and published commitments.
    depends_on=(
        Project,
        ProjectPartner,
        ProjectOutput,
        Organisation,
        Service,
        SimilarityVector,
        Commitment,
        Signing,
    ),
    row=project_row,
    values=project_values,
    item_schema=ProjectOut,
    csv_columns={
        **dict.fromkeys(ProjectOut.model_fields),
        "outputs": lambda row: [output["url"] for output in row["outputs"]],
    },
    template="projects/list.html",
    context=_can_register,
)


# Updates -----------------------------------------------------------------------------------------------


def newest_updates() -> QuerySet[ProjectUpdate]:
    return ProjectUpdate.objects.select_related("project__lead").order_by("-created_at", "-pk")


updates = Register(
    "updates",
    query=newest_updates,
    # Each update shows with its project and the project's lead.
    depends_on=(ProjectUpdate, Project, Organisation),
    template="projects/activity.html",
    feed=FeedEntry(
        # For all projects, or for one (/projects/<pk>/updates.atom).
        get_object=lambda request, pk=None: get_object_or_404(Project, pk=pk) if pk else None,
        scope=lambda queryset, project: queryset.filter(project=project),
        title=lambda project: (
            gettext("Updates on %(project)s") % {"project": project.title}
            if project
            else gettext("Updates on shared projects")
        ),
        link=lambda project: project.get_absolute_url() if project else reverse("projects:activity"),
        item_title=lambda update: f"{update.project.lead.name}: {update.project.title}",
        item_description=lambda update: update.body,
        item_link=lambda update: f"{update.project.get_absolute_url()}#update-{update.pk}",
        item_pubdate=lambda update: update.created_at,
    ),
)
