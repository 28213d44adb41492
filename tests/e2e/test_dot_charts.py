"""Dot, range and arrow plots in the browser (issue 16), on Minnesota's barley yields of
1931 and 1932 (vega-datasets): each drawn at a phone's width and a laptop's, light and
dark, with its gaps written; no serious axe violations; its PNG; its embed resizing."""

import pytest
from django.urls import reverse

from charts.models import ChartType
from tests.e2e.charts import CHARTS, wait_until_drawn, wait_until_still
from tests.e2e.conftest import AXE, BLOCKING, RUN_AXE
from tests.factories import BARLEY_PIVOT, barley_csv, make_article, make_chart, make_dataset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STYLES = ["dots", "range", "arrow"]

# Each drawn chart's gaps as its plugin writes them, and its rows' labels.
GAPS = """
() => Array.from(document.querySelectorAll("[data-chart] canvas")).map((canvas) => {
  const chart = window.Chart.getChart(canvas);
  const written = [];
  const ctx = chart.ctx;
  const fillText = ctx.fillText;
  ctx.fillText = function (text, x, y) {
    written.push({text, x});
    return fillText.apply(this, arguments);
  };
  chart.draw();
  ctx.fillText = fillText;
  return {
    labels: chart.data.labels,
    gaps: written.filter((w) => /^[+\u2212\u00b1]/.test(w.text)).map((w) => w.text),
    right: Math.max(...written.map((w) => w.x)),
    width: canvas.clientWidth,
    plugins: chart.config.plugins.map((p) => p.id),
  };
})
"""


@pytest.fixture
def barley_article(live_server):
    dataset = make_dataset(content=barley_csv(), title="Barley yields in Minnesota")
    charts = [
        make_chart(
            dataset=dataset,
            title=f"Barley yields by site, 1931 and 1932 ({style})",
            chart_type=ChartType.DOT,
            label_column="site",
            value_columns=["1931", "1932"],
            transforms=[BARLEY_PIVOT],
            unit="bu/acre",
            sort="value_desc",
            dot_style=style,
            alt_text="Yields fell at five of six sites; at Morris they rose.",
        )
        for style in STYLES
    ]
    return make_article(charts=charts, title="Barley in Minnesota")


def open_article(open_page, live_server, article, width, scheme, **options):
    page = open_page(width, color_scheme=scheme, reduced_motion="reduce", **options)
    page.goto(live_server.url + article.get_absolute_url())
    wait_until_drawn(page, len(STYLES))
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_dot_range_and_arrow_plots_draw_their_gaps(
    open_page, live_server, barley_article, artifacts_dir, width, scheme
):
    page = open_article(open_page, live_server, barley_article, width, scheme)
    drawn = page.evaluate(CHARTS)
    assert [(d["type"], d["indexAxis"], d["categoryScale"]) for d in drawn] == [
        ("line", "y", "category")
    ] * 3
    assert all(d["painted"] > d["total"] * 0.01 for d in drawn)
    for chart in page.evaluate(GAPS):
        assert chart["plugins"] == ["chartweekGaps", "chartweekMarks"]  # marks: labels.js
        assert chart["labels"][0] == "Morris"  # sorted by the gap: the one rise first
        assert chart["gaps"][0] == "+12.23"  # figures: the axis and tooltips say the unit
        assert chart["gaps"][-1] == "\N{MINUS SIGN}12.48"  # Crookston
        assert chart["right"] < chart["width"]  # every gap inside the canvas
        assert len(chart["gaps"]) == 6
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways at {width} px"
    for style, figure in zip(STYLES, page.locator("figure.chart").all(), strict=True):
        figure.screenshot(path=artifacts_dir / f"dot-{style}-{width}-{scheme}.png")
    assert page.problems == []


def test_the_keyboard_reads_a_value_and_the_gap(open_page, live_server, barley_article):
    page = open_article(open_page, live_server, barley_article, 1280, "light")
    canvas = page.locator("[data-chart] canvas").first
    canvas.focus()
    canvas.press("ArrowDown")  # the first row's second value: 1932
    announce = page.locator("[data-chart-announce]").first
    from playwright.sync_api import expect  # here: without playwright, the browser tests skip

    expect(announce).to_have_text("Morris, 1932: 41.51 bu/acre, Gap: +12.23 bu/acre")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_dot_plots_page_has_no_serious_axe_violations(
    open_page, live_server, barley_article, scheme
):
    # axe is injected as an inline script: only the test's browser may bypass the CSP.
    page = open_article(open_page, live_server, barley_article, 1280, scheme, bypass_csp=True)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    assert [v for v in violations if v["impact"] in BLOCKING] == []


