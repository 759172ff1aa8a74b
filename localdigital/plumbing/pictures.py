"""The pictures of a service's systems, drawn with the platform's charts (govuk/charts.py): how many
organisations use each product, and when their contracts end, by quarter. Each chart's table holds the
same figures."""

from collections import Counter
from datetime import date

from django.utils import formats
from django.utils.translation import gettext, ngettext

from localdigital.govuk import charts
from localdigital.plumbing.models import System
from localdigital.service_list.models import Service

CHART_NAMES = ("products", "contract-ends")


def quarter_of(day: date) -> tuple[int, int]:
    """The calendar quarter a day falls in, as (year, first month): 1 May 2027 is (2027, 4)."""
    return day.year, 3 * ((day.month - 1) // 3) + 1


def quarter_label(year: int, month: int) -> str:
    """'Apr to Jun 2027', in the page's language."""
    first = formats.date_format(date(year, month, 1), "M")
    last = formats.date_format(date(year, month + 2, 1), "M")
    return gettext("%(first)s to %(last)s %(year)s") % {"first": first, "last": last, "year": year}


def service_systems(service: Service) -> list[System]:
    return list(
        System.objects.published()
        .filter(services=service)
        .select_related("organisation", "product__supplier")
        .order_by("contract_end", "pk")
    )


def products_chart(service: Service, systems: list[System]) -> charts.BarChart:
    users: Counter[str] = Counter()
    for system in systems:
        users[system.product.name] += 1
    bars = [charts.Bar(name, count) for name, count in sorted(users.items(), key=lambda kv: (-kv[1], kv[0]))]
    label = service.localised("label")
    return charts.BarChart(
        name="products",
        title=gettext("Products used for %(service)s") % {"service": label},
        summary=ngettext(
            "%(num)s organisation has recorded a system for this service.",
            "%(num)s organisations have recorded a system for this service.",
            len({system.organisation_id for system in systems}),
        )
        % {"num": charts.formatted(len({system.organisation_id for system in systems}))},
        label_heading=gettext("Product"),
        value_heading=gettext("Organisations"),
        bars=bars,
    )


def contract_ends_chart(service: Service, systems: list[System]) -> charts.BarChart:
    """Contracts ending in each quarter, from the first quarter with one to the last, gaps included."""
    quarters = Counter(quarter_of(system.contract_end) for system in systems if system.contract_end)
    bars = []
    if quarters:
        year, month = min(quarters)
        last = max(quarters)
        while (year, month) <= last:
            bars.append(charts.Bar(quarter_label(year, month), quarters.get((year, month), 0)))
            year, month = (year + 1, 1) if month == 10 else (year, month + 3)
    return charts.BarChart(
        name="contract-ends",
        title=gettext("When contracts for %(service)s end") % {"service": service.localised("label")},
        summary=ngettext(
            "%(num)s contract has a known end date.",
            "%(num)s contracts have a known end date.",
            quarters.total(),
        )
        % {"num": charts.formatted(quarters.total())},
        label_heading=gettext("Quarter"),
        value_heading=gettext("Contracts ending"),
        bars=bars,
    )


def service_charts(service: Service, systems: list[System]) -> dict[str, charts.BarChart]:
    return {
        "products": products_chart(service, systems),
        "contract-ends": contract_ends_chart(service, systems),
    }
