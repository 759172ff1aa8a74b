"""Contract notices in: the programme team uploads a release package and sees what it proposed; members
of a buyer confirm or reject the records proposed for their organisation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from localdigital.govuk.forms import GovukForm
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform.errors import NotAllowed
from localdigital.platform.permissions import is_programme_team, may_act_for
from localdigital.plumbing import ocds_import
from localdigital.plumbing.models import System

LAST_REPORT = "plumbing_import_report"


class ImportForm(GovukForm):
    file = forms.FileField(
        label=_("Upload a release package"),
        help_text=_(
            "An OCDS release package in JSON, as Contracts Finder and Find a Tender publish, up to 10 MB"
        ),
        error_messages={
            "required": _("Select a release package"),
            "empty": _("The selected file is empty"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_notices(request):
    if not is_programme_team(request.user):
        raise NotAllowed(gettext("Only the programme team can import contract notices"))
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > ocds_import.MAX_BYTES:
                raise ocds_import.RefusedFile(upload.name, ocds_import.too_large_message())
            report = ocds_import.import_package(upload.name, upload.read(), actor=request.user)
        except ocds_import.RefusedFile as error:
            refused = error
            form.add_error(
                "file",
                gettext("%(file)s was not imported: %(problem)s")
                % {"file": error.filename, "problem": error.problem},
            )
        else:
            request.session[LAST_REPORT] = report.as_dict()
            return redirect("plumbing:import-report")
    return TemplateResponse(
        request,
        "plumbing/import/upload.html",
        {"form": form, "refused": refused, "limit": ocds_import.MAX_BYTES // (1024 * 1024)},
    )


@login_required
def import_report(request):
    if not is_programme_team(request.user):
        raise NotAllowed(gettext("Only the programme team can import contract notices"))
    report = request.session.get(LAST_REPORT)
    if report is None:
        return redirect("plumbing:import-notices")
    return TemplateResponse(request, "plumbing/import/report.html", {"report": ocds_import.Report(**report)})


@login_required
def proposed(request):
    organisations = organisations_for(request.user)
    return TemplateResponse(
        request,
        "plumbing/import/proposed.html",
        {
            "systems": ocds_import.proposed_for(organisations),
            "acts_for_any": organisations.exists(),
            "navigation_section": "account",
        },
    )


@login_required
@require_POST
def answer_proposed(request, pk: int):
    system = get_object_or_404(System.objects.select_related("organisation", "product"), pk=pk)
    if system.state != System.State.PROPOSED:
        raise NotAllowed(gettext("This record has already been confirmed"))
    if not may_act_for(request.user, system.organisation):
        raise NotAllowed(gettext("Only members of the organisation can confirm its records"))
    name = {"product": system.product.name, "organisation": system.organisation.localised("name")}
    if request.POST.get("answer") == "confirm":
        ocds_import.confirm(system, request.user)
        messages.success(
            request, gettext("%(product)s at %(organisation)s is confirmed and published") % name
        )
    elif request.POST.get("answer") == "reject":
        ocds_import.reject(system, request.user)
        messages.success(request, gettext("%(product)s at %(organisation)s was removed") % name)
    return redirect("plumbing:proposed")
