"""Issue 15's journeys: real public tables, uploaded and charted through the admin as an editor.

The data is vega-datasets' (npm, node_modules/vega-datasets/data): nobody here
wrote it. Each journey uploads a file through the dataset form, makes a chart of
it with the steps editor (plain fields, one-click suggestions), saves it, and
reads it published at 360 and 1280 px (screenshots in test-artifacts/). The
editor's steps are counted in each test's docstring.
"""

from itertools import pairwise
from pathlib import Path

import pytest

from charts.models import Chart
from charts.plotted import plotted_table
from tests.e2e.conftest import upload_in_admin
from tests.factories import make_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).resolve().parents[2] / "node_modules" / "vega-datasets" / "data"


def upload(page, live_server, *, file, title):
    upload_in_admin(page, live_server, DATA / file, title=title, source_name="vega-datasets")
    page.wait_for_selector(".chartweek-preview")
    page.click("text=Make a chart from this dataset")
    page.wait_for_selector("[data-steps][data-steps-ready]")


def add_step(page, op, **fields):
    """Choose an operation in "Add a step" and fill its fields (in the newest step)."""
    page.select_option("[data-steps-new]", op)
    step = page.locator(".chartweek-step").last
    for key, value in fields.items():
        field = step.locator(f"[data-step-field={key}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(str(value))
        elif field.get_attribute("type") == "checkbox":
            field.set_checked(bool(value))
        else:
            field.fill(str(value))


def step_result(page, number):
    return page.locator(f"[data-step-result='{number}']")


def save(page, title):
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    return Chart.objects.get(title=title)


def published_shots(open_page, live_server, artifacts_dir, chart, name):
    article = make_article(charts=[chart], title=f"Journey: {chart.title}")
    for width in (360, 1280):
        reader = open_page(width=width, reduced_motion="reduce")  # no half-grown bars
        reader.goto(live_server.url + article.get_absolute_url())
        reader.wait_for_selector(".chart__canvas--drawn")
        reader.screenshot(path=artifacts_dir / f"journey-{name}-{width}.png", full_page=True)
        assert reader.problems == []


def test_long_format_prices_become_one_line_per_company(
    logged_in, live_server, open_page, artifacts_dir
):
    """Editor's steps: upload (4 fields + save), title, type, label, one-click pivot,
    tick 5 series, alt text, save: 15 actions, no spreadsheet."""
    page = logged_in
    upload(page, live_server, file="stocks.csv", title="Stock prices")
    page.fill("#id_title", "Five tech shares since 2000")
    page.select_option("#id_chart_type", "line")
    page.select_option("#id_label_column", "date")
    suggestion = page.get_by_role("button", name="pivot by “symbol”")
    suggestion.click()
    step_result(page, 1).get_by_text("123 rows × 6 columns").wait_for(timeout=60_000)
    for symbol in ("AAPL", "AMZN", "GOOG", "IBM", "MSFT"):
        page.check(f"input[name=value_columns][value={symbol}]")
    page.fill("#id_alt_text", "Apple's price rises far above the others after 2005.")
    page.wait_for_selector(".chartweek-chart-preview .chart__canvas--drawn")
    page.screenshot(path=artifacts_dir / "journey-prices-builder.png", full_page=True)
    chart = save(page, "Five tech shares since 2000")
    assert [s.op for s in chart.spec.transforms] == ["pivot"]
    header = plotted_table(chart).header
    assert header[0] == "date"
    assert sorted(header[1:]) == ["AAPL", "AMZN", "GOOG", "IBM", "MSFT"]
    assert page.problems == []
    published_shots(open_page, live_server, artifacts_dir, chart, "prices")


def test_one_row_per_event_becomes_counted_bars_top_10_and_other(
    logged_in, live_server, open_page, artifacts_dir
):
    """Editor's steps: upload (4 + save), title, type, label, one-click group-and-count,
    add sort (1 choice), add top N (1 choice, defaults 10 + Other), tick count, alt, save."""
    page = logged_in
    upload(page, live_server, file="la-riots.csv", title="Deaths in the 1992 LA riots")
    page.fill("#id_title", "Deaths by neighbourhood")
    page.select_option("#id_chart_type", "horizontal_bar")
    page.select_option("#id_label_column", "neighborhood")
    # There are numbers (age, coordinates), so the count is a step chosen by hand.
    add_step(page, "group", by="neighborhood")
    add_step(page, "sort", column="count")
    add_step(page, "top")
    step_result(page, 3).get_by_text("11 rows × 2 columns").wait_for(timeout=60_000)
    page.check("input[name=value_columns][value=count]")
    page.fill("#id_alt_text", "Most deaths were in a handful of neighbourhoods.")
    chart = save(page, "Deaths by neighbourhood")
    table = plotted_table(chart)
    assert len(table.rows) == 11
    assert table.rows[-1][0] == "Other"
    counts = [row[1] for row in table.rows[:10]]
    assert counts == sorted(counts, reverse=True)
    assert page.problems == []
    published_shots(open_page, live_server, artifacts_dir, chart, "events")


def test_wide_sectors_become_ranked_bars_of_the_latest_month_in_millions(
    logged_in, live_server, open_page, artifacts_dir
):
    """Editor's steps: upload (4 + save), title, type, filter (2 fields), transpose,
    rescale (unit), sort, label, tick the month, alt, save."""
    page = logged_in
    upload(page, live_server, file="us-employment.csv", title="US employment by sector")
    page.fill("#id_title", "Jobs by sector, December 2015")
    page.select_option("#id_chart_type", "horizontal_bar")
    add_step(page, "filter", column="month", value="2015-12-01")
    add_step(page, "transpose", name="sector")
    add_step(page, "rescale", divide_by=1000, unit="million jobs")
    add_step(page, "sort", column="2015-12-01")
    step_result(page, 4).get_by_text("23 rows × 2 columns").wait_for(timeout=60_000)
    page.select_option("#id_label_column", "sector")
    page.check("input[name=value_columns][value='2015-12-01']")
    page.fill("#id_alt_text", "Service providers employ the most.")
    chart = save(page, "Jobs by sector, December 2015")
    assert chart.spec.shown_format.unit == "million jobs"
    table = plotted_table(chart)
    assert table.rows[0][0] == "nonfarm"
    assert 140 < table.rows[0][1] < 150
    assert page.problems == []
    published_shots(open_page, live_server, artifacts_dir, chart, "sectors")


# The chart as drawn on a public page: what the legend, the marks and the reader's
# description say (evaluated in the page; no eval of strings, so the CSP allows it).
DRAWN_MARKS = """
() => {
  const canvas = document.querySelector("[data-chart] canvas");
  const chart = window.Chart.getChart(canvas);
  return {
    legend: chart.options.plugins.legend.display,
    plugins: chart.config.plugins.map((p) => p.id),
    padding: chart.options.layout.padding.right,
    areaRight: chart.chartArea.right,
    width: chart.width,
    names: chart.data.datasets.map((d) => d.label),
    area: chart.chartArea,
    marks: chart.chartweekMarks,
  };
}
"""


def test_a_time_series_with_a_note_on_one_date_and_names_at_the_lines_ends(
    logged_in, live_server, open_page, artifacts_dir
):
    """Editor's steps: upload (4 fields + save), title, type, label, one-click pivot,
    tick 5 series, open "Text annotation", its date, its words, tick "Names at the
    lines' ends", alt text, save: 20 actions, no spreadsheet."""
    page = logged_in
    upload(page, live_server, file="stocks.csv", title="Stock prices, monthly")
    page.fill("#id_title", "Tech shares through the 2008 crash")
    page.select_option("#id_chart_type", "line")
    page.select_option("#id_label_column", "date")
    page.get_by_role("button", name="pivot by “symbol”").click()
    step_result(page, 1).get_by_text("123 rows × 6 columns").wait_for(timeout=60_000)
    for symbol in ("AAPL", "AMZN", "GOOG", "IBM", "MSFT"):
        page.check(f"input[name=value_columns][value={symbol}]")
    page.get_by_text("Text annotation (optional)").click()
    assert "YYYY-MM-DD" in page.locator("#id_note_at_helptext").inner_text()
    page.fill("#id_note_at", "2008-09-01")
    page.fill("#id_note_text", "Lehman Brothers collapses; every share falls")
    page.check("#id_direct_labels")
    page.fill("#id_alt_text", "Apple's price rises far above the others, through the crash.")
    page.wait_for_selector(".chartweek-chart-preview .chart__canvas--drawn")
    page.screenshot(path=artifacts_dir / "journey-notes-builder.png", full_page=True)
    chart = save(page, "Tech shares through the 2008 crash")
    assert [note.model_dump() for note in chart.spec.annotations] == [
        {
            "kind": "text",
            "at": "2008-09-01",
            "until": None,
            "value": None,
            "text": "Lehman Brothers collapses; every share falls",
        }
    ]
    assert chart.spec.labels.line_ends is True
    assert page.problems == []

    article = make_article(charts=[chart], title="Journey: the 2008 crash")
    for width, scheme in ((360, "light"), (1280, "light"), (360, "dark")):
        reader = open_page(width=width, reduced_motion="reduce", color_scheme=scheme)
        reader.goto(live_server.url + article.get_absolute_url())
        reader.wait_for_selector(".chart__canvas--drawn")
        suffix = "" if scheme == "light" else "-dark"
        reader.screenshot(path=artifacts_dir / f"journey-notes-{width}{suffix}.png", full_page=True)
        drawn = reader.evaluate(DRAWN_MARKS)
        assert drawn["legend"] is False  # the names at the lines' ends stand in for it
        assert drawn["plugins"] == ["chartweekMarks"]
        assert sorted(drawn["names"]) == ["AAPL", "AMZN", "GOOG", "IBM", "MSFT"]
        # Room kept right of the lines for their names, inside the canvas.
        assert drawn["width"] - drawn["areaRight"] >= drawn["padding"] >= 4 * 7
        # Every name written whole (they are short) inside the canvas, one line apart.
        written = sorted(drawn["marks"]["names"], key=lambda n: n["y"])
        assert sorted(n["name"] for n in written) == sorted(drawn["names"])
        assert all(n["right"] <= drawn["width"] for n in written)
        assert all(b["y"] - a["y"] >= 14 for a, b in pairwise(written))
        # The note, wrapped, inside the chart area, its arrow ending at its date.
        [note] = drawn["marks"]["notes"]
        box, area = note["box"], drawn["area"]
        assert area["left"] <= box["left"] <= box["left"] + box["width"] <= area["right"]
        assert area["top"] <= box["top"] <= box["top"] + box["height"] <= area["bottom"]
        assert len(note["lines"]) >= (2 if width == 360 else 1)
        description = reader.locator(".chart__description").first.text_content()
        assert "Lehman Brothers collapses; every share falls" in description
        assert "1 September 2008" in description
        assert reader.problems == []
