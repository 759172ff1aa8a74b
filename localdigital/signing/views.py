from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from localdigital.govuk.pages import question
from localdigital.organisations import partnerships
from localdigital.organisations.register import find_organisation
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform import links
from localdigital.platform.permissions import may_act_for
from localdigital.registers.caching import conditional
from localdigital.signing import services
from localdigital.signing.forms import (
    AdditionsReviewForm,
    ApproverForm,
    ApproverReviewForm,
    CommitmentForm,
    DeclineForm,
    ProgressForm,
    ReviewForm,
    SignForm,
    WithdrawForm,
)
from localdigital.signing.models import Approver, Commitment, CommitmentPartner, ReviewRound, Signing
from localdigital.signing.register import signatories

ROLE_SLUGS = {"chief-executive": Approver.Role.HEAD_OF_PAID_SERVICE, "leader": Approver.Role.POLITICAL_LEADER}


def _member_signing(request, identifier: str) -> Signing:
    """The live signing of an organisation the person acts for; 404 if there is none."""
    organisation = find_organisation(identifier)
    services.check_member(request.user, organisation)
    signing = services.live_signing(organisation)
    if signing is None:
        raise Http404("This organisation has not started signing")
    return signing


# The applicant


@login_required
def choose_organisation(request):
    organisations = list(organisations_for(request.user))
    live = {
        s.organisation_id: s
        for s in Signing.objects.filter(
            organisation__in=organisations, status__in=Signing.LIVE
        ).select_related("started_by")
    }
    return TemplateResponse(
        request,
        "signing/choose.html",
        {
            "rows": [(organisation, live.get(organisation.pk)) for organisation in organisations],
            "days": services.REVIEW_TARGET_WORKING_DAYS,
        },
    )


@login_required
@require_POST
def start(request, identifier: str):
    organisation = find_organisation(identifier)
    services.start(organisation, request.user)
    messages.success(request, gettext("You have started signing for %(name)s") % {"name": organisation.name})
    return redirect("signing:task-list", organisation.identifier)


