from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from localdigital.declaration.models import DeclarationVersion
from localdigital.platform.permissions import is_programme_team
from localdigital.registers.caching import conditional


def all_versions():
    return DeclarationVersion.objects.all()


def render_version(request, version: DeclarationVersion):
    """A version of the Declaration's page; the current one (localdigital.pages.declaration) adds more."""
    current = DeclarationVersion.objects.current()
    commitments = list(version.commitments.all())
    return TemplateResponse(
        request,
        "declaration/version.html",
        {
            "version": version,
            "current": current,
            "principles": version.principles.all(),
            "leader_commitments": [c for c in commitments if c.audience == c.Audience.LEADERS],
            "team_commitments": [c for c in commitments if c.audience == c.Audience.TEAMS],
        },
    )


@conditional(all_versions)
def declaration_version(request, number: int):
    versions = (
        DeclarationVersion.objects.all()
        if is_programme_team(request.user)
        else DeclarationVersion.objects.published()
    )
    return render_version(
        request, get_object_or_404(versions.prefetch_related("principles", "commitments"), number=number)
    )


@conditional(all_versions)
def version_list(request):
    return TemplateResponse(
        request, "declaration/versions.html", {"versions": DeclarationVersion.objects.published()}
    )
