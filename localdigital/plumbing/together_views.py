"""The moments to act together, as pages: who else is in the same position as a system's organisation, and
one action to start a joint project or a discovery bid with them, or to ask to join one under way."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from localdigital.fund import services as fund_services
from localdigital.fund.models import Application, Round
from localdigital.govuk.forms import GovukForm
from localdigital.organisations.models import Organisation
from localdigital.platform.errors import NotAllowed
from localdigital.plumbing import together
from localdigital.plumbing.models import System
from localdigital.projects import services as project_services
from localdigital.projects.models import Project
from localdigital.service_list.models import Service


class TogetherForm(GovukForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Which organisations would you like to work with?"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("We will ask each one to confirm. Select all that apply."),
        error_messages={"required": _("Select at least one organisation to work with")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by("name")
        field.label_from_instance = lambda organisation: organisation.localised("name")


def open_round() -> Round | None:
    """The fund round open for bids now, the one closing first if there are several."""
    now = timezone.now()
    return (
        Round.objects.filter(status=Round.Status.OPEN, opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at")
        .first()
    )


def _system(pk: int) -> System:
    return get_object_or_404(
        System.objects.published().select_related("organisation", "product__supplier"), pk=pk
    )


def _page(request, system: System, form=None, status: int = 200) -> TemplateResponse:
    moments = together.contracts_ending(system)
    product = together.same_product(system)
    organisations = together.matched_organisations(system)
    member = together.may_act(request.user, system)
    if member and form is None and organisations:
        form = TogetherForm(organisations=organisations, initial={"organisations": organisations})
    return TemplateResponse(
        request,
        "plumbing/together/page.html",
        {
            "system": system,
            "moments": moments,
            "product": product,
            "organisations": organisations,
            "projects": list(together.projects_under_way(system, organisations)),
            "member": member,
            "form": form if member else None,
            "round": open_round() if member else None,
        },
        status=status,
    )


def together_page(request, pk: int):
    return _page(request, _system(pk))


def _service_for(system: System) -> Service | None:
    """The service a joint piece of work is about: the first of the system's services whose contracts end
    together with others', else its first service."""
    for moment in together.contracts_ending(system):
        if moment.systems:
            return moment.service
    return system.services.order_by("code").first()


def _words(system: System) -> dict:
    service = _service_for(system)
    values = {
        "service": service.localised("label") if service else system.product.name,
        "product": system.product.name,
    }
    if system.contract_end:
        start, end = together.financial_year(system.contract_end)
        values.update(start=together.month_and_year(start), end=together.month_and_year(end))
    return {"service_record": service, **values}


def _title(words: dict) -> str:
    return gettext("Replacing %(service)s systems together") % words


def _problem(words: dict) -> str:
    if "start" in words:
        return (
            gettext(
                "Our contracts for %(service)s end between %(start)s and %(end)s. We want to agree together "
                "what replaces them, rather than each buy again on our own."
            )
            % words
        )
    return (
        gettext("We each use %(product)s. We want to agree together what replaces it, rather than each buy "
                "again on our own.")
        % words
    )  # fmt: skip


@login_required
@require_POST
def act(request, pk: int):
    """One action from the page: start a joint project, or a discovery bid, with the organisations
    chosen."""
    system = _system(pk)
    if not together.may_act(request.user, system):
        raise NotAllowed(
            gettext("Only people at %(organisation)s can act for it.")
            % {"organisation": system.organisation.name}
        )
    form = TogetherForm(request.POST, organisations=together.matched_organisations(system))
    if not form.is_valid():
        return _page(request, system, form=form, status=400)
    chosen = list(form.cleaned_data["organisations"])
    if request.POST.get("action") == "bid":
        return _start_bid(request, system, chosen, form)
    return _start_project(request, system, chosen)


def _start_project(request, system: System, chosen: list[Organisation]):
    user = request.user
    words = _words(system)
    project = project_services.create(
        system.organisation,
        user,
        {
            "title": _title(words)[:200],
            "problem": _problem(words),
            "service": words["service_record"],
            "phase": Project.Phase.DISCOVERY,
            "status": Project.Status.ACTIVE,
            "collaboration": Project.Collaboration.OPEN_TO_CONVERSATION,
            # Shown on the public project page: never an email address.
            "contact_name": user.full_name or system.organisation.name,
            "contact_email": user.email,
            "budget": Project.Budget.NOT_KNOWN,
            "tags": [],
        },
    )
    for organisation in chosen:
        project_services.name_partner(project, organisation, user)
    return redirect("plumbing:together-project", system.pk, project.pk)


def _start_bid(request, system: System, chosen: list[Organisation], form):
    round_ = open_round()
    if round_ is None:
        form.add_error(None, gettext("No round of the Local Digital Fund is open for bids at the moment."))
        return _page(request, system, form=form, status=400)
    user = request.user
    words = _words(system)
    try:
        application = fund_services.start(round_, system.organisation, user, _title(words)[:200])
    except NotAllowed as refusal:
        form.add_error(None, str(refusal))
        return _page(request, system, form=form, status=400)
    answers = {"problem": _problem(words)}
    if round_.phases.filter(phase=Project.Phase.DISCOVERY).exists():
        answers["phase"] = Project.Phase.DISCOVERY
    fund_services.save_answers(application, user, answers)
    for organisation in chosen:
        fund_services.name_partner(application, organisation, user)
    return redirect("plumbing:together-bid", system.pk, application.reference)


def _done(request, system: System, template: str, context: dict) -> TemplateResponse:
    if not together.may_act(request.user, system):
        raise Http404("Only its organisation's people see this")
    return TemplateResponse(request, template, {"system": system, **context})


@login_required
def project_started(request, pk: int, project_pk: int):
    system = _system(pk)
    project = get_object_or_404(Project.objects.filter(lead=system.organisation), pk=project_pk)
    partners = project.partners.select_related("organisation").order_by("organisation__name")
    return _done(
        request,
        system,
        "plumbing/together/project_started.html",
        {"project": project, "partners": [partner.organisation for partner in partners]},
    )


@login_required
def bid_started(request, pk: int, reference: str):
    system = _system(pk)
    application = get_object_or_404(
        Application.objects.filter(lead=system.organisation).select_related("round"), reference=reference
    )
    partners = application.partners.select_related("organisation").order_by("organisation__name")
    return _done(
        request,
        system,
        "plumbing/together/bid_started.html",
        {
            "application": application,
            "partners": [partner.organisation for partner in partners],
            "bid_url": reverse("fund:bid", args=[application.reference]),
        },
    )
