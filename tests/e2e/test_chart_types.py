"""Every chart type drawn from a fixture dataset, on the article page and the embed page,
at a phone's width and a laptop's."""

import pytest
from django.urls import reverse

from charts.choices import MAP_TABLE_TYPES
from charts.models import ChartType
from tests.e2e.charts import CHARTS, wait_until_drawn
from tests.factories import make_article, make_chart_of_type

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# type: (Chart.js type, [(series, points, drawn as)], category axis, value axis)
# A table, one chart type a row: `# fmt: skip` below keeps each row on one line.
EXPECTED = {
    ChartType.BAR: ("bar", [("exports", 8, None)], "category", "linear"),
    ChartType.HORIZONTAL_BAR: ("bar", [("exports", 8, None)], "category", "linear"),
    ChartType.GROUPED_BAR: (
        "bar", [("exports", 8, None), ("imports", 8, None)], "category", "linear",
    ),
    ChartType.STACKED_BAR: (
        "bar", [("exports", 8, None), ("imports", 8, None)], "category", "linear",
    ),
    ChartType.LINE: ("line", [("north", 24, None), ("south", 24, None)], "time", "linear"),
    ChartType.AREA: ("line", [("north", 24, None), ("south", 24, None)], "time", "linear"),
    ChartType.SCATTER: ("scatter", [("imports", 8, None)], "linear", "linear"),
    ChartType.PIE: ("pie", [("exports", 8, None)], None, None),
    ChartType.DOUGHNUT: ("doughnut", [("imports", 8, None)], None, None),
    ChartType.BAR_LINE: (
        "bar", [("north", 24, None), ("south", 24, "line")], "category", "linear",
    ),
    ChartType.DOT: (
        "line", [("exports", 8, None), ("imports", 8, None)], "category", "linear",
    ),
}  # fmt: skip


@pytest.mark.parametrize("width", [360, 1280])
# Maps and tables draw no Chart.js config of this kind: tests/charts/test_map_table.py.
@pytest.mark.parametrize("chart_type", [t for t in ChartType if t not in MAP_TABLE_TYPES])
def test_chart_type_draws_on_the_article_and_embed_pages(
    open_page, live_server, artifacts_dir, chart_type, width
):
    chart = make_chart_of_type(chart_type)
    article = make_article(charts=[chart])
    page = open_page(width, reduced_motion="reduce")
    kind, series, category_scale, value_scale = EXPECTED[chart_type]
    for name, url in [
        ("article", article.get_absolute_url()),
        ("embed", reverse("charts:embed", args=[chart.pk])),
    ]:
        page.goto(live_server.url + url)
        wait_until_drawn(page, 1)
        [drawn] = page.evaluate(CHARTS)
        assert drawn["instance"], (name, drawn)
        assert drawn["type"] == kind
        assert [(d["label"], d["points"], d["type"]) for d in drawn["datasets"]] == series
        assert drawn["categoryScale"] == category_scale
        assert drawn["valueScale"] == value_scale
        assert drawn["painted"] > drawn["total"] * 0.01, (name, drawn)  # not blank
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the {name} page scrolls sideways at {width} px"
        page.locator("figure.chart").screenshot(
            path=artifacts_dir / f"chart-{chart_type}-{width}-{name}.png"
        )
    assert page.problems == []


def test_vertical_bars_with_long_labels_turn_horizontal_only_on_a_narrow_screen(
    open_page, live_server
):
    chart = make_chart_of_type(ChartType.BAR)
    url = live_server.url + make_article(charts=[chart]).get_absolute_url()
    axes = {}
    for width in (360, 1280):
        page = open_page(width, reduced_motion="reduce")
        page.goto(url)
        wait_until_drawn(page, 1)
        axes[width] = page.evaluate(CHARTS)[0]["indexAxis"]
    assert axes == {360: "y", 1280: "x"}