def test_an_arrow_plots_png_downloads(open_page, live_server, barley_article, artifacts_dir):
    page = open_article(open_page, live_server, barley_article, 1280, "light")
    button = page.locator("figure.chart").nth(2).locator("[data-chart-png]").first
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".png")
    saved = artifacts_dir / "dot-arrow-download.png"
    download.save_as(saved)
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_dot_plots_embed_resizes_its_iframe(open_page, live_server, barley_article, host_site):
    from playwright.sync_api import expect  # here: without playwright, the browser tests skip

    chart = barley_article.placements.first().chart
    embed = live_server.url + reverse("charts:embed", args=[chart.pk])
    host = (
        "<!doctype html><html><head><title>Another site</title></head><body>"
        f'<iframe data-chartweek src="{embed}" width="100%" height="480"></iframe>'
        f'<script src="{live_server.url}/static/js/embed-host.js"></script></body></html>'
    )
    page = open_page(360, reduced_motion="reduce")
    host_site.pages["/story.html"] = host
    page.goto(host_site.url + "/story.html")
    inner = page.frame_locator("iframe").locator("html")
    inner.locator(".chart__canvas--drawn").wait_for()
    frame = page.locator("iframe")
    height = inner.evaluate("(html) => Math.ceil(html.getBoundingClientRect().height)")
    assert height != 480
    expect(frame).to_have_attribute("height", str(height))
    page.frame_locator("iframe").locator("summary").click()
    taller = inner.evaluate("(html) => Math.ceil(html.getBoundingClientRect().height)")
    assert taller > height
    expect(frame).to_have_attribute("height", str(taller))


def test_the_api_returns_the_dot_plots_spec(client, barley_article):
    for placement in barley_article.placements.all():
        body = client.get(reverse("api:chart-detail", args=[placement.chart.pk])).json()
        assert body["spec"]["chart_type"] == "dot"
        assert body["spec"]["dots"]["style"] in STYLES
        assert body["spec"]["transforms"] == [BARLEY_PIVOT]


def test_the_builder_offers_dot_plots_and_previews_each_style(
    logged_in, live_server, artifacts_dir
):
    # The barley table already wide: one column per year (a pivot step makes it so too).
    wide = b"site,1931,1932\nMorris,29.29,41.51\nCrookston,43.66,31.18\nDuluth,30.29,25.7\n"
    dataset = make_dataset(content=wide)
    page = logged_in
    page.goto(live_server.url + reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}")
    page.select_option("#id_chart_type", "dot")
    page.select_option("#id_label_column", "site")
    page.check("input[name=value_columns][value='1931']")
    page.check("input[name=value_columns][value='1932']")
    page.wait_for_selector(".chartweek-chart-preview .chart__canvas--drawn")
    assert page.evaluate(GAPS)[0]["gaps"] == ["+12.22", "\N{MINUS SIGN}12.48", "\N{MINUS SIGN}4.59"]
    page.get_by_text("Dots, ranges or arrows (dot plots only)").click()
    page.select_option("#id_dot_style", "arrow")
    page.select_option("#id_sort", "value_desc")
    # Redrawn sorted by the gap, Morris's rise first, as an arrow plot.
    page.wait_for_selector(
        ".chartweek-chart-preview .chart__description:has-text('Arrow plot of 1931 and 1932')",
        state="attached",  # in the closed "Description and data"
    )
    page.wait_for_selector(".chartweek-chart-preview .chart__canvas--drawn")
    drawn = page.evaluate(GAPS)[0]
    assert drawn["labels"] == ["Morris", "Duluth", "Crookston"]
    wait_until_still(page)
    page.locator(".chartweek-chart-preview").screenshot(
        path=artifacts_dir / "dot-builder-arrow.png"
    )
    assert page.problems == []
