"""Assessing bids: an assessor's list, declaring conflicts and scoring; the programme team's moderation
of a round and its decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from localdigital.fund import assessment, forms, services
from localdigital.fund.models import Application, ApplicationPartner, Assignment, Round, Score
from localdigital.platform.errors import NotAllowed
from localdigital.platform.permissions import is_programme_team


@login_required
def assignments(request):
    mine = (
        Assignment.objects.filter(assessor=request.user)
        .select_related("application__round", "application__lead")
        .prefetch_related("scores")
        .order_by("application__round__closes_at", "application__reference")
    )
    return TemplateResponse(
        request, "fund/assess/list.html", {"assignments": mine, "navigation_section": "fund"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.select_related("application__round", "application__lead"),
        pk=pk,
        assessor=request.user,
    )
    application = assignment.application
    criteria = list(application.round.criteria.all())
    open_ = application.status == Application.Status.SUBMITTED
    barred = assessment.conflicted(assignment)  # declared, or they work for an organisation in the bid
    declaring = open_ and not barred and assignment.declared_at is None
    form: forms.ConflictForm | forms.ScoreForm | None = None
    if declaring:
        form = forms.ConflictForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            assessment.declare(assignment, actor=request.user, conflict=form.cleaned_data["details"])
            messages.success(
                request,
                gettext("Conflict of interest recorded: you will not score this bid")
                if form.cleaned_data["details"]
                else gettext("Answer saved: you have no conflict of interest. Now score the bid."),
            )
            return redirect("fund:assess", assignment.pk)
    elif open_ and not barred:
        existing = {s.criterion_id: s for s in assignment.scores.all()}
        form = scores = forms.ScoreForm(
            request.POST or None, criteria=criteria, scale=application.round.scoring_scale, existing=existing
        )
        if request.method == "POST" and scores.is_valid():
            try:
                assessment.score(assignment, scores.marks(), actor=request.user)
            except NotAllowed as refusal:
                scores.add_error(None, str(refusal))
            else:
                saved = gettext("Scores saved for %(title)s") % {"title": application.title}
                messages.success(request, saved)
                return redirect("fund:assessments")
    elif request.method == "POST":
        raise NotAllowed(barred or str(assessment.DECIDED))
    return TemplateResponse(
        request,
        "fund/assess/assess.html",
        {
            "assignment": assignment,
            "application": application,
            "partners": application.partners.select_related("organisation"),
            "form": form,
            "declaring": declaring,
            "barred": barred,
            "open": open_,
            "criteria": criteria,
            "navigation_section": "fund",
        },
    )


def _staff(request) -> None:
    if not is_programme_team(request.user):
        raise NotAllowed(gettext("Only the programme team can moderate and decide bids"))


@login_required
def moderation(request, slug: str):
    _staff(request)
    round_ = get_object_or_404(Round.objects.prefetch_related("criteria"), slug=slug)
    applications = list(
        round_.applications.exclude(status=Application.Status.DRAFT)
        .select_related("lead", "round")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("assessor")
                .order_by("created_at", "pk")  # in the order assigned: the page lists them so
                .prefetch_related(Prefetch("scores", queryset=Score.objects.all())),
            )
        )
        .order_by("reference")
    )
    for application in applications:
        application.round = round_  # one round, its criteria read once
    rows = assessment.moderate(applications)
    return TemplateResponse(
        request,
        "fund/assess/moderation.html",
        {
            "round": round_,
            "rows": rows,
            "spread_to_discuss": assessment.SPREAD_TO_DISCUSS,
            "navigation_section": "fund",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, slug: str, reference: str):
    _staff(request)
    application = get_object_or_404(
        Application.objects.select_related("round", "lead", "created_by"),
        round__slug=slug,
        reference=reference,
    )
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and application.status == Application.Status.SUBMITTED and form.is_valid():
        try:
            services.decide(
                application,
                funded=form.cleaned_data["decision"] == "funded",
                feedback=form.cleaned_data["feedback"],
                actor=request.user,
            )
        except services.NotReady as refusal:
            form.add_error(None, str(refusal))
        else:
            recorded = gettext("Decision recorded for %(title)s, and the applicant emailed")
            messages.success(request, recorded % {"title": application.title})
            return redirect("fund:moderation", slug)
    partners = ApplicationPartner.objects.filter(application=application).select_related("organisation")
    assignments_ = application.assignments.select_related("assessor").prefetch_related("scores__criterion")
    row = assessment.moderate([application])[0]
    return TemplateResponse(
        request,
        "fund/assess/decide.html",
        {
            "application": application,
            "partners": partners,
            "assignments": assignments_,
            "row": row,
            "form": form,
            "not_yet": services.not_decidable_yet(application),
            "navigation_section": "fund",
        },
    )
