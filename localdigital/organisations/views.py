from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from localdigital.organisations.filters import all_organisations, filtered_register, find_organisation
from localdigital.organisations.forms import AccessRequestForm
from localdigital.organisations.models import Organisation
from localdigital.organisations.services.membership import ask_for_access
from localdigital.pledges.services import all_counts, counts
from localdigital.projects.registers import all_projects, filtered_projects
from localdigital.registers.caching import conditional, open_data
from localdigital.registers.csv import csv_response
from localdigital.registers.pagination import govuk_pagination, page_of
from localdigital.signing.models import Signing
from localdigital.signing.registers import all_commitments, all_signings, filtered_commitments


@conditional(all_organisations)
def organisation_list(request):
    filters, organisations = filtered_register(request.GET)
    page = page_of(organisations, request)
    return TemplateResponse(
        request,
        "organisations/list.html",
        {
            "filters": filters,
            "page": page,
            "pagination": govuk_pagination(page, request),
            "query_string": request.GET.urlencode(),
        },
    )


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
        "commitments": filtered_commitments(query)[1].count(),
        "projects": filtered_projects(query)[1].count(),
    }


# The page shows the body, its pledges, its signing, and its commitments and projects.
@conditional(all_organisations, all_counts, all_signings, all_commitments, all_projects)
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


CSV_HEADER = [
    "identifier", "gss_code", "slug", "name", "official_name", "type", "nation", "region", "register_code",
    "website", "email_domains", "parent_gss_code", "combined_authority_gss_code", "start_date", "end_date",
    "url",
]  # fmt: skip


@conditional(all_organisations, policy=open_data)
def organisation_csv(request):
    _filters, organisations = filtered_register(request.GET)
    rows = (
        [
            org.identifier,
            org.gss_code,
            org.slug,
            org.name,
            org.official_name,
            org.type,
            org.nation,
            org.region,
            org.register_code,
            org.website,
            [d.domain for d in org.domains.all() if d.proves_membership],
            org.parent.identifier if org.parent else "",
            org.combined_authority.identifier if org.combined_authority else "",
            org.start_date,
            org.end_date,
            settings.SITE_URL + org.get_absolute_url(),
        ]
        for org in organisations.iterator(chunk_size=500)
    )
    return csv_response("organisations.csv", CSV_HEADER, rows)


@login_required
@require_http_methods(["GET", "POST"])
def request_access(request):
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ask_for_access(
            request.user,
            form.cleaned_data["organisation"],
            role=form.cleaned_data["role"],
            reason=form.cleaned_data["reason"],
        )
        return redirect("organisations:request-access-sent")
    return TemplateResponse(request, "organisations/request_access.html", {"form": form})


@login_required
def request_access_sent(request):
    return TemplateResponse(request, "organisations/request_access_sent.html", {})
