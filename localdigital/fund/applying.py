"""The applicant's pages: starting a bid, one question page per part, partners, the budget, checking
the answers against the round's rules, and submitting; and a partner's answer."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from localdigital.fund import forms, services
from localdigital.fund.eligibility import interest_problems, problems, signatory_ids
from localdigital.fund.models import Application, ApplicationPartner, BudgetLine, Round
from localdigital.fund.tasks import PARTS, RULE_SECTIONS, Task, outside_the_list, task_list
from localdigital.govuk.pages import question
from localdigital.organisations import partnerships
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform.errors import NotAllowed

# Each question page: its form, heading, and words under the heading.
SECTIONS = {
    "title": (forms.TitleForm, gettext_lazy("What is the bid called?"), ""),
    "contact": (forms.ContactForm, gettext_lazy("Who is the contact for the bid?"), ""),
    "phase": (
        forms.PhaseForm,
        gettext_lazy("Phase and amount"),
        gettext_lazy("Each phase this round funds has a limit on how much one bid can ask for."),
    ),
    "problem": (forms.ProblemForm, gettext_lazy("The problem and its users"), ""),
    "plan": (forms.PlanForm, gettext_lazy("The plan and the team"), ""),
    "finance-officer": (
        forms.FinanceOfficerForm,
        gettext_lazy("Your finance (Section 151) officer"),
        gettext_lazy(
            "The officer responsible for the lead organisation's finances. If the bid is funded, the grant "
            "agreement goes to them."
        ),
    ),
    "licence": (forms.LicenceForm, gettext_lazy("Publishing what you make"), ""),
}


def section_url(application: Application, section: str) -> str:
    if section == "interest":
        return reverse("fund:bid", args=[application.reference]) + "#expression-of-interest"
    if section == "partners":
        return reverse("fund:bid-partners", args=[application.reference])
    if section == "budget":
        return reverse("fund:bid-budget", args=[application.reference])
    return reverse("fund:bid-answer", args=[application.reference, section])


def _problem_links(application: Application, found) -> list[dict]:
    """The unmet rules as an error summary's list: each links to the page where it is put right."""
    links = []
    for problem in found:
        section = RULE_SECTIONS.get(problem.rule)
        href = (
            section_url(application, section)
            if section
            else reverse("fund:bid", args=[application.reference])
        )
        links.append({"text": problem.message, "href": href})
    return links


def _bid(request, reference: str) -> Application:
    """A bid the person may see (they work for its lead or a partner); 404 for anyone else."""
    application = get_object_or_404(
        Application.objects.select_related("round", "lead", "created_by"), reference=reference
    )
    if not services.can_see(request.user, application):
        raise Http404("No bid with that reference that you can see")
    return application


def _cannot_change(request, application: Application) -> TemplateResponse:
    return TemplateResponse(
        request,
        "fund/cannot_change.html",
        {"application": application, "message": services.closed_message(application)},
        status=403,
    )


def editable_bid(view):
    """For a view that changes a bid: finds it by its reference in the address and passes it on, or
    explains why it cannot change (closed, submitted, or the person is not at the lead)."""

    @wraps(view)
    def wrapped(request, reference: str, **kwargs):
        application = _bid(request, reference)
        if not services.can_edit(request.user, application):
            return _cannot_change(request, application)
        return view(request, application, **kwargs)

    return wrapped


@login_required
@require_http_methods(["GET", "POST"])
def start(request, slug: str):
    round_ = get_object_or_404(Round.objects.exclude(status=Round.Status.DRAFT), slug=slug)
    organisations = list(organisations_for(request.user).order_by("name"))
    if not round_.is_open():
        not_yet = timezone.now() < round_.opens_at
        return TemplateResponse(
            request, "fund/round_not_open.html", {"round": round_, "not_yet": not_yet}, status=403
        )
    if not organisations:
        return TemplateResponse(request, "fund/cannot_bid.html", {"round": round_}, status=403)
    form = forms.StartForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start(
                round_, form.cleaned_data["lead"], request.user, form.cleaned_data["title"]
            )
        except NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("Bid started. Its reference is %(reference)s.") % {"reference": application.reference},
            )
            return redirect("fund:bid", application.reference)
    return TemplateResponse(
        request, "fund/start.html", {"round": round_, "form": form, "navigation_section": "fund"}
    )


