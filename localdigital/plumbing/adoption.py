"""Adopting a standard: a member of an organisation says how far it has got with one (planned, in
progress, live), changes it later, or removes it. Each is confirmed by that member and audited."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from localdigital.audit import services as audit
from localdigital.govuk.forms import GovukForm
from localdigital.organisations.models import Organisation
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform.errors import NotAllowed
from localdigital.platform.permissions import may_act_for
from localdigital.plumbing.models import Adoption, Standard

# The rules, callable without HTTP -----------------------------------------------------------------------


def check_member(user, organisation: Organisation) -> None:
    if not may_act_for(user, organisation):
        raise NotAllowed(
            gettext("Only people at %(organisation)s can say how far it has got with a standard.")
            % {"organisation": organisation.name}
        )


@transaction.atomic
def record_adoption(
    organisation: Organisation, standard: Standard, user, *, stage: str, note: str = ""
) -> Adoption:
    """Say (or change) how far `organisation` has got with `standard`, confirmed by `user` now."""
    check_member(user, organisation)
    adoption = (
        Adoption.objects.select_for_update().filter(organisation=organisation, standard=standard).first()
    )
    before = audit.snapshot(adoption, ["stage", "note"]) if adoption else {}
    if adoption is None:
        adoption = Adoption(organisation=organisation, standard=standard)
    adoption.stage = stage
    adoption.note = note
    adoption.confirmed_by = user
    adoption.confirmed_at = timezone.now()
    adoption.save()
    after = audit.snapshot(adoption, ["stage", "note"])
    if before:
        old, new = audit.changed(before, after)
        audit.record("adoption confirmed" if not new else "adoption changed", adoption, actor=user,
                     before=old, after=new)  # fmt: skip
    else:
        audit.record("adoption recorded", adoption, actor=user, after=after)
    return adoption


@transaction.atomic
def remove_adoption(adoption: Adoption, user) -> None:
    check_member(user, adoption.organisation)
    audit.record("adoption removed", adoption, actor=user, before=audit.snapshot(adoption, ["stage", "note"]))
    adoption.delete()


# The pages ----------------------------------------------------------------------------------------------


class ChooseOrganisationForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label=_("Which organisation are you answering for?"),
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the organisation you are answering for")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.label_from_instance = lambda organisation: organisation.localised("name")


class AdoptionForm(GovukForm):
    stage = forms.ChoiceField(
        label=_("How far has it got?"),
        choices=Adoption.Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how far it has got with the standard")},
    )
    note = forms.CharField(
        label=_("Anything others should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example, which services use it, or where to find your published data."),
    )


def _standard(slug: str) -> Standard:
    return get_object_or_404(Standard, slug=slug)


def _member_organisation(request, organisation_pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    check_member(request.user, organisation)
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def start(request, slug: str):
    """Where adopting starts: straight to the question for a person who acts for one organisation; a
    choice first for someone who acts for several."""
    standard = _standard(slug)
    organisations = organisations_for(request.user).order_by("name")
    choices = list(organisations)
    if not choices:
        return TemplateResponse(
            request, "plumbing/adoption/cannot_adopt.html", {"standard": standard}, status=403
        )
    if len(choices) == 1:
        return redirect("plumbing:adopt-stage", standard.slug, choices[0].pk)
    form = ChooseOrganisationForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        return redirect("plumbing:adopt-stage", standard.slug, form.cleaned_data["organisation"].pk)
    return TemplateResponse(
        request,
        "plumbing/adoption/choose.html",
        {"form": form, "standard": standard},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stage(request, slug: str, organisation_pk: int):
    standard = _standard(slug)
    organisation = _member_organisation(request, organisation_pk)
    adoption = Adoption.objects.filter(organisation=organisation, standard=standard).first()
    initial = {"stage": adoption.stage, "note": adoption.note} if adoption else None
    form = AdoptionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        record_adoption(organisation, standard, request.user, **form.cleaned_data)
        return redirect("plumbing:adopt-done", standard.slug, organisation.pk)
    return TemplateResponse(
        request,
        "plumbing/adoption/stage.html",
        {"form": form, "standard": standard, "organisation": organisation, "adoption": adoption},
        status=400 if form.errors else 200,
    )


@login_required
def done(request, slug: str, organisation_pk: int):
    standard = _standard(slug)
    organisation = _member_organisation(request, organisation_pk)
    adoption = get_object_or_404(Adoption, organisation=organisation, standard=standard)
    return TemplateResponse(
        request,
        "plumbing/adoption/done.html",
        {"standard": standard, "organisation": organisation, "adoption": adoption},
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove(request, slug: str, organisation_pk: int):
    standard = _standard(slug)
    organisation = _member_organisation(request, organisation_pk)
    adoption = get_object_or_404(Adoption, organisation=organisation, standard=standard)
    if request.method == "POST":
        remove_adoption(adoption, request.user)
        messages.success(
            request,
            gettext("%(organisation)s no longer shows as adopting %(standard)s")
            % {"organisation": organisation.localised("name"), "standard": standard.localised("name")},
        )
        return redirect("plumbing:adopt-stage", standard.slug, organisation.pk)
    return TemplateResponse(
        request,
        "plumbing/adoption/remove.html",
        {"standard": standard, "organisation": organisation, "adoption": adoption},
    )
