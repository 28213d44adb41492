"""Labels written on charts (static/js/charts/labels.js), as readers see them at a
phone's width and a laptop's, light and dark: values on bars, names at the lines'
ends, each inside the canvas and clear of one another."""

import pytest

from charts.models import ChartType
from tests.e2e.charts import wait_until_drawn, wait_until_still
from tests.factories import make_article, make_chart_of_type

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What the marks plugin wrote on the page's first chart, and where it could.
WRITTEN = """
() => {
  const chart = window.Chart.getChart(document.querySelector("[data-chart] canvas"));
  return {
    marks: chart.chartweekMarks,
    bars: chart.data.datasets.reduce((sum, d) => sum + d.data.length, 0),
    width: chart.width,
    area: chart.chartArea,
    legend: chart.options.plugins.legend.display,
  };
}
"""


def read_marks(page, live_server, chart, shot):
    """The chart published alone, drawn and still, its figure saved to `shot`: WRITTEN."""
    page.goto(live_server.url + make_article(charts=[chart]).get_absolute_url())
    wait_until_drawn(page, 1)
    wait_until_still(page)
    page.locator("figure").first.screenshot(path=shot)
    return page.evaluate(WRITTEN)


@pytest.mark.parametrize(
    ("chart_type", "option"),
    [
        (ChartType.HORIZONTAL_BAR, "value_labels"),
        (ChartType.BAR, "value_labels"),
        (ChartType.GROUPED_BAR, "value_labels"),
        (ChartType.LINE, "direct_labels"),
    ],
)
@pytest.mark.parametrize(("width", "scheme"), [(360, "light"), (1280, "light"), (360, "dark")])
def test_labels_on_the_chart_fit_at_every_width(
    open_page, live_server, artifacts_dir, chart_type, option, width, scheme
):
    chart = make_chart_of_type(chart_type, title="With labels", **{option: True})
    page = open_page(width, reduced_motion="reduce", color_scheme=scheme)
    shot = artifacts_dir / f"marks-{chart_type}-{width}-{scheme}.png"
    written = read_marks(page, live_server, chart, shot)
    marks = written["marks"]
    if option == "value_labels":
        # Every bar's value is written, or dropped for want of room; never squeezed.
        assert marks["values"] + marks["dropped"] == written["bars"]
        assert marks["values"] >= written["bars"] // 2, marks
        if chart_type == ChartType.HORIZONTAL_BAR or (chart_type, width) == (ChartType.BAR, 1280):
            assert marks["dropped"] == 0, marks
    else:
        assert written["legend"] is False
        names = sorted(marks["names"], key=lambda n: n["y"])
        assert [n["name"] for n in names] == ["north", "south"] or len(names) == 2
        assert all(n["right"] <= written["width"] for n in names), (names, written["width"])
        assert names[1]["y"] - names[0]["y"] >= 14  # nudged apart, one line each
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways at {width} px"
    assert page.problems == []


NOTES = [
    {
        "kind": "text",
        "at": "2024-11-01",
        "text": "The new line opened, and riders came from both ends",
    },
    {"kind": "text", "at": "2023-06-01", "until": "2023-09-01", "text": "Summer works"},
]


@pytest.mark.parametrize(("width", "scheme"), [(360, "light"), (1280, "light"), (360, "dark")])
def test_text_annotations_stay_inside_the_chart_with_their_arrow_or_bracket(
    open_page, live_server, artifacts_dir, width, scheme
):
    chart = make_chart_of_type(ChartType.LINE, title="With notes", annotations=NOTES)
    page = open_page(width, reduced_motion="reduce", color_scheme=scheme)
    written = read_marks(
        page, live_server, chart, artifacts_dir / f"marks-notes-{width}-{scheme}.png"
    )
    point, period = written["marks"]["notes"]
    area = written["area"]
    for note in (point, period):
        box = note["box"]
        assert area["left"] <= box["left"] <= box["left"] + box["width"] <= area["right"]
        assert area["top"] <= box["top"] <= box["top"] + box["height"] <= area["bottom"]
    # The last month's note is pulled left, inside the chart; its arrow still ends at it.
    assert point["to"]["x"] > point["box"]["left"] + point["box"]["width"] / 2
    assert period["bracket"]["end"] > period["bracket"]["start"]
    assert page.problems == []