@login_required
def task_list(request, identifier: str):
    signing = _member_signing(request, identifier)
    return TemplateResponse(
        request,
        "signing/task_list.html",
        {
            "signing": signing,
            "organisation": signing.organisation,
            "approvers": {approver.role: approver for approver in signing.current_approvers()},
            "roles": ROLE_SLUGS,
            "commitments": signing.commitments.select_related("service").prefetch_related(
                "partnerships__organisation"
            ),
            "missing": services.missing(signing),
            "latest_review": signing.review_rounds.exclude(outcome="").order_by("-reviewed_at").first(),
            "waiting_approvers": services.open_round(signing, ReviewRound.Kind.APPROVER) is not None,
            "history": signing.approvers.select_related("nominated_by", "signing").order_by("role", "id"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def approver(request, identifier: str, role: str):
    signing = _member_signing(request, identifier)
    if role not in ROLE_SLUGS:
        raise Http404()
    current = signing.current_approvers().filter(role=ROLE_SLUGS[role]).first()
    initial = (
        {"name": current.name, "job_title": current.job_title, "email": current.email} if current else {}
    )
    form = ApproverForm(
        request.POST or None,
        initial=initial,
        check_email=lambda email: services.check_nominee(
            signing, request.user, role=ROLE_SLUGS[role], email=email
        ),
    )
    if request.method == "POST" and form.is_valid():
        services.nominate(signing, request.user, role=ROLE_SLUGS[role], **form.cleaned_data)
        messages.success(request, _nominated_message(signing, form.cleaned_data["name"]))
        return redirect("signing:task-list", identifier)
    return TemplateResponse(
        request,
        "signing/approver.html",
        {
            "form": form,
            "signing": signing,
            "organisation": signing.organisation,
            "role": ROLE_SLUGS[role],
            "replacing": signing.status == Signing.Status.AWAITING_SIGNATURES and current,
            "reaffirming": signing.status == Signing.Status.SIGNED,
        },
    )


def _nominated_message(signing: Signing, name: str) -> str:
    if signing.status in services.AFTER_REVIEW:
        return gettext(
            "You have named %(name)s. The programme team will check the change before we ask them to sign"
        ) % {"name": name}
    return gettext("You have named %(name)s") % {"name": name}


@login_required
@require_http_methods(["GET", "POST"])
def commitment(request, identifier: str, pk: int | None = None):
    signing = _member_signing(request, identifier)
    existing = get_object_or_404(signing.commitments, pk=pk) if pk else None
    services.check_commitment_editable(signing, request.user, existing)
    initial = {}
    if existing:
        initial = {
            "title": existing.title,
            "mission": existing.mission,
            "impact": existing.impact,
            "principles": [str(number) for number in existing.principles],
            "service": existing.service_id,
            "due_date": existing.due_date,
        }
    partners = (
        [p.organisation for p in existing.partnerships.select_related("organisation").order_by("pk")]
        if existing
        else []
    )
    form = CommitmentForm(request.POST or None, initial=initial, partners=partners)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("title", "mission", "impact", "service", "due_date")}
        data["principles"] = sorted(int(number) for number in form.cleaned_data["principles"])
        services.save_commitment(
            signing, request.user, data=data, partners=form.cleaned_data["partners"], commitment=existing
        )
        messages.success(request, gettext("“%(title)s” is saved") % {"title": data["title"]})
        return redirect("signing:task-list", identifier)
    return TemplateResponse(
        request,
        "signing/commitment.html",
        {
            "form": form,
            "signing": signing,
            "organisation": signing.organisation,
            "existing": existing,
        },
    )


@login_required
@require_POST
def remove_commitment(request, identifier: str, pk: int):
    signing = _member_signing(request, identifier)
    removed = get_object_or_404(signing.commitments, pk=pk)
    services.remove_commitment(signing, request.user, removed)
    messages.success(request, gettext("“%(title)s” is removed") % {"title": removed.title})
    return redirect("signing:task-list", identifier)


@login_required
@require_http_methods(["GET", "POST"])
def check_answers(request, identifier: str):
    signing = _member_signing(request, identifier)
    errors = []
    if request.method == "POST":
        try:
            services.submit(signing, request.user)
        except ValidationError as error:
            errors = [{"text": message, "href": "#main-content"} for message in error.messages]
        else:
            return redirect("signing:submitted", identifier)
    return TemplateResponse(
        request,
        "signing/check_answers.html",
        {
            "signing": signing,
            "organisation": signing.organisation,
            "approvers": signing.current_approvers(),
            "roles": ROLE_SLUGS,
            "days": services.REVIEW_TARGET_WORKING_DAYS,
            "commitments": signing.commitments.select_related("service").prefetch_related(
                "partnerships__organisation"
            ),
            "errors": errors or ([] if request.method == "POST" else None),
            "missing": services.missing(signing),
        },
    )


@login_required
def submitted(request, identifier: str):
    signing = _member_signing(request, identifier)
    return TemplateResponse(
        request,
        "signing/submitted.html",
        {
            "signing": signing,
            "organisation": signing.organisation,
            "days": services.REVIEW_TARGET_WORKING_DAYS,
        },
    )


@login_required
@require_POST
def submit_additions(request, identifier: str):
    signing = _member_signing(request, identifier)
    services.submit_additions(signing, request.user)
    return redirect("signing:submitted", identifier)


@login_required
@require_http_methods(["GET", "POST"])
def progress(request, identifier: str, pk: int):
    signing = _member_signing(request, identifier)
    commitment = get_object_or_404(signing.commitments, pk=pk)
    form = ProgressForm(request.POST or None, initial={"progress": commitment.progress})
    if request.method == "POST" and form.is_valid():
        services.update_progress(commitment, request.user, **form.cleaned_data)
        messages.success(
            request, gettext("Your update on “%(title)s” is published") % {"title": commitment.title}
        )
        return redirect("signing:task-list", identifier)
    return question(
        request,
        form,
        heading=gettext("Update progress"),
        button=gettext("Publish update"),
        caption=commitment.title,
        back_url=reverse("signing:task-list", args=[identifier]),
        navigation_section="account",
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, identifier: str):
    signing = _member_signing(request, identifier)
    if signing.status != Signing.Status.SIGNED:
        raise Http404("Only a signatory can withdraw")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw(signing, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            gettext("%(name)s has withdrawn from the Declaration") % {"name": signing.organisation.name},
        )
        return redirect("signatory", signing.organisation.identifier)
    return question(
        request,
        form,
        heading=gettext("Withdraw from the Declaration"),
        button=gettext("Withdraw"),
        caption=signing.organisation.name,
        intro=gettext(
            "%(name)s will no longer be listed as a signatory. Its signed record and "
            "commitments stay public, marked as withdrawn. It can sign again later."
        )
        % {"name": signing.organisation.name},
        back_url=reverse("signing:task-list", args=[identifier]),
        navigation_section="account",
        button_classes="govuk-button--warning",
    )


@login_required
@require_POST
def answer_partnership(request, pk: int, answer: str = ""):
    """A partner's answer, from the account page: the button pressed says confirm or decline."""
    partnership = get_object_or_404(CommitmentPartner.objects.select_related("commitment"), pk=pk)
    answer = answer or request.POST.get("answer", "")
    if answer not in ("confirm", "decline"):
        return redirect("accounts:account")
    organisation, title = partnership.organisation.name, partnership.commitment.title
    if answer == "confirm":
        partnerships.confirm(partnership, request.user)
        done = gettext(
            "You have confirmed that %(organisation)s is a partner on “%(title)s”. It now shows publicly"
        ) % {"organisation": organisation, "title": title}
    else:
        partnerships.decline(partnership, request.user)
        done = gettext(
            "%(organisation)s has declined to be a partner on “%(title)s”. It will not show publicly"
        ) % {"organisation": organisation, "title": title}
    messages.success(request, done)
    return redirect("accounts:account")


# The programme team


def _reviewer(request):
    services.check_reviewer(request.user)


@login_required
def review_queue(request):
    _reviewer(request)
    return TemplateResponse(
        request,
        "signing/review_queue.html",
        {
            "queue": services.review_queue(),
            "target": services.REVIEW_TARGET_WORKING_DAYS,
        },
    )


REVIEW_FORMS: dict[str, type[ReviewForm]] = {
    ReviewRound.Kind.SIGNING: ReviewForm,
    ReviewRound.Kind.ADDITIONS: AdditionsReviewForm,
    ReviewRound.Kind.APPROVER: ApproverReviewForm,
}


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    _reviewer(request)
    signing = get_object_or_404(Signing.objects.select_related("organisation", "started_by"), pk=pk)
    current = services.open_round(signing)
    form = REVIEW_FORMS[current.kind if current else ReviewRound.Kind.SIGNING](request.POST or None)
    if request.method == "POST" and current is not None and form.is_valid():
        send = form.cleaned_data["decision"] == "send"
        services.decide(current, request.user, send=send, message=form.cleaned_data["message"])
        messages.success(request, _decided_message(signing, current.kind, send=send))
        return redirect("signing:review-queue")
    return TemplateResponse(
        request,
        "signing/review.html",
        {
            "signing": signing,
            "organisation": signing.organisation,
            "form": form,
            "current": current,
            "approvers": signing.current_approvers(),
            "history": signing.approvers.select_related("nominated_by").order_by("role", "id"),
            "commitments": signing.commitments.select_related("service").prefetch_related(
                "partnerships__organisation"
            ),
            "rounds": signing.review_rounds.select_related("submitted_by", "reviewed_by"),
        },
    )


def _decided_message(signing: Signing, kind: str, *, send: bool) -> str:
    name = signing.organisation.name
    if not send:
        return gettext("%(name)s has been asked for changes and emailed what to change") % {"name": name}
    done: dict[str, str] = {
        ReviewRound.Kind.ADDITIONS: gettext("%(name)s's new commitments are published") % {"name": name},
        ReviewRound.Kind.APPROVER: gettext(
            "The new senior approver for %(name)s has been sent a link to sign"
        )
        % {"name": name},
    }
    return done.get(
        kind, gettext("%(name)s's signing has been sent to its senior approvers to sign") % {"name": name}
    )


# The approvers


def _link_problem(request, problem: links.LinkProblem):
    return TemplateResponse(
        request,
        "signing/approval_link_problem.html",
        {"kind": problem.reason},
        status=404 if problem.reason == links.UNKNOWN else 410,
    )


@require_http_methods(["GET", "POST"])
def approve(request, token: str):
    try:
        approver = services.find_approver(token)
    except links.LinkProblem as problem:
        return _link_problem(request, problem)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign(token, form.cleaned_data["typed_name"])
        except ValidationError as error:
            form.add_error("typed_name", error.messages[0])
        except links.LinkProblem as problem:
            return _link_problem(request, problem)
        else:
            request.session["signed_reference"] = approver.signing.reference
            return redirect("signing:approved")
    signing = approver.signing
    return TemplateResponse(
        request,
        "signing/approve.html",
        {
            "approver": approver,
            "signing": signing,
            "organisation": signing.organisation,
            "form": form,
            "version": signing.declaration_version,
            "commitments": signing.commitments.select_related("service").prefetch_related(
                "partnerships__organisation"
            ),
            "token": token,
        },
    )


@require_http_methods(["GET", "POST"])
def decline(request, token: str):
    try:
        approver = services.find_approver(token)
    except links.LinkProblem as problem:
        return _link_problem(request, problem)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline(token, form.cleaned_data["reason"])
        except links.LinkProblem as problem:  # used a moment ago
            return _link_problem(request, problem)
        return redirect("signing:declined")
    return TemplateResponse(
        request, "signing/decline.html", {"approver": approver, "form": form, "token": token}
    )


def approved(request):
    reference = request.session.get("signed_reference")
    signing = Signing.objects.filter(reference=reference).select_related("organisation").first()
    return TemplateResponse(request, "signing/approved.html", {"signing": signing})


def declined(request):
    return TemplateResponse(request, "signing/declined.html", {})


# The public record


def signed_record(reference: str) -> Signing:
    """A signed (or withdrawn) record by its reference; 404 for any other."""
    return get_object_or_404(
        Signing.objects.select_related("organisation", "declaration_version").filter(
            status__in=[Signing.Status.SIGNED, Signing.Status.WITHDRAWN], signed_at__isnull=False
        ),
        reference=reference.upper(),
    )


def record_context(signing: Signing) -> dict:
    """What the record shows, on its page and in its PDF (signing/_record.html)."""
    return {
        "signing": signing,
        "organisation": signing.organisation,
        "approvers": signing.approvers.filter(status=Approver.Status.SIGNED).order_by("role"),
        # Everyone who has ever signed for it, kept when a new chief executive or leader re-affirms.
        "signatures": signing.approvers.filter(signed_at__isnull=False).order_by("role", "signed_at"),
    }


def record(request, reference: str):
    return TemplateResponse(request, "signing/record.html", record_context(signed_record(reference)))


def commitment_page(request, pk: int):
    commitment = get_object_or_404(
        # A commitment added after signing is public only once the programme team has published it.
        Commitment.objects.select_related("organisation", "service", "signing").filter(
            signing__status__in=[Signing.Status.SIGNED, Signing.Status.WITHDRAWN],
            state=Commitment.State.PUBLISHED,
        ),
        pk=pk,
    )
    return TemplateResponse(
        request,
        "signing/commitment_page.html",
        {
            "commitment": commitment,
            "partners": [
                p.organisation for p in commitment.partnerships.confirmed().select_related("organisation")
            ],
            "updates": commitment.updates.all(),
            "projects": commitment.projects.select_related("lead"),
            # What it names on the register of systems and standards, and whether this person may change it.
            "plumbing_links": commitment.plumbing_links.select_related("system__product", "standard"),
            "may_name_systems": 2 in commitment.principles
            and commitment.signing.status == Signing.Status.SIGNED
            and may_act_for(request.user, commitment.organisation),
        },
    )


@conditional(*signatories.depends_on)
def signatory_detail(request, identifier: str):
    """One signatory's page: its signing (or withdrawal), approvers and published commitments."""
    organisation = find_organisation(identifier)
    signing = (
        organisation.signings.filter(status__in=[Signing.Status.SIGNED, Signing.Status.WITHDRAWN])
        .select_related("declaration_version")
        .order_by("-signed_at")
        .first()
    )
    if signing is None:
        raise Http404("This organisation has not signed the Declaration")
    return TemplateResponse(
        request,
        "signing/signatory.html",
        {
            "organisation": organisation,
            "signing": signing,
            "approvers": signing.approvers.filter(status="signed").order_by("role"),
            "commitments": signing.commitments.filter(state=Commitment.State.PUBLISHED).order_by(
                "created_at", "pk"
            ),
        },
    )
