from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from localdigital.accounts.models import ProjectEmails
from localdigital.govuk.pages import question
from localdigital.organisations import partnerships
from localdigital.organisations.models import Organisation
from localdigital.organisations.services.membership import organisations_for
from localdigital.projects import services
from localdigital.projects.forms import (
    CommitmentsForm,
    JoinForm,
    OutputForm,
    PartnerForm,
    ProjectForm,
    ProjectStartForm,
    SearchForm,
    UpdateForm,
)
from localdigital.projects.models import Project, ProjectOutput, ProjectPartner
from localdigital.projects.register import projects, public_projects, updates
from localdigital.projects.similarity.search import search_everything, similar_to_project, similar_to_text

project_list = projects.page
project_csv = projects.csv
project_json = projects.json
activity = updates.page
updates_feed = updates.feed


def funded_award(project: Project):
    """The Local Digital Fund's award for the project: the bid the fund links to it (the `award` relation
    the fund's bid declares), once that bid is funded; else None."""
    award = getattr(project, "award", None)
    return award if award is not None and award.is_funded else None


def project_detail(request, pk: int):
    project = get_object_or_404(
        # What it names on the register of systems and standards (templates read `plumbing_links`).
        public_projects()
        .select_related("owner", "award__round")
        .prefetch_related("plumbing_links__system__product", "plumbing_links__standard"),
        pk=pk,
    )
    editor = services.can_edit(request.user, project)
    # The end of sharing a project: the page it was registered on offers the feedback form, once.
    just_registered = editor and request.session.get(JUST_REGISTERED) == project.pk
    if just_registered:
        del request.session[JUST_REGISTERED]
    following = request.user.is_authenticated and project.followers.filter(user=request.user).exists()
    return TemplateResponse(
        request,
        "projects/detail.html",
        {
            "project": project,
            "updates": project.updates.select_related("created_by")[:20],
            "outputs": project.outputs.all(),
            "commitments": project.commitments.select_related("organisation"),
            "can_link_commitments": editor and services.deliverable_commitments(project).exists(),
            "editor": editor,
            "just_registered": just_registered,
            "show_contact": services.can_see_contact(request.user),
            "following": following,
            "join_requests": project.partners.filter(status=ProjectPartner.Status.ASKED).select_related(
                "organisation"
            )
            if editor
            else [],
            "similar": similar_to_project(project),
            "award": funded_award(project),
            "can_join": request.user.is_authenticated
            and organisations_for(request.user).exclude(pk=project.lead_id).exists(),
        },
    )