def _task_items(application: Application, tasks: list[Task]) -> list[dict]:
    """The task list as the GOV.UK task list component takes it."""
    items = []
    for task in tasks:
        status = (
            {"text": task.status}
            if task.completed
            else {"tag": {"text": task.status, "classes": "govuk-tag--blue"}}
        )
        items.append(
            {"title": {"text": task.title}, "href": section_url(application, task.section), "status": status}
        )
    return items


@login_required
def bid(request, reference: str):
    return _bid_page(request, _bid(request, reference))


def _bid_page(request, application: Application, interest_errors=None, status: int = 200):
    found = problems(application)
    tasks = task_list(application, found)
    asks_interest = application.round.expressions_of_interest and not application.interest_sent_at
    return TemplateResponse(
        request,
        "fund/bid.html",
        {
            "application": application,
            "editable": services.can_edit(request.user, application),
            "closed_message": services.closed_message(application),
            "tasks": _task_items(application, tasks),
            "completed": sum(1 for task in tasks if task.completed),
            "problems": _problem_links(application, found),
            "outside_the_list": _problem_links(application, outside_the_list(found)),
            "partners": application.partners.select_related("organisation"),
            "asks_interest": asks_interest,
            "interest_problems": (
                _problem_links(application, interest_problems(application)) if asks_interest else []
            ),
            "interest_errors": interest_errors,
            "navigation_section": "fund",
        },
        status=status,
    )


@login_required
@require_POST
@editable_bid
def send_interest(request, application: Application):
    try:
        services.send_interest(application, request.user)
    except services.NotReady as not_ready:
        return _bid_page(
            request, application, interest_errors=_problem_links(application, not_ready.problems)
        )
    messages.success(request, _("Expression of interest sent and published on the round's page"))
    return redirect("fund:bid", application.reference)


def _initial(application: Application, form_class) -> dict:
    return {name: getattr(application, name) for name in form_class.base_fields}


def _form_options(application: Application, form_class, user) -> dict:
    """What a question page's form needs to know about the bid to check its answers."""
    if form_class is forms.PhaseForm:
        return {"round_": application.round}
    if form_class is forms.FinanceOfficerForm:
        return {"organisation": application.lead, "people": (application.created_by, user)}
    return {}


