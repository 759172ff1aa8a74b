"""The dashboard: how far the Declaration has reached, drawn as charts from the registers' own figures.

Every chart is worked out here from the registers' queries (the signatories page's coverage, the
published commitments, the projects, the pledges by day), for the nations and types chosen, in a
constant number of queries; the page, each chart's SVG and each chart's CSV come from the same charts.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_safe

from localdigital.govuk import charts
from localdigital.govuk.forms import GovukForm
from localdigital.organisations.models import Organisation
from localdigital.organisations.register import organisation_filters
from localdigital.pledges import charts as pledge_charts
from localdigital.pledges import services as pledges
from localdigital.pledges.models import PledgeCounts, PledgeTally
from localdigital.projects.models import Project
from localdigital.registers.caching import conditional, open_data, shared_page
from localdigital.registers.csv import csv_response
from localdigital.signing.models import Commitment, Signing
from localdigital.signing.register import coverage, published


class DashboardFilters(GovukForm):
    """Which bodies the figures are about: the organisation register's own nation and type filters."""

    nation = organisation_filters()["nation"].form_field()
    type = organisation_filters()["type"].form_field()


@dataclass(frozen=True)
class Scope:
    """The nations and types chosen; none chosen means every body."""

    nations: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    @classmethod
    def from_form(cls, form: DashboardFilters) -> "Scope":
        data = form.cleaned_data if form.is_valid() else {}
        return cls(tuple(data.get("nation") or ()), tuple(data.get("type") or ()))

    def q(self, via: str = "") -> Q | None:
        """The bodies in scope, as a Q on the organisation at `via` (e.g. "organisation__")."""
        within = Q()
        if self.nations:
            within &= Q(**{f"{via}nation__in": self.nations})
        if self.types:
            within &= Q(**{f"{via}type__in": self.types})
        return within or None

    def query(self) -> str:
        """The scope as a query string ("?nation=wales"), for links to the registers and downloads."""
        pairs = [("nation", nation) for nation in self.nations] + [("type", kind) for kind in self.types]
        return "?" + urlencode(pairs) if pairs else ""


def _filtered(queryset, within: Q | None):
    return queryset if within is None else queryset.filter(within)


def _share(signed: int, total: int) -> str:
    return gettext("%(signed)s of %(total)s councils have signed.") % {
        "signed": charts.formatted(signed),
        "total": charts.formatted(total),
    }


def _coverage_bars(rows: list[dict], label: str) -> list[charts.Bar]:
    return [charts.Bar(str(row[label]), row["signed"], row["total"]) for row in rows if row["total"]]


def coverage_charts(scope: Scope) -> tuple[dict, dict[str, charts.Chart]]:
    """Councils that have signed by nation and by type: the signatories page's coverage, as bars (of the
    nations and types that have councils in scope), with the coverage figures they are drawn from."""
    figures = coverage(scope.q())
    summary = _share(figures["signed"], figures["total"])

    def by(part: str, title: str, heading: str) -> charts.BarChart:
        return charts.BarChart(
            name=f"coverage-by-{part}",
            title=title,
            summary=summary,
            label_heading=heading,
            value_heading=gettext("Signed"),
            out_of_heading=gettext("Councils"),
            bars=_coverage_bars(figures[f"by_{part}"], part),
        )

    nation = by("nation", gettext("Councils that have signed, by nation"), gettext("Nation"))
    type_ = by("type", gettext("Councils that have signed, by type"), gettext("Type"))
    return figures, {nation.name: nation, type_.name: type_}


def councils_total(scope: Scope) -> int:
    return _filtered(Organisation.objects.current().councils(), scope.q()).count()


