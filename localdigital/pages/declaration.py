"""The Declaration's page: its current version, with the latest signatories and the pledge counts.

It shows what signing and pledges hold, so it lives here above them; its address stays declaration:current."""

from django.http import Http404

from localdigital.declaration.models import DeclarationVersion
from localdigital.declaration.views import all_versions, render_version
from localdigital.pledges.services import all_counts, counts
from localdigital.registers.caching import conditional
from localdigital.signing.register import signatories


# The page shows the latest signatories and the pledge counts too, so it changes when any of them does.
@conditional(all_versions, *signatories.depends_on, all_counts)
def current_declaration(request):
    version = DeclarationVersion.objects.current()
    if version is None:
        raise Http404("No version of the Declaration has been published yet")
    response = render_version(request, version)
    latest = signatories.query().order_by("-signed_at")
    response.context_data.update(
        {"signatory_count": latest.count(), "latest_signatories": latest[:5], "pledges": counts()}
    )
    return response
