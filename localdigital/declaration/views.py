from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from localdigital.declaration.models import DeclarationVersion
from localdigital.platform.permissions import is_programme_team
from localdigital.pledges.services import all_counts, counts
from localdigital.registers.caching import conditional
from localdigital.signing.register import signatories


def all_versions():
    return DeclarationVersion.objects.all()


def _render(request, version: DeclarationVersion):
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


# The page shows the latest signatories and the pledge counts too, so it changes when any of them does.
@conditional(all_versions, *signatories.depends_on, all_counts)
def current_declaration(request):
    version = DeclarationVersion.objects.current()
    if version is None:
        raise Http404("No version of the Declaration has been published yet")
    response = _render(request, version)
    latest = signatories.query().order_by("-signed_at")
    response.context_data.update(
        {"signatory_count": latest.count(), "latest_signatories": latest[:5], "pledges": counts()}
    )
    return response


@conditional(all_versions)
def declaration_version(request, number: int):
    versions = (
        DeclarationVersion.objects.all()
        if is_programme_team(request.user)
        else DeclarationVersion.objects.published()
    )
    return _render(
        request, get_object_or_404(versions.prefetch_related("principles", "commitments"), number=number)
    )


@conditional(all_versions)
def version_list(request):
    return TemplateResponse(
        request, "declaration/versions.html", {"versions": DeclarationVersion.objects.published()}
    )