def signatories_over_time(scope: Scope, total: int) -> charts.LineChart:
    """Councils that had signed by the end of each month with a signing, against all the councils."""
    councils = _filtered(Organisation.objects.current().councils(), scope.q())
    months = (
        Signing.objects.filter(status=Signing.Status.SIGNED, organisation__in=councils)
        .annotate(month=TruncMonth("signed_at"))
        .values("month")
        .annotate(signed=Count("organisation", distinct=True))
        .order_by("month")
    )
    points, running = [], 0
    for row in months:
        running += row["signed"]
        month = row["month"]
        points.append(charts.Point(month.date() if hasattr(month, "date") else month, running))
    if points:
        summary = gettext("%(signed)s of %(total)s councils had signed by %(month)s.") % {
            "signed": charts.formatted(running),
            "total": charts.formatted(total),
            "month": formats.date_format(points[-1].when, "F Y"),
        }
    else:
        summary = gettext("No council has signed yet.")
    return charts.LineChart(
        name="signatories-over-time",
        title=gettext("Councils that have signed, over time"),
        summary=summary,
        when_heading=gettext("Month"),
        value_heading=gettext("Councils signed by the end of the month"),
        points=points,
        target=total,
        until=timezone.localdate(),
        target_label=ngettext("%(num)s council", "%(num)s councils", total)
        % {"num": charts.formatted(total)},
    )


def _most(bars: list[charts.Bar], none: str) -> str:
    """A bar chart's summary: its largest bar, and the whole."""
    if not any(bar.value for bar in bars):
        return none
    largest = max(bars, key=lambda bar: bar.value)
    return gettext("%(label)s has the most: %(value)s of %(total)s.") % {
        "label": largest.label,
        "value": charts.formatted(largest.value),
        "total": charts.formatted(sum(bar.value for bar in bars)),
    }


def commitments_by_principle(scope: Scope) -> charts.BarChart:
    """Published commitments serving each principle (a commitment may serve several), in one query."""
    commitments = _filtered(published().prefetch_related(None).order_by(), scope.q("organisation__"))
    # JSON containment is not on SQLite; the register's principle filter matches the stored text too.
    counts = commitments.aggregate(
        **{
            f"principle_{number}": Count("pk", filter=Q(principles__icontains=str(number)))
            for number in Commitment.PRINCIPLES
        }
    )
    bars = [
        charts.Bar(str(name), counts[f"principle_{number}"]) for number, name in Commitment.PRINCIPLES.items()
    ]
    return charts.BarChart(
        name="commitments-by-principle",
        title=gettext("Commitments by principle"),
        summary=_most(bars, gettext("No commitments are published yet.")),
        label_heading=gettext("Principle"),
        value_heading=gettext("Commitments"),
        bars=bars,
    )


def commitments_by_progress(scope: Scope) -> charts.BarChart:
    """Published commitments by how far they have got, done among them."""
    commitments = _filtered(published().prefetch_related(None).order_by(), scope.q("organisation__"))
    counts = {
        row["progress"]: row["count"] for row in commitments.values("progress").annotate(count=Count("pk"))
    }
    bars = [charts.Bar(str(label), counts.get(value, 0)) for value, label in Commitment.Progress.choices]
    total = sum(bar.value for bar in bars)
    summary = (
        ngettext(
            "%(done)s of %(num)s commitment is done.", "%(done)s of %(num)s commitments are done.", total
        )
        % {"done": charts.formatted(counts.get(Commitment.Progress.DONE, 0)), "num": charts.formatted(total)}
        if total
        else gettext("No commitments are published yet.")
    )
    return charts.BarChart(
        name="commitments-by-progress",
        title=gettext("Commitments by progress"),
        summary=summary,
        label_heading=gettext("Progress"),
        value_heading=gettext("Commitments"),
        bars=bars,
    )


def projects_by_phase(scope: Scope) -> charts.BarChart:
    """Shared projects by phase, for projects led by bodies in scope."""
    projects = _filtered(Project.objects.order_by(), scope.q("lead__"))
    counts = {row["phase"]: row["count"] for row in projects.values("phase").annotate(count=Count("pk"))}
    bars = [charts.Bar(str(label), counts.get(value, 0)) for value, label in Project.Phase.choices]
    return charts.BarChart(
        name="projects-by-phase",
        title=gettext("Projects by phase"),
        summary=_most(bars, gettext("No projects are shared yet.")),
        label_heading=gettext("Phase"),
        value_heading=gettext("Projects"),
        bars=bars,
    )


def pledges_by_day(scope: Scope) -> charts.BarChart:
    """Pledges confirmed on each of the latest days with any, for bodies in scope: the pledges page's
    chart."""
    return pledge_charts.by_day(pledges.daily(within=scope.q("organisation__")))


