"""The open register of systems and contracts, declared once (see localdigital/registers/register.py): the
page, the JSON API, the CSV, the Atom feed of records as they are added, and the contracts as an OCDS
release package all come from this query and these filters.

Only published records are open, and of each only what `System.VISIBILITY` allows the public: a value band
kept to members is never in the open data."""

from datetime import date, datetime

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_noop as N_
from ninja import Schema

from localdigital.organisations.models import Nation, Organisation, OrganisationType, Region, identified_by
from localdigital.plumbing.models import Product, Standard, Supplier, System, Visibility
from localdigital.registers.filters import Choices, Date, Model, Text
from localdigital.registers.register import FeedEntry, Register
from localdigital.service_list.models import Service


def published_systems() -> QuerySet[System]:
    # Lists in a fixed order (PostgreSQL gives related rows in none): services by code, standards as added.
    return (
        System.objects.published()
        .select_related("organisation", "product__supplier")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.order_by("code")),
            Prefetch("standards", queryset=Standard.objects.order_by("pk")),
        )
        .order_by("-created_at", "-pk")
    )


def _used(model, path: str):
    """Only the rows some published record uses, for a filter's list."""

    def rows():
        used = System.objects.published().values(path)
        return model.objects.filter(pk__in=used)

    return rows


def _by_organisation(text: str) -> Q:
    return identified_by(text, via="organisation__")


def _services_used():
    return Service.objects.filter(code__in=System.objects.published().values("services")).order_by("label")


class SystemOut(Schema):
    id: int
    organisation_id: str
    organisation_name: str
    product: str
    product_slug: str
    supplier: str
    supplier_slug: str
    service_lgsl: list[int]
    services: list[str]
    hosting: str
    contract_start: date | None
    contract_end: date | None
    extension_options: str
    extension_months: int | None
    procurement: str
    framework: str
    value_band: str | None  # null where the organisation keeps it to signed-in members
    standards: list[str]
    api: str
    api_url: str
    replacement: str
    replace_by: date | None
    last_confirmed: datetime | None
    url: str


def system_row(system: System) -> dict:
    """One record as open data: its public fields only."""
    supplier = system.product.supplier
    return {
        "id": system.pk,
        "organisation_id": system.organisation.identifier,
        "organisation_name": system.organisation.name,
        "product": system.product.name,
        "product_slug": system.product.slug,
        "supplier": supplier.name if supplier else "",
        "supplier_slug": supplier.slug if supplier else "",
        "service_lgsl": [service.code for service in system.services.all()],
        "services": [service.label for service in system.services.all()],
        "hosting": system.hosting,
        "contract_start": system.contract_start,
        "contract_end": system.contract_end,
        "extension_options": system.extension_options,
        "extension_months": system.extension_months,
        "procurement": system.procurement,
        "framework": system.framework,
        "value_band": system.value_band if system.value_band_visibility == Visibility.PUBLIC else None,
        "standards": [standard.slug for standard in system.standards.all()],
        "api": system.api,
        "api_url": system.api_url,
        "replacement": system.replacement,
        "replace_by": system.replace_by,
        "last_confirmed": system.confirmed_at,
        "url": settings.SITE_URL + system.get_absolute_url(),
    }


def _list(values: list) -> str:
    return "; ".join(str(value) for value in values)


systems = Register(
    "systems",
    query=published_systems,
    filters={
        "service": Model(
            N_("Service"),
            queryset=_services_used,
            to_field_name="code",
            empty_label=N_("Any service"),
            lookup="services",
            error_messages={"invalid_choice": gettext_lazy("Choose a service that has systems recorded")},
        ),
        "product": Model(
            N_("Product"),
            queryset=_used(Product, "product"),
            to_field_name="slug",
            empty_label=N_("Any product"),
            api_type=str | None,
        ),
        "supplier": Model(
            N_("Supplier"),
            queryset=_used(Supplier, "product__supplier"),
            to_field_name="slug",
            empty_label=N_("Any supplier"),
            lookup="product__supplier",
            api_type=str | None,
        ),
        "standard": Model(
            N_("Standard"),
            queryset=_used(Standard, "standards"),
            to_field_name="slug",
            empty_label=N_("Any standard"),
            lookup="standards",
            api_type=str | None,
        ),
        "organisation": Text(N_("Organisation (GSS code or short name)"), lookup=_by_organisation),
        "type": Choices(
            N_("Type of organisation"), choices=OrganisationType.choices, lookup="organisation__type__in"
        ),
        "nation": Choices(N_("Nation"), choices=Nation.choices, lookup="organisation__nation__in"),
        "region": Choices(N_("Region"), choices=Region.choices, lookup="organisation__region__in"),
        "ends_after": Date(
            N_("Contract ends on or after"), hint=N_("For example, 1 4 2027"), lookup="contract_end__gte"
        ),
        "ends_before": Date(
            N_("Contract ends on or before"), hint=N_("For example, 31 3 2028"), lookup="contract_end__lte"
        ),
    },
    depends_on=(System, Product, Supplier, Standard, Organisation, Service),
    row=system_row,
    item_schema=SystemOut,
    csv_columns={
        **dict.fromkeys(SystemOut.model_fields),
        "service_lgsl": lambda row: _list(row["service_lgsl"]),
        "services": lambda row: _list(row["services"]),
        "standards": lambda row: _list(row["standards"]),
    },
    template="plumbing/public/systems.html",
    feed=FeedEntry(
        title=lambda _thing: gettext("Systems and contracts recorded"),
        link="plumbing:systems",
        item_title=lambda system: f"{system.organisation.name}: {system.product.name}",
        item_description=lambda system: ", ".join(service.label for service in system.services.all()),
        item_link=lambda system: system.get_absolute_url(),
        item_pubdate=lambda system: system.created_at,
        item_updateddate=lambda system: system.confirmed_at or system.created_at,
    ),
)


def systems_url_for(**params) -> str:
    """The register's page filtered, e.g. by a service or a product (for links from other pages)."""
    from urllib.parse import urlencode

    return reverse("plumbing:systems") + "?" + urlencode(params)