NEW_PROJECT = "new_project"
JUST_REGISTERED = "just_registered"


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request):
    """Step one: the title and the problem, so we can show who is already working on it."""
    if not organisations_for(request.user).exists():
        return TemplateResponse(request, "projects/cannot_register.html", {}, status=403)
    form = ProjectStartForm(request.POST or None, initial=request.session.get(NEW_PROJECT))
    if request.method == "POST" and form.is_valid():
        request.session[NEW_PROJECT] = form.cleaned_data
        return redirect("projects:new-details")
    return TemplateResponse(request, "projects/start.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def project_new_details(request):
    """Step two: the similar work we found, then the rest of the details, then save."""
    started = request.session.get(NEW_PROJECT)
    if not started:
        return redirect("projects:new")
    lead_choices = list(organisations_for(request.user))
    if not lead_choices:
        return TemplateResponse(request, "projects/cannot_register.html", {}, status=403)
    form = ProjectForm(request.POST or None, initial=started)
    lead_pk = request.POST.get("lead") or (str(lead_choices[0].pk) if len(lead_choices) == 1 else "")
    if request.method == "POST" and form.is_valid():
        lead = next((org for org in lead_choices if str(org.pk) == lead_pk), None)
        if lead is None:
            form.add_error(None, "Choose the organisation that leads the project")
        else:
            project = services.create(lead, request.user, dict(form.cleaned_data))
            del request.session[NEW_PROJECT]
            request.session[JUST_REGISTERED] = project.pk
            messages.success(request, _("%(title)s is registered") % {"title": project.title})
            return redirect(project)
    similar = similar_to_text(
        started["title"],
        started["problem"],
        organisation_id=lead_choices[0].pk if len(lead_choices) == 1 else None,
    )
    return TemplateResponse(
        request,
        "projects/form.html",
        {
            "form": form,
            "leads": lead_choices,
            "lead_pk": lead_pk,
            "project": None,
            "similar": similar,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    services.check_editor(request.user, project)
    initial = {field: getattr(project, field) for field in services.PROJECT_FIELDS}
    initial["service"] = project.service_id
    initial["tags"] = ", ".join(project.tags)
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.change(project, request.user, dict(form.cleaned_data))
        messages.success(request, _("Your changes are saved"))
        return redirect(project)
    return TemplateResponse(request, "projects/form.html", {"form": form, "project": project, "leads": []})


@login_required
@require_http_methods(["GET", "POST"])
def post_update(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    services.check_editor(request.user, project)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_update(project, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your update is published and followers are told"))
        return redirect(project)
    return question(
        request,
        form,
        navigation_section="projects",
        heading="Post an update",
        button="Publish update",
        caption=project.title,
        back_url=project.get_absolute_url(),
    )


FOLLOW_EMAILS = {
    ProjectEmails.EACH: _("We will email you when it posts an update"),
    ProjectEmails.DAILY: _("Its updates will be in your daily email"),
    ProjectEmails.WEEKLY: _("Its updates will be in your weekly email"),
    ProjectEmails.NEVER: _("You chose not to get emails about projects you follow"),
}


@login_required
@require_POST
def follow(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow(project, request.user)
        messages.success(request, _("You no longer follow %(title)s") % {"title": project.title})
    else:
        services.follow(project, request.user)
        how = FOLLOW_EMAILS[ProjectEmails(request.user.project_emails)]
        # Translators: %(how)s is a sentence on the emails to come: "Its updates will be in your daily email".
        messages.success(request, _("You follow %(title)s. %(how)s") % {"title": project.title, "how": how})
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def join(request, pk: int):
    project = get_object_or_404(Project.objects.select_related("lead", "owner"), pk=pk)
    organisations = organisations_for(request.user).exclude(pk=project.lead_id)
    if not organisations.exists():
        raise Http404("You do not act for an organisation that could join")
    form = JoinForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        already = project.partners.filter(organisation=organisation).exists()
        services.ask_to_join(project, organisation, request.user, form.cleaned_data["message"])
        if already:  # nothing new is sent: say so rather than claim an email went
            messages.info(
                request, _("%(name)s has already asked to join or is a partner") % {"name": organisation.name}
            )
        else:
            messages.success(
                request,
                _("We have emailed %(lead)s to ask if %(name)s can join")
                % {"lead": project.lead.name, "name": organisation.name},
            )
        return redirect(project)
    return question(
        request,
        form,
        navigation_section="projects",
        heading="Ask to join as a contributor",
        button="Send request",
        caption=project.title,
        back_url=project.get_absolute_url(),
        intro=f"We will email {project.lead.name}'s project owner. Your organisation shows as a partner "
        "once they accept.",
    )


@login_required
@require_POST
def decide_join(request, pk: int, partner_pk: int):
    partner = get_object_or_404(
        ProjectPartner.objects.select_related("project", "organisation"), pk=partner_pk, project_id=pk
    )
    accept = request.POST.get("decision") == "accept"
    partner = (partnerships.confirm if accept else partnerships.decline)(partner, request.user)
    answers: dict[str, str] = {
        ProjectPartner.Status.CONFIRMED: _("%(name)s is now a partner") % {"name": partner.organisation.name},
        ProjectPartner.Status.DECLINED: _("We have told %(name)s it cannot join")
        % {"name": partner.organisation.name},
    }
    if partner.status in answers:
        messages.success(request, answers[partner.status])
    return redirect(partner.project)


def _editor_form(request, pk: int, form_class, save, page: dict, **form_kwargs):
    """A small form on a project that only its lead's members use: show it, check it, save it."""
    project = get_object_or_404(Project.objects.select_related("lead"), pk=pk)
    services.check_editor(request.user, project)
    kwargs = {key: value(project) if callable(value) else value for key, value in form_kwargs.items()}
    form = form_class(request.POST or None, **kwargs)
    page = dict(page)
    done = page.pop("done")
    if request.method == "POST" and form.is_valid():
        save(project, form.cleaned_data)
        messages.success(request, done)
        return redirect(project)
    return question(
        request,
        form,
        caption=project.title,
        back_url=project.get_absolute_url(),
        navigation_section="projects",
        **page,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_output(request, pk: int):
    page = {
        "heading": _("Add an output"),
        "button": _("Add output"),
        "intro": _("Link to what others can reuse: code, documentation or the live service."),
        "done": _("The output is added"),
    }
    return _editor_form(
        request,
        pk,
        OutputForm,
        lambda project, data: services.add_output(project, request.user, **data),
        page,
    )


@login_required
@require_POST
def remove_output(request, pk: int, output_pk: int):
    output = get_object_or_404(ProjectOutput.objects.select_related("project"), pk=output_pk, project_id=pk)
    services.remove_output(output, request.user)
    return redirect(output.project)


@login_required
@require_http_methods(["GET", "POST"])
def name_partner(request, pk: int):
    page = {
        "heading": _("Add a partner"),
        "button": _("Add partner"),
        "done": _("The partner is added. They show once someone from there confirms"),
    }
    return _editor_form(
        request,
        pk,
        PartnerForm,
        lambda project, data: services.name_partner(project, data["organisation"], request.user),
        page,
    )


@login_required
@require_POST
def answer_partner(request, pk: int, partner_pk: int, answer: str = ""):
    """A partner's answer, from the account page: the button pressed says confirm or decline."""
    partner = get_object_or_404(
        ProjectPartner.objects.select_related("project", "organisation"), pk=partner_pk, project_id=pk
    )
    answer = answer or request.POST.get("answer", "")
    if answer == "confirm":
        partnerships.confirm(partner, request.user)
    elif answer == "decline":
        partnerships.decline(partner, request.user)
        messages.success(
            request,
            _("%(name)s has declined to be a partner in %(title)s")
            % {"name": partner.organisation.name, "title": partner.project.title},
        )
    return redirect("accounts:account")


@login_required
@require_http_methods(["GET", "POST"])
def commitments(request, pk: int):
    page = {
        "heading": _("Declaration commitments it delivers"),
        "button": _("Save"),
        "intro": _("Only your organisation's published commitments are listed."),
        "done": _("The Declaration commitments it delivers are saved"),
    }
    return _editor_form(
        request, pk, CommitmentsForm,
        lambda project, data: services.set_commitments(project, request.user, data["commitments"]), page,
        choices=services.deliverable_commitments,
        initial=lambda project: {"commitments": list(project.commitments.values_list("pk", flat=True))},
    )  # fmt: skip


def search(request):
    """Projects and commitments about the same problem as the words typed, filtered."""
    form = SearchForm(request.GET or None)
    matches = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        organisation_ids = None
        if form.cleaned_data["organisation"]:
            identifier = form.cleaned_data["organisation"]
            organisation_ids = set(
                Organisation.objects.identified_by(identifier).values_list("pk", flat=True)
            )
        matches = search_everything(form.cleaned_data["q"], keep=form.keep(organisation_ids))
    return TemplateResponse(request, "projects/search.html", {"form": form, "matches": matches})
