"""Recording a system: a member of an organisation names the product, then the services, the contract,
the standards and the plans for it, one part a page, checks the answers and saves. The same pages change
a record; a member also confirms a record is still right, or says the organisation no longer uses it."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from localdigital.audit import services as audit
from localdigital.govuk.pages import question
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform import ratelimit
from localdigital.platform.clients import client_ip
from localdigital.platform.permissions import may_act_for
from localdigital.plumbing import forms, matching, together
from localdigital.plumbing.models import CONFIRM_EVERY, Product, Standard, System
from localdigital.service_list.models import Service

DRAFT = "plumbing_system_draft"

# The parts of a record, one a page, in order: (form, heading, the draft's keys it sets).
SECTIONS = {
    "services": (forms.ServicesForm, gettext_lazy("Which services does it support?")),
    "contract": (forms.ContractForm, gettext_lazy("The contract")),
    "standards": (forms.StandardsForm, gettext_lazy("Open standards and APIs")),
    "replacement": (forms.ReplacementForm, gettext_lazy("Plans to replace it")),
}
ORDER = ["product", *SECTIONS]
DATES = ("contract_start", "contract_end", "replace_by")
SCALARS = (
    "hosting",
    "extension_options",
    "extension_months",
    "procurement",
    "framework",
    "value_band",
    "value_band_visibility",
    "api",
    "api_url",
    "replacement",
)

# The product names asked for as people type: cheap, but not for a scraper.
LOOKUP_BURST = ratelimit.Limit("products-burst", hits=60, seconds=60)
LOOKUP_SUSTAINED = ratelimit.Limit("products-sustained", hits=600, seconds=60 * 60)


def _posted(request):
    """What was sent, even nothing (an empty form is still an answer to check), or None for a GET."""
    return request.POST if request.method == "POST" else None


def _draft(request) -> dict | None:
    draft = request.session.get(DRAFT)
    if not draft:
        return None
    organisation = next(
        (org for org in organisations_for(request.user) if org.pk == draft.get("organisation")), None
    )
    if organisation is None:
        return None
    return draft


def _save_draft(request, draft: dict) -> None:
    request.session[DRAFT] = draft
    request.session.modified = True


def _section_url(name: str, back_to_check: bool = False) -> str:
    url = (
        reverse("plumbing:record-product")
        if name == "product"
        else reverse("plumbing:record-section", args=[name])
    )
    return url + ("?from=check" if back_to_check else "")


def _after(request, draft: dict, name: str) -> str:
    """Back to "Check your answers" when the person came from there (or is changing a record), else on."""
    if request.GET.get("from") == "check" or draft.get("system"):
        return reverse("plumbing:record-check")
    index = ORDER.index(name)
    return _section_url(ORDER[index + 1]) if index + 1 < len(ORDER) else reverse("plumbing:record-check")


def _organisation(request, draft: dict):
    return next(org for org in organisations_for(request.user) if org.pk == draft["organisation"])


def _cannot(request):
    return TemplateResponse(request, "plumbing/record/cannot_record.html", {}, status=403)


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    """The start: someone acting for one organisation goes straight on; for several, they choose."""
    organisations = list(organisations_for(request.user).order_by("name"))
    if not organisations:
        return _cannot(request)
    if len(organisations) == 1 and request.method == "GET":
        _save_draft(request, {"organisation": organisations[0].pk})
        return redirect("plumbing:record-product")
    form = forms.OrganisationForm(_posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        _save_draft(request, {"organisation": int(form.cleaned_data["organisation"])})
        return redirect("plumbing:record-product")
    return question(
        request,
        form,
        heading=_("Which organisation is the system for?"),
        heading_field="organisation",
        caption=_("Record a system"),
        button=_("Continue"),
        navigation_section="systems",
    )


@login_required
@require_http_methods(["GET", "POST"])
def product(request):
    draft = _draft(request)
    if draft is None:
        return redirect("plumbing:record-new")
    form = forms.ProductForm(
        _posted(request), initial={"product": draft.get("product", ""), "supplier": draft.get("supplier", "")}
    )
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["product"]
        draft.update(product=typed, supplier=form.cleaned_data["supplier"], product_id=None)
        exact = matching.exact_product(typed)
        matches = [] if exact else matching.similar_products(typed)
        if exact:
            draft["product_id"] = exact.pk
        _save_draft(request, draft)
        if matches:
            url = reverse("plumbing:record-choose")
            return redirect(url + ("?from=check" if request.GET.get("from") == "check" else ""))
        return redirect(_after(request, draft, "product"))
    return TemplateResponse(
        request,
        "plumbing/record/product.html",
        {"form": form, "caption": _caption(request, draft), "navigation_section": "systems"},
    )


def _caption(request, draft: dict) -> str:
    organisation = _organisation(request, draft)
    if draft.get("system"):
        return _("Change a system of %(organisation)s") % {"organisation": organisation.name}
    return _("Record a system for %(organisation)s") % {"organisation": organisation.name}


@login_required
@require_http_methods(["GET", "POST"])
def choose(request):
    """No JavaScript needed: the products close to the name typed, to choose one or say it is new."""
    draft = _draft(request)
    if draft is None or not draft.get("product"):
        return redirect("plumbing:record-new")
    matches = matching.similar_products(draft["product"])
    form = forms.ChooseProductForm(_posted(request), matches=matches, typed=draft["product"])
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["choice"]
        draft["product_id"] = None if choice == forms.NEW else int(choice)
        draft["product_new"] = choice == forms.NEW
        _save_draft(request, draft)
        return redirect(_after(request, draft, "product"))
    return question(
        request,
        form,
        heading=_("Did you mean one of these?"),
        heading_field="choice",
        caption=_caption(request, draft),
        inset=_(
            "Other organisations have already recorded products with names like %(typed)s. "
            "Choosing the same one lets everyone see who uses it."
        )
        % {"typed": draft["product"]},
        button=_("Continue"),
        back_url=reverse("plumbing:record-product"),
        navigation_section="systems",
    )


def _initial(draft: dict, name: str) -> dict:
    if name == "services":
        return {f"service_{index}": pk for index, pk in enumerate(draft.get("services", []), start=1)}
    initial = {}
    form_class = SECTIONS[name][0]
    for key in form_class.base_fields:
        if key in draft:
            value = draft[key]
            initial[key] = date.fromisoformat(value) if key in DATES and value else value
    return initial


def _store(draft: dict, name: str, form) -> None:
    if name == "services":
        draft["services"] = [service.pk for service in form.chosen()]
        return
    for key, value in form.cleaned_data.items():
        if key == "standards":
            draft[key] = [standard.pk for standard in value]
        elif key in DATES:
            draft[key] = value.isoformat() if value else ""
        else:
            draft[key] = value


@login_required
@require_http_methods(["GET", "POST"])
def section(request, name: str):
    if name not in SECTIONS:
        raise Http404("No such part of a system record")
    draft = _draft(request)
    if draft is None or not draft.get("product"):
        return redirect("plumbing:record-new")
    form_class, heading = SECTIONS[name]
    form = form_class(_posted(request), initial=_initial(draft, name))
    if request.method == "POST" and form.is_valid():
        _store(draft, name, form)
        _save_draft(request, draft)
        return redirect(_after(request, draft, name))
    previous = ORDER[ORDER.index(name) - 1]
    return TemplateResponse(
        request,
        "plumbing/record/section.html",
        {
            "form": form,
            "name": name,
            "heading": str(heading),
            "caption": _caption(request, draft),
            "back_url": reverse("plumbing:record-check") if draft.get("system") else _section_url(previous),
            "navigation_section": "systems",
        },
    )


def _missing(draft: dict) -> list[str]:
    """The parts not yet answered, in order."""
    needs = {
        "product": "product",
        "services": "services",
        "contract": "hosting",
        "standards": "api",
        "replacement": "replacement",
    }
    return [part for part in ORDER if not draft.get(needs[part])]


def _summary(draft: dict) -> dict:
    """What the check page shows, read back from the draft."""
    chosen = Product.objects.filter(pk=draft.get("product_id") or 0).select_related("supplier").first()
    return {
        "product": chosen.name if chosen else draft.get("product", ""),
        "new_product": chosen is None,
        "supplier": (chosen.supplier.name if chosen and chosen.supplier else draft.get("supplier", "")),
        "services": list(Service.objects.filter(pk__in=draft.get("services", [])).order_by("label")),
        "standards": list(Standard.objects.filter(pk__in=draft.get("standards", [])).order_by("name")),
        "hosting": dict(System.Hosting.choices).get(draft.get("hosting") or "", ""),
        "contract_start": date.fromisoformat(draft["contract_start"])
        if draft.get("contract_start")
        else None,
        "contract_end": date.fromisoformat(draft["contract_end"]) if draft.get("contract_end") else None,
        "extension_options": draft.get("extension_options", ""),
        "extension_months": draft.get("extension_months"),
        "procurement": dict(System.Procurement.choices).get(draft.get("procurement") or "", ""),
        "framework": draft.get("framework", ""),
        "value_band": dict(System.ValueBand.choices).get(draft.get("value_band") or "", ""),
        "value_band_visibility": draft.get("value_band_visibility"),
        "api": dict(System.Api.choices).get(draft.get("api") or "", ""),
        "api_url": draft.get("api_url", ""),
        "replacement": dict(System.Replacement.choices).get(draft.get("replacement") or "", ""),
        "replace_by": date.fromisoformat(draft["replace_by"]) if draft.get("replace_by") else None,
    }


FIELDS = [*SCALARS, *DATES]


@transaction.atomic
def save(draft: dict, organisation, user) -> tuple[System, bool]:
    """Make or change the system the draft describes, with its product and supplier as shared records;
    the change is audited and the record counts as confirmed by the person who saved it."""
    chosen = (
        Product.objects.filter(pk=draft.get("product_id") or 0).first() if draft.get("product_id") else None
    )
    if chosen is not None and chosen.merged_into_id is not None:
        chosen = matching.resolve_merged(Product, chosen.slug)
    supplier = None
    if draft.get("supplier") and (chosen is None or chosen.supplier_id is None):
        supplier = matching.supplier_for(draft["supplier"], actor=user)
    product = matching.product_for(draft["product"], chosen=chosen, supplier=supplier, actor=user)
    values = {}
    for key in FIELDS:
        value = draft.get(key)
        if key in DATES:
            value = date.fromisoformat(value) if value else None
        elif key == "extension_months":
            value = value if value is not None else None
        else:
            value = value or (
                ""
                if key in ("extension_options", "framework", "api_url")
                else getattr(System, key).field.default
            )
        values[key] = value
    now = timezone.now()
    if draft.get("system"):
        system = System.objects.select_for_update().get(pk=draft["system"], organisation=organisation)
        before = audit.snapshot(system, ["product", *FIELDS])
        before["services"] = sorted(system.services.values_list("pk", flat=True))
        before["standards"] = sorted(system.standards.values_list("pk", flat=True))
        for key, value in values.items():
            setattr(system, key, value)
        system.product = product
        system.confirmed_at, system.confirmed_by, system.reminded_at = now, user, None
        system.save()
        created = False
    else:
        system = System.objects.create(
            organisation=organisation,
            product=product,
            created_by=user,
            confirmed_at=now,
            confirmed_by=user,
            state=System.State.PUBLISHED,
            **values,
        )
        before = {}
        created = True
    system.services.set(draft.get("services", []))
    system.standards.set(draft.get("standards", []))
    after = audit.snapshot(system, ["product", *FIELDS])
    after["services"] = sorted(draft.get("services", []))
    after["standards"] = sorted(draft.get("standards", []))
    if created:
        audit.record("system recorded", system, actor=user, after=after)
    else:
        changed_before, changed_after = audit.changed(before, after)
        audit.record("system changed", system, actor=user, before=changed_before, after=changed_after)
    if system.state == System.State.PUBLISHED:
        together.notice_matches(system)  # the keepers of records it now matches are told, once
    return system, created


@login_required
@require_http_methods(["GET", "POST"])
def check(request):
    draft = _draft(request)
    if draft is None:
        return redirect("plumbing:record-new")
    missing = _missing(draft)
    if missing and request.method == "GET" and not draft.get("system"):
        return redirect(_section_url(missing[0]))
    organisation = _organisation(request, draft)
    if request.method == "POST":
        if missing:
            return redirect(_section_url(missing[0]))
        system, created = save(draft, organisation, request.user)
        del request.session[DRAFT]
        if not created:
            messages.success(request, _("The record is saved"))
        return redirect("plumbing:record-saved", system.pk)
    return TemplateResponse(
        request,
        "plumbing/record/check.html",
        {
            "answers": _summary(draft),
            "organisation": organisation,
            "changing": bool(draft.get("system")),
            "change": {part: _section_url(part, back_to_check=True) for part in ORDER},
            "navigation_section": "systems",
        },
    )


def _members_system(request, pk: int) -> System:
    """A system the person may change: one of an organisation they act for; 404 for anyone else."""
    system = get_object_or_404(System.objects.select_related("organisation", "product__supplier"), pk=pk)
    if not may_act_for(request.user, system.organisation):
        raise Http404("No system you may change")
    return system


@login_required
def saved(request, pk: int):
    system = _members_system(request, pk)
    return TemplateResponse(
        request, "plumbing/record/saved.html", {"system": system, "navigation_section": "systems"}
    )


def draft_of(system: System) -> dict:
    """A draft holding the record as it is, for the same pages to change it."""
    draft: dict = {
        "organisation": system.organisation_id,
        "system": system.pk,
        "product": system.product.name,
        "product_id": system.product_id,
        "supplier": system.product.supplier.name if system.product.supplier else "",
        "services": list(system.services.values_list("pk", flat=True)),
        "standards": list(system.standards.values_list("pk", flat=True)),
    }
    for key in SCALARS:
        draft[key] = getattr(system, key)
    for key in DATES:
        value = getattr(system, key)
        draft[key] = value.isoformat() if value else ""
    return draft


@login_required
def edit(request, pk: int):
    system = _members_system(request, pk)
    _save_draft(request, draft_of(system))
    return redirect("plumbing:record-check")


@login_required
@require_POST
def still_right(request, pk: int):
    system = _members_system(request, pk)
    now = timezone.now()
    System.objects.filter(pk=system.pk).update(confirmed_at=now, confirmed_by=request.user, reminded_at=None)
    audit.record(
        "system confirmed",
        system,
        actor=request.user,
        before={"confirmed_at": system.confirmed_at.isoformat() if system.confirmed_at else None},
        after={"confirmed_at": now.isoformat()},
    )
    messages.success(
        request, _("Thank you: %(product)s is confirmed as still right") % {"product": system.product.name}
    )
    return redirect("plumbing:record-yours")


@login_required
@require_http_methods(["GET", "POST"])
def retire(request, pk: int):
    system = _members_system(request, pk)
    form = forms.RetireForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        before = system.state
        System.objects.filter(pk=system.pk).update(state=System.State.RETIRED)
        audit.record(
            "system retired", system, actor=request.user, before={"state": before}, after={"state": "retired"}
        )
        messages.success(
            request,
            _("%(product)s is recorded as no longer used by %(organisation)s")
            % {"product": system.product.name, "organisation": system.organisation.name},
        )
        return redirect("plumbing:record-yours")
    return question(
        request,
        form,
        heading=_("Are you sure %(organisation)s no longer uses %(product)s?")
        % {"organisation": system.organisation.name, "product": system.product.name},
        intro=_(
            "The record stays in the register as no longer used, so that others can see what you used before."
        ),
        button=_("Yes, we no longer use it"),
        button_classes="govuk-button--warning",
        back_url=reverse("plumbing:record-yours"),
        navigation_section="systems",
    )


@login_required
def yours(request):
    organisations = list(organisations_for(request.user).order_by("name"))
    systems = (
        System.objects.filter(organisation__in=organisations)
        .exclude(state=System.State.RETIRED)
        .select_related("organisation", "product__supplier", "confirmed_by")
        .prefetch_related("services")
        .order_by("organisation__name", "product__name", "pk")
    )
    due = timezone.now() - CONFIRM_EVERY
    rows = [
        {"system": system, "due": system.confirmed_at is None or system.confirmed_at < due}
        for system in systems
    ]
    return TemplateResponse(
        request,
        "plumbing/record/yours.html",
        {
            "rows": rows,
            "due_count": sum(1 for row in rows if row["due"]),
            "organisations": organisations,
            "navigation_section": "systems",
        },
    )


@require_GET
def products_json(request):
    """The current products whose names are like `q`, with their suppliers, for the product box's
    suggestions as people type: names only, at most ten, rate limited by address."""
    key = ratelimit.address_key(client_ip(request))
    if ratelimit.exceeded([(key, LOOKUP_BURST), (key, LOOKUP_SUSTAINED)]):
        return JsonResponse({"detail": "Too many requests; try again later"}, status=429)
    typed = request.GET.get("q", "")[:200]
    results = []
    if len(matching.fold(typed)) >= 2:
        folded = matching.fold(typed)
        starts = (
            Product.objects.current()
            .filter(names__folded__startswith=folded)
            .select_related("supplier")
            .distinct()
            .order_by("name")[: matching.MOST_OFFERED]
        )
        found = {product.pk: product for product in starts}
        for match in matching.similar_products(typed):
            if len(found) >= matching.MOST_OFFERED:
                break
            found.setdefault(match.record.pk, match.record)
        results = [
            {
                "name": product.name,
                "supplier": product.supplier.name if product.supplier else "",
            }
            for product in list(found.values())[: matching.MOST_OFFERED]
        ]
    response = JsonResponse({"products": results})
    response["Cache-Control"] = "public, max-age=300"
    return response
