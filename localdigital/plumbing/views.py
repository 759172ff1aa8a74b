"""The public pages of the register of systems, contracts and standards: anyone may read them."""

import json
from collections import Counter

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from localdigital.govuk import charts
from localdigital.organisations.models import Nation
from localdigital.platform.permissions import may_act_for
from localdigital.plumbing import contracts, pictures
from localdigital.plumbing.matching import resolve_merged
from localdigital.plumbing.models import Adoption, Product, Standard, Supplier, System, SystemLink
from localdigital.plumbing.register import published_systems, systems
from localdigital.registers.caching import conditional, open_data
from localdigital.registers.csv import csv_response
from localdigital.service_list.models import Service

system_list = systems.page
system_csv = systems.csv
system_json = systems.json
systems_feed = systems.feed

SOURCES = (System, Product, Supplier, Standard, Adoption, SystemLink, Service)


def _links(**about) -> list[SystemLink]:
    return list(
        SystemLink.objects.filter(**about)
        .select_related("project__lead", "commitment__organisation")
        .order_by("pk")
    )


@require_safe
def system_detail(request, pk: int):
    system = get_object_or_404(published_systems(), pk=pk)
    return TemplateResponse(
        request,
        "plumbing/public/system.html",
        {
            "system": system,
            "show_value_band": system.may_see("value_band", request.user),
            "can_edit": may_act_for(request.user, system.organisation),
            "links": _links(system=system),
        },
    )


def _current(model, slug: str):
    """The product or supplier `slug` names; one merged into another is found as that other."""
    found = resolve_merged(model, slug)
    if found is None:
        raise Http404
    return found


@require_safe
def product_detail(request, slug: str):
    product = _current(Product, slug)
    if product.slug != slug:
        return redirect("plumbing:product", product.slug, permanent=True)
    users = list(published_systems().filter(product=product).order_by("contract_end", "pk"))
    return TemplateResponse(request, "plumbing/public/product.html", {"product": product, "systems": users})


@require_safe
def supplier_detail(request, slug: str):
    supplier = _current(Supplier, slug)
    if supplier.slug != slug:
        return redirect("plumbing:supplier", supplier.slug, permanent=True)
    products = list(
        Product.objects.current()
        .filter(supplier=supplier)
        .annotate(users=Count("systems__organisation", filter=_published("systems__"), distinct=True))
        .order_by("name", "pk")
    )
    return TemplateResponse(
        request, "plumbing/public/supplier.html", {"supplier": supplier, "products": products}
    )


def _published(via: str) -> Q:
    return Q(**{f"{via}state": System.State.PUBLISHED})


@require_safe
def standard_list(request):
    standards = Standard.objects.annotate(
        adopters=Count("adoptions", distinct=True),
        live=Count("adoptions", filter=_adoption_stage(Adoption.Stage.LIVE), distinct=True),
    ).order_by("name", "pk")
    return TemplateResponse(request, "plumbing/public/standards.html", {"standards": standards})


def _adoption_stage(stage) -> Q:
    return Q(adoptions__stage=stage)


@require_safe
def standard_detail(request, slug: str):
    standard = get_object_or_404(Standard.objects.prefetch_related("services"), slug=slug)
    adoptions = list(standard.adoptions.select_related("organisation").order_by("organisation__name", "pk"))
    by_stage = Counter(adoption.stage for adoption in adoptions)
    by_nation = Counter((adoption.organisation.nation, adoption.stage) for adoption in adoptions)
    stages = [(stage, label, by_stage[stage]) for stage, label in Adoption.Stage.choices]
    nations = [
        (label, [by_nation[nation, stage] for stage, _label in Adoption.Stage.choices])
        for nation, label in Nation.choices
        if any(by_nation[nation, stage] for stage in Adoption.Stage.values)
    ]
    products = list(
        Product.objects.current()
        .filter(systems__standards=standard, systems__state=System.State.PUBLISHED)
        .select_related("supplier")
        .annotate(users=Count("systems__organisation", distinct=True))
        .order_by("name", "pk")
    )
    return TemplateResponse(
        request,
        "plumbing/public/standard.html",
        {
            "standard": standard,
            "adoptions": adoptions,
            "stages": stages,
            "nations": nations,
            "products": products,
            "links": _links(standard=standard),
        },
    )


@require_safe
@conditional(*SOURCES)
def service_detail(request, lgsl: int):
    service = get_object_or_404(Service, code=lgsl)
    used = pictures.service_systems(service)
    return TemplateResponse(
        request,
        "plumbing/public/service.html",
        {"service": service, "systems": used, "charts": pictures.service_charts(service, used)},
    )


def _service_chart(lgsl: int, name: str) -> charts.BarChart:
    if name not in pictures.CHART_NAMES:
        raise Http404
    service = get_object_or_404(Service, code=lgsl)
    return pictures.service_charts(service, pictures.service_systems(service))[name]


@require_safe
@conditional(*SOURCES, policy=open_data)
def service_chart_svg(request, lgsl: int, name: str):
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + charts.svg(_service_chart(lgsl, name), standalone=True),
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{lgsl}-{name}.svg"'
    return response


@require_safe
@conditional(*SOURCES, policy=open_data)
def service_chart_csv(request, lgsl: int, name: str):
    chart = _service_chart(lgsl, name)
    return csv_response(f"{lgsl}-{name}.csv", chart.header(), chart.rows())


@require_safe
@systems.validators(open_data)
def contracts_package(request):
    """The contracts, filtered as the register is, as an OCDS release package."""
    _form, queryset = systems.filtered(request.GET)
    queryset = queryset.exclude(contract_start=None, contract_end=None)
    uri = request.build_absolute_uri(reverse("systems-contracts"))
    body = json.dumps(contracts.package(queryset, uri=uri), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/json")
