from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from localdigital.organisations.forms import AccessRequestForm
from localdigital.organisations.register import organisations
from localdigital.organisations.services import membership
from localdigital.organisations.services.membership import ask_for_access

organisation_list = organisations.page
organisation_csv = organisations.csv
organisation_json = organisations.json


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
    return TemplateResponse(
        request,
        "organisations/request_access.html",
        {"form": form, "days": membership.DECISION_TARGET_WORKING_DAYS},
    )


@login_required
def request_access_sent(request):
    return TemplateResponse(
        request, "organisations/request_access_sent.html", {"days": membership.DECISION_TARGET_WORKING_DAYS}
    )
