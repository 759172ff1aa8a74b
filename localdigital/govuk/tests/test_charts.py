"""Charts drawn as SVG: valid XML, named and summarised, their numbers those of their rows, every word
escaped."""

from datetime import date

from localdigital.govuk import charts
from localdigital.govuk.tests.reading import SVG, bar_values, parsed


def a_bar_chart(**overrides) -> charts.BarChart:
    options = {
        "name": "councils",
        "title": "Councils that have signed",
        "summary": "3 of 10 councils have signed.",
        "label_heading": "Nation",
        "value_heading": "Signed",
        "bars": [charts.Bar("England", 2, 7), charts.Bar("Wales", 1, 3)],
        "out_of_heading": "Councils",
    }
    return charts.BarChart(**{**options, **overrides})


def test_a_bar_chart_is_an_image_named_by_its_title_and_summary():
    root = parsed(charts.svg(a_bar_chart()))

    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Councils that have signed"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "3 of 10 councils have signed."  # type: ignore[union-attr]
    assert root.get("aria-labelledby") == "councils-chart-title councils-chart-desc"
    assert "style" not in charts.svg(a_bar_chart())  # the content security policy forbids inline styles


def test_each_bar_shows_its_rows_number_and_the_whole_it_is_part_of():
    chart = a_bar_chart()
    root = parsed(charts.svg(chart))

    assert bar_values(root) == [(row[0], row[1]) for row in chart.rows()]
    values = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "app-chart__value"]
    assert values == ["2 of 7", "1 of 3"]
    assert chart.header() == ["Nation", "Signed", "Councils"]
    assert charts.table_rows(chart) == [["England", "2", "7"], ["Wales", "1", "3"]]


def test_a_longer_bar_is_drawn_longer_in_proportion():
    root = parsed(charts.svg(a_bar_chart(bars=[charts.Bar("A", 10), charts.Bar("B", 5)], out_of_heading="")))

    widths = [float(bar.find(f"{SVG}rect").get("width")) for bar in root.iter(f"{SVG}g")]  # type: ignore[union-attr,arg-type]
    assert abs(widths[0] - 2 * widths[1]) < 0.2


def test_words_people_wrote_are_escaped_not_run():
    chart = a_bar_chart(
        title='<script>alert("x")</script>',
        bars=[charts.Bar('Fish & chips "council" <b>', 1)],
        out_of_heading="",
    )

    drawn = charts.svg(chart)
    root = parsed(drawn)

    assert "<script>" not in drawn
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script>'  # type: ignore[union-attr]
    assert bar_values(root) == [('Fish & chips "council" <b>', 1)]


def test_long_labels_go_above_their_bars_so_none_is_cut_short():
    label = "Design services around the people who use them"
    root = parsed(charts.svg(a_bar_chart(bars=[charts.Bar(label, 4)], out_of_heading="")))

    bar = root.find(f".//{SVG}g")
    text, rect = bar.find(f"{SVG}text"), bar.find(f"{SVG}rect")  # type: ignore[union-attr]
    assert text.text == label  # type: ignore[union-attr]
    assert float(rect.get("x")) == 0  # type: ignore[union-attr,arg-type]
    assert float(rect.get("y")) > float(text.get("y")) - 16  # type: ignore[union-attr,arg-type]


def test_a_chart_over_time_has_a_point_for_each_row_and_its_target():
    chart = charts.LineChart(
        name="over-time",
        title="Councils that have signed, over time",
        summary="3 of 382 councils had signed by July 2021.",
        when_heading="Month",
        value_heading="Councils signed",
        points=[charts.Point(date(2019, 3, 1), 2), charts.Point(date(2021, 7, 1), 3)],
        target=382,
        target_label="382 councils",
    )

    root = parsed(charts.svg(chart, standalone=True))

    points = [(p.get("data-when"), int(p.get("data-value"))) for p in root.iter(f"{SVG}circle")]  # type: ignore[arg-type]
    assert points == [(when.isoformat(), value) for when, value in chart.rows()]
    target = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "app-chart__target-label"]
    assert target == ["382 councils"]
    axis = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end" and t.text.isdigit()]  # type: ignore[union-attr]
    assert axis == ["0", "100", "200", "300", "400", "500"]
    assert charts.table_rows(chart) == [["March 2019", "2"], ["July 2021", "3"]]


def test_a_chart_with_nothing_to_draw_is_still_a_valid_image():
    for chart in (
        a_bar_chart(bars=[]),
        charts.LineChart(
            name="empty",
            title="Nothing",
            summary="Nobody yet.",
            when_heading="Month",
            value_heading="Count",
            points=[],
        ),
    ):
        root = parsed(charts.svg(chart))
        assert root.find(f"{SVG}desc") is not None
