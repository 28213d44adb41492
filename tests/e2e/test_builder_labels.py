"""The builder's series rows and highlight list, with real public tables (vega-datasets):
a name beside each value column (the dataset's title as its placeholder), bars or line
beside each in a bars-and-lines chart, and several labels ticked to highlight."""

from pathlib import Path

import pytest
from django.urls import reverse

from charts.models import Chart, ChartType
from tests.e2e.charts import wait_until_still
from tests.factories import make_dataset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).resolve().parents[2] / "node_modules" / "vega-datasets" / "data"
MUTED = "#8A8A8A"

PREVIEW = """() => {
  const preview = document.querySelector('.chartweek-chart-preview');
  const chart = Chart.getChart(preview.querySelector('canvas'));
  return {
    series: chart.data.datasets.map((d) => d.label),
    kinds: chart.data.datasets.map((d) => d.type || chart.config.type),
    colours: chart.data.datasets.map((d) => d.backgroundColor),
    headers: Array.from(preview.querySelectorAll('thead th')).map((th) => th.textContent),
  };
}"""


def drawn(page, series_text):
    """Wait until the preview's data table heads a column `series_text`, drawn; read it."""
    preview = page.locator(".chartweek-chart-preview")
    preview.locator("thead th", has_text=series_text).wait_for(state="attached", timeout=60_000)
    preview.locator(".chart__canvas--drawn").wait_for(timeout=60_000)
    return page.evaluate(PREVIEW)


def shoot(page, artifacts_dir, name):
    """The builder's What to plot part at 1280 px and 360 px, light and dark."""
    fieldset = page.locator("fieldset", has=page.locator(".field-value_columns"))
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            fieldset.screenshot(path=artifacts_dir / f"{name}-{width}-{theme}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme="light")
    wait_until_still(page)
    page.locator(".chartweek-chart-preview").screenshot(path=artifacts_dir / f"{name}-preview.png")


def test_series_are_named_and_drawn_as_bars_or_lines_beside_their_columns(
    logged_in, live_server, artifacts_dir
):
    page = logged_in
    dataset = make_dataset(content=(DATA / "us-employment.csv").read_bytes())
    dataset.column_notes = {
        "construction": {"title": "Construction", "unit": "thousand jobs"},
        "manufacturing": {"title": "Manufacturing", "unit": "thousand jobs"},
    }
    dataset.save()
    page.goto(live_server.url + reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}")
    page.select_option("#id_chart_type", "bar_line")
    page.select_option("#id_label_column", "month")
    page.check("input[name=value_columns][value=construction]")
    page.check("input[name=value_columns][value=manufacturing]")
    rows = {
        column: page.locator("[data-series-row]", has=page.locator(f"[value={column}]"))
        for column in ("construction", "manufacturing", "mining_and_logging")
    }
    # A ticked column shows its name, the dataset's title as placeholder; an unticked one not.
    name = rows["manufacturing"].locator("input[name=series_name]")
    assert name.get_attribute("placeholder") == "Manufacturing"
    assert rows["mining_and_logging"].locator("input[name=series_name]").is_hidden()
    # Bars or line: beside each column, for this chart type only.
    rows["manufacturing"].locator("select[name=series_kind]").select_option("line")
    name.fill("Factory jobs")
    chart = drawn(page, "Factory jobs")
    assert chart["series"] == ["Construction", "Factory jobs"]
    assert chart["kinds"] == ["bar", "line"]
    assert chart["headers"] == [
        "month",
        "Construction (thousand jobs)",
        "Factory jobs (thousand jobs)",
    ]
    shoot(page, artifacts_dir, "builder-series")
    page.select_option("#id_chart_type", "grouped_bar")
    assert rows["manufacturing"].locator("select[name=series_kind]").is_hidden()
    page.select_option("#id_chart_type", "bar_line")

    page.fill("#id_title", "Construction and factory jobs")
    page.fill("#id_alt_text", "Bars of construction jobs and a line of factory jobs by month.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success", timeout=60_000)
    spec = Chart.objects.get().spec
    assert [(s.column, s.name, s.kind) for s in spec.series] == [
        ("construction", "", "bar"),
        ("manufacturing", "Factory jobs", "line"),
    ]
    assert page.problems == []


def test_several_labels_are_ticked_to_highlight_from_the_label_columns_values(
    logged_in, live_server, artifacts_dir
):
    page = logged_in
    dataset = make_dataset(content=(DATA / "population_engineers_hurricanes.csv").read_bytes())
    page.goto(live_server.url + reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}")
    page.select_option("#id_chart_type", ChartType.HORIZONTAL_BAR)
    page.select_option("#id_label_column", "state")
    page.select_option("#id_sort", "value_desc")
    page.check("input[name=value_columns][value=hurricanes]")
    # The preview lists the label column's values to tick.
    highlight = page.locator("#id_highlight")
    highlight.get_by_label("Florida").wait_for(timeout=60_000)
    assert highlight.locator("input[type=checkbox]").count() == 52  # 50 states, DC, Puerto Rico
    highlight.get_by_label("Florida").check()
    highlight.get_by_label("Texas").check()
    page.get_by_label("Name readers see for hurricanes").fill("Hurricanes since 1851")
    chart = drawn(page, "Hurricanes since 1851")
    colours = chart["colours"][0]
    assert sum(colour != MUTED for colour in colours) == 2
    shoot(page, artifacts_dir, "builder-highlight")

    page.fill("#id_title", "Florida and Texas take the most hurricanes")
    page.fill("#id_alt_text", "Bars of hurricanes by state; Florida and Texas are highlighted.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success", timeout=60_000)
    assert Chart.objects.get().spec.highlight == ["Florida", "Texas"]
    assert page.problems == []
