"""Charts drawn on the server as SVG, in GOV.UK Frontend's colours and type, from the same rows as the
table beside them (govuk/chart.html draws the two together).

No script runs, so a chart works without JavaScript and under the content security policy. Each SVG is
an image with a title and a text summary; the table is its accessible alternative, and the rows are
also a CSV. Only presentation attributes are used, never `style`, which the policy forbids inline.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from django.utils import formats
from django.utils.translation import gettext

# GOV.UK Frontend's palette (govuk-colour) and type.
BLUE = "#1d70b8"
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
MID_GREY = "#b1b4b6"
LIGHT_GREY = "#f3f2f1"
FONT = "GDS Transport, arial, sans-serif"

WIDTH = 640
FONT_SIZE = 16
# A character of GDS Transport at 16px is about this wide on average: enough to keep labels apart.
CHARACTER_WIDTH = 8.6
LABEL_COLUMN_MAX = 250


@dataclass(frozen=True)
class Bar:
    """One bar: a label and its number, and optionally the whole it is part of ("12 of 33 councils")."""

    label: str
    value: int
    out_of: int | None = None


@dataclass(frozen=True)
class Point:
    """One point of a chart over time: the number on a day."""

    when: date
    value: int


@dataclass
class BarChart:
    """Horizontal bars, one per row of its table. `name` is the chart's address and file name."""

    name: str
    title: str
    summary: str
    label_heading: str
    value_heading: str
    bars: Sequence[Bar]
    out_of_heading: str = ""

    def header(self) -> list[str]:
        header = [self.label_heading, self.value_heading]
        return [*header, self.out_of_heading] if self.out_of_heading else header

    def rows(self) -> list[list]:
        """The table's rows, which the CSV publishes as they are."""
        if self.out_of_heading:
            return [[bar.label, bar.value, bar.out_of] for bar in self.bars]
        return [[bar.label, bar.value] for bar in self.bars]


@dataclass
class LineChart:
    """A number over time, drawn as steps (it changes on the day it changes), with an optional target
    drawn as a dashed line ("382 councils")."""

    name: str
    title: str
    summary: str
    when_heading: str
    value_heading: str
    points: Sequence[Point]
    target: int | None = None
    target_label: str = ""
    when_format: str = "F Y"  # how the table and the axis name a point's day
    until: date | None = None  # the last step is drawn on to this day (today), when it is later

    def header(self) -> list[str]:
        return [self.when_heading, self.value_heading]

    def rows(self) -> list[list]:
        return [[point.when, point.value] for point in self.points]


Chart = BarChart | LineChart