def every_chart(scope: Scope) -> dict[str, charts.Chart]:
    """All the dashboard's charts, in the order the page shows them."""
    figures, by_coverage = coverage_charts(scope)
    return {
        "signatories-over-time": signatories_over_time(scope, figures["total"]),
        **by_coverage,
        "commitments-by-principle": commitments_by_principle(scope),
        "commitments-by-progress": commitments_by_progress(scope),
        "projects-by-phase": projects_by_phase(scope),
        "pledges-by-day": pledges_by_day(scope),
    }


def one_chart(name: str, scope: Scope) -> charts.Chart:
    """One chart by its name, working out only that one; Http404 for a name there is none of."""
    if name == "signatories-over-time":
        return signatories_over_time(scope, councils_total(scope))
    if name in ("coverage-by-nation", "coverage-by-type"):
        return coverage_charts(scope)[1][name]
    makers = {
        "commitments-by-principle": commitments_by_principle,
        "commitments-by-progress": commitments_by_progress,
        "projects-by-phase": projects_by_phase,
        "pledges-by-day": pledges_by_day,
    }
    if name not in makers:
        raise Http404("No chart has that name")
    return makers[name](scope)


def open_data_links(scope: Scope) -> dict[str, tuple[str, str]]:
    """Where each chart's rows come from, as open data: (link text, address)."""
    signatories = (gettext("Signatories (CSV)"), reverse("signatories-csv") + scope.query())
    return {
        "signatories-over-time": signatories,
        "coverage-by-nation": signatories,
        "coverage-by-type": signatories,
        "commitments-by-principle": (gettext("Commitments (CSV)"), reverse("commitments-csv")),
        "commitments-by-progress": (gettext("Commitments (CSV)"), reverse("commitments-csv")),
        "projects-by-phase": (gettext("Projects (CSV)"), reverse("projects-csv")),
        "pledges-by-day": (gettext("Pledges by day (CSV)"), reverse("pledges:daily-csv")),
    }


LATEST = 5


def progress() -> dict:
    """The home page's live figures: councils signed of all councils (as the coverage chart by nation),
    pledges, shared projects, and the latest signatories and projects."""
    figures, by_coverage = coverage_charts(Scope())
    return {
        "coverage": by_coverage["coverage-by-nation"],
        "signed": figures["signed"],
        "councils": figures["total"],
        # The counts row as last tallied, read here rather than through the second-long copy kept by
        # `pledges.counts()`, so that the page always asks the same questions; the page is itself kept.
        "pledges": PledgeCounts.objects.filter(pk=1).values_list("total", flat=True).first() or 0,
        "projects": Project.objects.count(),
        "latest_signatories": list(
            Signing.objects.filter(status=Signing.Status.SIGNED)
            .select_related("organisation")
            .order_by("-signed_at", "-pk")[:LATEST]
        ),
        "latest_projects": list(
            Project.objects.select_related("lead").order_by("-created_at", "-pk")[:LATEST]
        ),
    }


# Everything a chart is drawn from: the validators change whenever any of these tables does.
SOURCES = (Organisation, Signing, Commitment, Project, PledgeTally)


@require_safe
@conditional(*SOURCES)
def dashboard(request):
    form = DashboardFilters(request.GET)
    scope = Scope.from_form(form)

    def render():
        return TemplateResponse(
            request,
            "pages/dashboard.html",
            {
                "filters": form,
                "charts": every_chart(scope),
                "links": open_data_links(scope),
                "query": scope.query(),
                "updated": timezone.now(),
            },
        )

    return shared_page(request, "dashboard", render)


@require_safe
@conditional(*SOURCES, policy=open_data)
def chart_svg(request, name: str):
    """One chart as an SVG file of its own, for the nations and types asked for."""
    chart = one_chart(name, Scope.from_form(DashboardFilters(request.GET)))
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + charts.svg(chart, standalone=True),
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    return response


@require_safe
@conditional(*SOURCES, policy=open_data)
def chart_csv(request, name: str):
    """One chart's figures as CSV: the rows of the table beside it."""
    chart = one_chart(name, Scope.from_form(DashboardFilters(request.GET)))
    return csv_response(f"{name}.csv", chart.header(), chart.rows())
