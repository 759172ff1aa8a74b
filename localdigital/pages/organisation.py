"""An organisation's page: the body, its pledges, its signing, and its commitments and projects.

It shows what several domains hold, so it lives here above them; its address stays organisations:detail."""

from django.http import QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from localdigital.organisations.models import Organisation
from localdigital.organisations.register import find_organisation, organisations
from localdigital.pledges.services import all_counts, counts
from localdigital.projects.register import projects
from localdigital.registers.caching import conditional
from localdigital.signing.models import Signing
from localdigital.signing.register import commitments


def declaration_record(organisation: Organisation) -> Signing | None:
    """The body's signing of the Declaration as the public record shows it: signed, or withdrawn."""
    return (
        organisation.signings.filter(
            status__in=[Signing.Status.SIGNED, Signing.Status.WITHDRAWN], signed_at__isnull=False
        )
        .order_by("-signed_at", "-pk")
        .first()
    )


def in_the_registers(organisation: Organisation) -> dict:
    """How many commitments and projects each register shows for the body, filtered as its links are."""
    query = QueryDict(mutable=True)
    query["organisation"] = organisation.identifier
    return {
        "query": query.urlencode(),
        "commitments": commitments.filtered(query)[1].count(),
        "projects": projects.filtered(query)[1].count(),
    }


# The page shows the body, its pledges, its signing, and its commitments and projects.
@conditional(*organisations.depends_on, all_counts, *commitments.depends_on, *projects.depends_on)
def organisation_detail(request, identifier: str):
    organisation = find_organisation(identifier)
    if identifier != organisation.identifier:
        return redirect(organisation, permanent=True)
    pledges = counts().by_organisation.get(str(organisation.pk), 0)
    return TemplateResponse(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "pledges": pledges,
            "signing": declaration_record(organisation),
            "registers": in_the_registers(organisation),
        },
    )
