"""Pledges drawn as charts (govuk/charts.py): the days' pledges, on the pledges page and the dashboard."""

from django.utils import formats
from django.utils.translation import gettext, ngettext

from localdigital.govuk import charts

# The latest days with any pledges that the chart shows.
DAYS = 30


def by_day(days: list) -> charts.BarChart:
    """Pledges confirmed on each of the latest days with any (from `services.daily`), newest first."""
    days = days[-DAYS:]
    bars = [charts.Bar(formats.date_format(day, "j F Y"), count) for day, count in reversed(days)]
    if days:
        busiest_day, busiest = max(days, key=lambda pair: pair[1])
        summary = ngettext(
            "The busiest of these days was %(day)s, with %(num)s pledge.",
            "The busiest of these days was %(day)s, with %(num)s pledges.",
            busiest,
        ) % {"day": formats.date_format(busiest_day, "j F Y"), "num": charts.formatted(busiest)}
    else:
        summary = gettext("Nobody has pledged yet.")
    return charts.BarChart(
        name="pledges-by-day",
        title=ngettext(
            "Pledges on the latest day with any",
            "Pledges on each of the latest %(num)s days with any",
            len(days),
        )
        % {"num": len(days)},
        summary=summary,
        label_heading=gettext("Day"),
        value_heading=gettext("Pledges"),
        bars=bars,
    )