@dataclass
class _Drawing:
    """SVG elements as text, every word and attribute escaped as it is added."""

    parts: list[str] = field(default_factory=list)

    def element(self, tag: str, text: str | None = None, **attributes) -> None:
        attrs = _attributes(attributes)
        if text is None:
            self.parts.append(f"<{tag}{attrs}/>")
        else:
            self.parts.append(f"<{tag}{attrs}>{escape(text)}</{tag}>")

    def open(self, tag: str, **attributes) -> None:
        self.parts.append(f"<{tag}{_attributes(attributes)}>")

    def close(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")


def _attributes(attributes: dict) -> str:
    """Keyword arguments as attributes: `class_` is class, `aria_labelledby` is aria-labelledby."""
    return "".join(
        f" {name.rstrip('_').replace('_', '-')}={quoteattr(_number(value))}"
        for name, value in attributes.items()
        if value is not None
    )


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return str(value)


def formatted(number: int) -> str:
    """A count as people read it: 1,234."""
    return f"{number:,}"


def _text_width(text: str) -> float:
    return len(text) * CHARACTER_WIDTH


def _svg(chart: Chart, height: float, body: list[str], *, standalone: bool) -> str:
    """The image around a drawing: named by its title and summary, for screen readers and as a file."""
    title_id, desc_id = f"{chart.name}-chart-title", f"{chart.name}-chart-desc"
    drawing = _Drawing()
    namespace = {"xmlns": "http://www.w3.org/2000/svg"} if standalone else {}
    drawing.open(
        "svg",
        **namespace,
        viewBox=f"0 0 {WIDTH} {_number(height)}",
        width="100%" if not standalone else WIDTH,
        role="img",
        aria_labelledby=f"{title_id} {desc_id}",
        font_family=FONT,
        font_size=FONT_SIZE,
        fill=TEXT,
        class_="app-chart__image",
    )
    drawing.element("title", chart.title, id=title_id)
    drawing.element("desc", chart.summary, id=desc_id)
    if standalone:
        drawing.element("rect", x=0, y=0, width=WIDTH, height=height, fill="#ffffff")
    drawing.parts.extend(body)
    drawing.close("svg")
    return "".join(drawing.parts)


def _bar_value_text(bar: Bar) -> str:
    if bar.out_of is None:
        return formatted(bar.value)
    return gettext("%(value)s of %(total)s") % {"value": formatted(bar.value), "total": formatted(bar.out_of)}


def bar_chart_svg(chart: BarChart, *, standalone: bool = False) -> str:
    """Horizontal bars, each labelled with its number. Short labels sit to the left of their bars; when
    any label is too long for that, every label sits above its bar instead, so none is cut short."""
    longest = max((_text_width(bar.label) for bar in chart.bars), default=0)
    beside = longest + 12 <= LABEL_COLUMN_MAX
    label_column = longest + 12 if beside else 0
    values = [_bar_value_text(bar) for bar in chart.bars]
    value_column = max((_text_width(text) for text in values), default=0) + 12
    track = WIDTH - label_column - value_column
    scale = max((max(bar.value, bar.out_of or 0) for bar in chart.bars), default=0) or 1
    bar_height, gap = 24, 12
    row_height = bar_height + gap + (0 if beside else FONT_SIZE + 6)
    drawing = _Drawing()
    y: float = gap / 2
    for bar, value_text in zip(chart.bars, values, strict=True):
        drawing.open("g", class_="app-chart__bar")
        bar_top = y if beside else y + FONT_SIZE + 6
        baseline = bar_top + bar_height / 2 + FONT_SIZE * 0.35
        if beside:
            drawing.element("text", bar.label, x=0, y=baseline, class_="app-chart__label")
        else:
            drawing.element("text", bar.label, x=0, y=y + FONT_SIZE, class_="app-chart__label")
        if bar.out_of is not None:
            drawing.element(
                "rect", x=label_column, y=bar_top, width=track * bar.out_of / scale, height=bar_height,
                fill=LIGHT_GREY, stroke=MID_GREY,
            )  # fmt: skip
        width = track * bar.value / scale
        drawing.element("rect", x=label_column, y=bar_top, width=width, height=bar_height, fill=BLUE)
        end = label_column + max(width, track * (bar.out_of or 0) / scale)
        drawing.element(
            "text", value_text, x=end + 6, y=baseline, class_="app-chart__value", data_value=bar.value
        )
        drawing.close("g")
        y += row_height
    return _svg(chart, max(y + gap / 2, 40), drawing.parts, standalone=standalone)


def _nice_top(highest: int) -> int:
    """The top of a count axis: a round number at or above the highest value."""
    if highest <= 4:
        return 4
    step = 10 ** math.floor(math.log10(highest))
    for multiple in (1, 2, 2.5, 5, 10):
        if highest <= step * multiple:
            return int(step * multiple)
    return highest


def line_chart_svg(chart: LineChart, *, standalone: bool = False) -> str:
    """Steps over time from the first point to the last, with the count axis from 0 and the target."""
    height, left, right, top, bottom = 320, 56, 16, 16, 40
    points = list(chart.points)
    highest = max([point.value for point in points] + [chart.target or 0], default=0)
    top_value = _nice_top(highest)
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    first = points[0].when if points else date.today()
    last = max(points[-1].when if points else first, chart.until or first)
    days = max((last - first).days, 1)

    def x(when: date) -> float:
        return left + plot_width * (when - first).days / days

    def y(value: int) -> float:
        return top + plot_height * (1 - value / top_value)

    drawing = _Drawing()
    intervals = 5 if top_value % 5 == 0 else 4
    for tick in range(intervals + 1):
        value = top_value * tick // intervals
        drawing.element("line", x1=left, x2=WIDTH - right, y1=y(value), y2=y(value), stroke=LIGHT_GREY)
        drawing.element(
            "text", formatted(value), x=left - 6, y=y(value) + 5, text_anchor="end", fill=SECONDARY_TEXT,
            font_size=14,
        )  # fmt: skip
    drawing.element("line", x1=left, x2=WIDTH - right, y1=y(0), y2=y(0), stroke=TEXT)
    ticks = [date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
    if len(ticks) < 2:
        ticks = [first, last] if first != last else [first]
    for when in ticks:
        label = str(when.year) if when.month == 1 and when.day == 1 else formats.date_format(when, "M Y")
        drawing.element("line", x1=x(when), x2=x(when), y1=y(0), y2=y(0) + 6, stroke=TEXT)
        drawing.element(
            "text", label, x=x(when), y=height - bottom + 24, text_anchor="middle", fill=SECONDARY_TEXT,
            font_size=14,
        )  # fmt: skip
    if chart.target is not None:
        drawing.element(
            "line", x1=left, x2=WIDTH - right, y1=y(chart.target), y2=y(chart.target), stroke=TEXT,
            stroke_dasharray="6 4", class_="app-chart__target",
        )  # fmt: skip
        drawing.element(
            "text", chart.target_label, x=WIDTH - right, y=y(chart.target) - 6, text_anchor="end",
            class_="app-chart__target-label",
        )  # fmt: skip
    if points:
        path = [f"M {_number(x(points[0].when))} {_number(y(0))}", f"V {_number(y(points[0].value))}"]
        for point in points[1:]:
            path += [f"H {_number(x(point.when))}", f"V {_number(y(point.value))}"]
        path.append(f"H {_number(x(last))}")
        drawing.element("path", d=" ".join(path), fill="none", stroke=BLUE, stroke_width=3)
        for point in points:
            drawing.element(
                "circle", cx=x(point.when), cy=y(point.value), r=3, fill=BLUE, class_="app-chart__point",
                data_value=point.value, data_when=point.when.isoformat(),
            )  # fmt: skip
    return _svg(chart, height, drawing.parts, standalone=standalone)


def svg(chart: Chart, *, standalone: bool = False) -> str:
    """The chart as SVG text: inline in a page, or `standalone` as a file of its own (with its namespace,
    size and a white background)."""
    if isinstance(chart, BarChart):
        return bar_chart_svg(chart, standalone=standalone)
    return line_chart_svg(chart, standalone=standalone)


def table_rows(chart: Chart) -> list[list[str]]:
    """The table's cells as shown: days in words, counts with thousands separators."""
    if isinstance(chart, LineChart):
        return [
            [formats.date_format(when, chart.when_format), formatted(value)] for when, value in chart.rows()
        ]
    return [[row[0], *(formatted(cell) for cell in row[1:])] for row in chart.rows()]
