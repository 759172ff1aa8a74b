from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from localdigital.organisations.filters import all_organisations, filtered_register
from localdigital.organisations.forms import AccessRequestForm
from localdigital.organisations.services.membership import ask_for_access
from localdigital.registers.caching import conditional, open_data
from localdigital.registers.csv import csv_response
from localdigital.registers.pagination import govuk_pagination, page_of


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
