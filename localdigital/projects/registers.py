"""The project register's one query and one set of filters, for its page, API, CSV and Atom feed."""

from django import forms
from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from localdigital.govuk.forms import GovukForm
from localdigital.organisations.models import Organisation, Region
from localdigital.projects.models import Project, ProjectOutput, ProjectPartner, ProjectUpdate
from localdigital.service_list.models import Service


class AreaFilters(GovukForm):
    """Where a project is and what it is about: the filters the register and the search page share."""

    region = forms.MultipleChoiceField(label="Region", choices=Region.choices, required=False)
    service = forms.ModelChoiceField(
        label="Service area", queryset=Service.objects.all(), required=False, to_field_name="code",
        empty_label="Any service", error_messages={"invalid_choice": "Choose a service that has projects"},
    )  # fmt: skip
    organisation = forms.CharField(
        label="Organisation (GSS code or short name)", required=False, max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the services some project is about, not all 1,500 of the list.
        used = Project.objects.exclude(service=None).values("service_id")
        self.fields["service"].queryset = Service.objects.filter(code__in=used).order_by("label")


class ProjectFilters(AreaFilters):
    q = forms.CharField(label="Search projects", required=False, max_length=200)
    phase = forms.MultipleChoiceField(label="Phase", choices=Project.Phase.choices, required=False)
    status = forms.MultipleChoiceField(label="Status", choices=Project.Status.choices, required=False)
    collaboration = forms.MultipleChoiceField(
        label="Collaboration", choices=Project.Collaboration.choices, required=False
    )
    field_order = ["q", "phase", "status", "collaboration", "service", "organisation", "region"]  # as shown

    def filter(self, queryset: QuerySet[Project]) -> QuerySet[Project]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if data.get("q"):
            queryset = queryset.filter(
                Q(title__icontains=data["q"])
                | Q(problem__icontains=data["q"])
                | Q(building__icontains=data["q"])
            )
        for name in ("phase", "status", "collaboration"):
            if data.get(name):
                queryset = queryset.filter(**{f"{name}__in": data[name]})
        if data.get("region"):
            queryset = queryset.filter(lead__region__in=data["region"])
        if data.get("service"):
            queryset = queryset.filter(service=data["service"])
        if data.get("organisation"):
            identifier = data["organisation"]
            confirmed = ProjectPartner.objects.filter(status=ProjectPartner.Status.CONFIRMED).filter(
                Q(organisation__gss_code=identifier.upper()) | Q(organisation__slug=identifier.lower())
            )
            queryset = queryset.filter(
                Q(lead__gss_code=identifier.upper())
                | Q(lead__slug=identifier.lower())
                | Q(pk__in=confirmed.values("project_id"))
            )
        return queryset


def public_projects() -> QuerySet[Project]:
    return Project.objects.select_related("lead", "service").prefetch_related(
        "outputs",
        Prefetch(
            "partners",
            queryset=ProjectPartner.objects.filter(status=ProjectPartner.Status.CONFIRMED).select_related(
                "organisation"
            ),
            to_attr="confirmed_partners",
        ),
    )


def filtered_projects(params) -> tuple[ProjectFilters, QuerySet[Project]]:
    filters = ProjectFilters(params)
    filters.is_valid()
    return filters, filters.filter(public_projects())


class SearchForm(AreaFilters):
    """Searching projects and commitments by meaning, with the register's filters."""

    q = forms.CharField(label="What problem are you working on?", max_length=500, required=False)
    kind = forms.MultipleChoiceField(
        label="Show",
        choices=[("project", "Projects"), ("commitment", "Declaration commitments")],
        required=False,
    )
    phase = forms.MultipleChoiceField(label="Phase (projects)", choices=Project.Phase.choices, required=False)
    collaboration = forms.MultipleChoiceField(
        label="Collaboration (projects)", choices=Project.Collaboration.choices, required=False
    )
    field_order = ["q", "kind", "phase", "collaboration", "service", "organisation", "region"]  # as shown

    def keep(self, organisation_ids: set | None):
        """A test for the index: does a document pass the chosen filters?"""
        data = self.cleaned_data

        def passes(document) -> bool:
            facets = document.facets
            if data.get("kind") and facets.get("kind") not in data["kind"]:
                return False
            for name in ("phase", "collaboration"):
                if data.get(name) and facets.get(name) not in data[name]:
                    return False
            if data.get("region") and facets.get("region") not in data["region"]:
                return False
            if data.get("service") and facets.get("service") != data["service"].pk:
                return False
            return organisation_ids is None or document.organisation_id in organisation_ids

        return passes


def all_projects():
    return Project.objects.all()


def all_updates():
    return ProjectUpdate.objects.all()


# Every model the register's page, CSV, API and feed show, declared once: its ETag and Last-Modified
# come from all of these tables (projects, their leads and confirmed partners, outputs and service).
PROJECT_SOURCES = (Project, ProjectPartner, ProjectOutput, Organisation, Service)
# The activity page and feeds show each update with its project and the project's lead.
ACTIVITY_SOURCES = (ProjectUpdate, Project, Organisation)


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
        "phase": project.phase,
        "status": project.status,
        "collaboration": project.collaboration,
        "budget": project.budget,
        "tags": project.tags,
        "partners": [
            partner.organisation.identifier
            for partner in project.confirmed_partners  # type: ignore[attr-defined]  # Prefetch(to_attr=)
        ],
        "outputs": [
            {"kind": output.kind, "label": output.label, "url": output.url, "licence": output.licence}
            for output in project.outputs.all()
        ],
        "last_updated": project.last_update_at,
        "url": settings.SITE_URL + project.get_absolute_url(),
    }