@login_required
@require_http_methods(["GET", "POST"])
@editable_bid
def answer(request, application: Application, section: str):
    if section not in SECTIONS:
        raise Http404("No such part of a bid")
    form_class, heading, intro = SECTIONS[section]
    form = form_class(
        request.POST or None,
        initial=_initial(application, form_class),
        **_form_options(application, form_class, request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.save_answers(application, request.user, form.cleaned_data)
        messages.success(request, _("%(part)s saved") % {"part": dict(PARTS)[section]})
        return redirect(_next(request, application))
    return question(
        request,
        form,
        heading=str(heading),
        caption=f"{application.reference}: {application.title}",
        intro=str(intro),
        button=_("Save and continue"),
        back_url=reverse("fund:bid", args=[application.reference]),
        navigation_section="fund",
    )


def _next(request, application: Application) -> str:
    """Back to "Check your answers" when the person came from there, otherwise to the task list."""
    if request.GET.get("from") == "check":
        return reverse("fund:bid-check", args=[application.reference])
    return reverse("fund:bid", args=[application.reference])


@login_required
@require_http_methods(["GET", "POST"])
@editable_bid
def partners(request, application: Application):
    form = forms.PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.name_partner(application, form.cleaned_data["organisation"], request.user)
        except NotAllowed as refusal:
            form.add_error("organisation", str(refusal))
        else:
            messages.success(
                request,
                _("%(organisation)s added. Someone who works there confirms it.")
                % {"organisation": form.cleaned_data["organisation"].name},
            )
            return redirect("fund:bid-partners", application.reference)
    return TemplateResponse(
        request,
        "fund/partners.html",
        {
            "application": application,
            "form": form,
            "partners": application.partners.select_related("organisation"),
            "signed": signatory_ids(application.partners.values_list("organisation_id", flat=True)),
            "navigation_section": "fund",
        },
    )


@login_required
@require_POST
@editable_bid
def remove_partner(request, application: Application, pk: int):
    named = get_object_or_404(application.partners.select_related("organisation"), pk=pk)
    services.remove_partner(named, request.user)
    messages.success(
        request, _("%(organisation)s removed from the bid") % {"organisation": named.organisation.name}
    )
    return redirect("fund:bid-partners", application.reference)


@login_required
@require_http_methods(["GET", "POST"])
@editable_bid
def budget(request, application: Application):
    form = forms.BudgetLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_budget_line(application, request.user, **form.cleaned_data)
        messages.success(request, _("Budget line added: %(item)s") % {"item": form.cleaned_data["item"]})
        return redirect("fund:bid-budget", application.reference)
    return TemplateResponse(
        request,
        "fund/budget.html",
        {
            "application": application,
            "form": form,
            "lines": application.budget_lines.all(),
            "total": application.budget_total(),
            "navigation_section": "fund",
        },
    )


@login_required
@require_POST
@editable_bid
def remove_budget_line(request, application: Application, pk: int):
    line = get_object_or_404(BudgetLine, application=application, pk=pk)
    services.remove_budget_line(line, request.user)
    messages.success(request, _("Budget line removed: %(item)s") % {"item": line.item})
    return redirect("fund:bid-budget", application.reference)


@login_required
@require_http_methods(["GET", "POST"])
@editable_bid
def check(request, application: Application):
    errors = None
    if request.method == "POST":
        try:
            services.submit(application, actor=request.user)
        except services.NotReady as not_ready:
            errors = _problem_links(application, not_ready.problems)
        else:
            return redirect("fund:bid-submitted", application.reference)
    return TemplateResponse(
        request,
        "fund/check.html",
        {
            "application": application,
            "partners": application.partners.select_related("organisation"),
            "problems": errors if errors is not None else _problem_links(application, problems(application)),
            "errors": errors,
            "navigation_section": "fund",
        },
    )


@login_required
def submitted(request, reference: str):
    application = _bid(request, reference)
    if application.status == Application.Status.DRAFT:
        return redirect("fund:bid", application.reference)
    return TemplateResponse(
        request, "fund/submitted.html", {"application": application, "navigation_section": "fund"}
    )


@login_required
def your_bids(request):
    mine = organisations_for(request.user)
    bids = (
        Application.objects.filter(Q(lead__in=mine) | Q(partners__organisation__in=mine))
        .distinct()
        .select_related("round", "lead")
        .order_by("-created_at")
    )
    return TemplateResponse(
        request,
        "fund/your_bids.html",
        {"bids": bids, "to_answer": services.partners_to_answer(request.user), "navigation_section": "fund"},
    )


@login_required
@require_POST
def answer_partnership(request, pk: int):
    partner = get_object_or_404(ApplicationPartner.objects.select_related("application"), pk=pk)
    form = forms.PartnershipAnswerForm(request.POST)
    if not form.is_valid():
        return redirect("fund:your-bids")
    confirm = form.cleaned_data["answer"] == "confirm"
    try:
        (partnerships.confirm if confirm else partnerships.decline)(partner, request.user)
    except NotAllowed as refusal:
        return TemplateResponse(
            request,
            "fund/cannot_change.html",
            {"application": partner.application, "message": str(refusal)},
            status=403,
        )
    organisation, bid = partner.organisation.name, partner.application.title
    messages.success(
        request,
        (
            _("%(organisation)s confirmed as a partner in %(bid)s")
            if confirm
            else _("%(organisation)s declined to be a partner in %(bid)s")
        )
        % {"organisation": organisation, "bid": bid},
    )
    return redirect("fund:your-bids")
