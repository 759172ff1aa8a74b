"""What a project or a Declaration commitment names: a system of its organisation that it replaces, or a
standard it adopts. Only people who act for the project's lead or the commitment's organisation change
them; each change is audited."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from localdigital.audit import services as audit
from localdigital.govuk.forms import GovukForm
from localdigital.organisations.models import Organisation
from localdigital.platform.errors import NotAllowed
from localdigital.platform.permissions import may_act_for
from localdigital.plumbing.models import Standard, System, SystemLink
from localdigital.projects.models import Project
from localdigital.signing.models import Commitment, Signing

# The principle a commitment must serve to name systems and standards: "fix the plumbing".
FIX_THE_PLUMBING = 2


def owner_of(subject: Project | Commitment) -> Organisation:
    return subject.lead if isinstance(subject, Project) else subject.organisation


def check_member(user, subject: Project | Commitment) -> None:
    organisation = owner_of(subject)
    if not may_act_for(user, organisation):
        raise NotAllowed(
            gettext("Only people at %(organisation)s can change what this names.")
            % {"organisation": organisation.name}
        )


def _subject_fields(subject: Project | Commitment) -> dict:
    return {"project": subject} if isinstance(subject, Project) else {"commitment": subject}


def systems_to_replace(organisation: Organisation):
    return (
        System.objects.filter(organisation=organisation)
        .exclude(state=System.State.RETIRED)
        .select_related("product")
        .prefetch_related("services")
        .order_by("product__name", "pk")
    )


@transaction.atomic
def link(
    subject: Project | Commitment, user, *, system: System | None = None, standard: Standard | None = None
):
    """Name a system the work replaces, or a standard it adopts (one of the two). Naming one again
    changes nothing."""
    check_member(user, subject)
    if (system is None) == (standard is None):
        raise ValueError("Name exactly one system or one standard")
    if system is not None and system.organisation_id != owner_of(subject).pk:
        raise NotAllowed(gettext("You can only name your own organisation's systems."))
    target = {"system": system} if system is not None else {"standard": standard}
    found, created = SystemLink.objects.get_or_create(
        **_subject_fields(subject), **target, defaults={"created_by": user}
    )
    if created:
        audit.record(
            "system link added",
            found,
            actor=user,
            after={"system": system.pk if system else None, "standard": standard.slug if standard else None},
        )
    return found


def _subject_of(system_link: SystemLink) -> Project | Commitment:
    # The link's constraint: from exactly one of a project and a commitment.
    return system_link.project or system_link.commitment  # type: ignore[return-value]


@transaction.atomic
def unlink(system_link: SystemLink, user) -> None:
    subject = _subject_of(system_link)
    check_member(user, subject)
    audit.record(
        "system link removed",
        system_link,
        actor=user,
        before={"system": system_link.system_id, "standard": system_link.standard_id},
    )
    system_link.delete()


def system_label(system: System) -> str:
    services = ", ".join(str(service) for service in system.services.all())
    return f"{system.product.name} ({services})" if services else system.product.name


class LinkForm(GovukForm):
    system = forms.ModelChoiceField(
        label=_("A system it replaces (optional)"),
        queryset=System.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    standard = forms.ModelChoiceField(
        label=_("A standard it adopts (optional)"),
        queryset=Standard.objects.order_by("name"),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems_to_replace(organisation)
        self.fields["system"].label_from_instance = system_label

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("system") or cleaned.get("standard")):
            name = "system" if self.fields["system"].queryset.exists() else "standard"
            self.add_error(name, gettext("Choose a system it replaces or a standard it adopts"))
        return cleaned


def _links_page(request, subject: Project | Commitment):
    check_member(request.user, subject)
    organisation = owner_of(subject)
    form = LinkForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        for name in ("system", "standard"):
            if form.cleaned_data[name]:
                link(subject, request.user, **{name: form.cleaned_data[name]})
        messages.success(request, gettext("Saved. It shows on the page of what it names."))
        return redirect(request.path)
    links = SystemLink.objects.filter(**_subject_fields(subject)).select_related(
        "system__product", "standard"
    )
    return TemplateResponse(
        request,
        "plumbing/link/page.html",
        {
            "form": form,
            "subject": subject,
            "organisation": organisation,
            "links": links,
            "is_project": isinstance(subject, Project),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_links(request, pk: int):
    project = get_object_or_404(Project.objects.select_related("lead"), pk=pk)
    return _links_page(request, project)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_links(request, pk: int):
    commitment = get_object_or_404(
        Commitment.objects.select_related("organisation").filter(
            signing__status=Signing.Status.SIGNED, state=Commitment.State.PUBLISHED
        ),
        pk=pk,
    )
    if FIX_THE_PLUMBING not in commitment.principles:
        raise Http404("Only a commitment to fix the plumbing names systems and standards")
    return _links_page(request, commitment)


@login_required
@require_POST
def remove(request, link_pk: int):
    system_link = get_object_or_404(
        SystemLink.objects.select_related("project__lead", "commitment__organisation"), pk=link_pk
    )
    subject = _subject_of(system_link)
    unlink(system_link, request.user)
    messages.success(request, gettext("Removed"))
    if isinstance(subject, Project):
        return redirect("plumbing:link-project", subject.pk)
    return redirect("plumbing:link-commitment", subject.pk)
