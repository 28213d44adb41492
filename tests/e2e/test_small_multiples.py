"""Small multiples on real data (vega-datasets' stocks.csv, one panel per company): drawn at
a phone's width and a laptop's in light and dark, a highlight that carries across panels by
mouse and keyboard, no serious axe violations, the PNG, the embed that sizes its iframe, and
the API's spec (issue 16)."""

import struct

import pytest
from django.urls import reverse

from charts.models import ChartType
from tests.e2e.charts import embed_code
from tests.e2e.conftest import AXE, BLOCKING, RUN_AXE
from tests.factories import (
    STOCKS_CSV,
    make_article,
    make_chart,
    make_chart_of_type,
    make_dataset,
    make_stocks_multiples,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SYMBOLS = ["MSFT", "AMZN", "IBM", "GOOG", "AAPL"]
DRAWN = """
() => {
  const container = document.querySelector("figure[data-drawn=facets] [data-facets]");
  const charts = Array.from(container.querySelectorAll("canvas")).map((c) => Chart.getChart(c));
  const box = (el) => el.getBoundingClientRect();
  const tops = Array.from(container.querySelectorAll(".facets__panel")).map((p) => box(p).top);
  return {
    panels: charts.filter(Boolean).length,
    titles: Array.from(container.querySelectorAll(".facets__title")).map((t) => t.textContent),
    columns: Number(container.dataset.columns),
    firstRow: tops.filter((top) => Math.abs(top - tops[0]) < 2).length,
    yMax: charts.map((chart) => chart.scales.y.max),
    xMin: charts.map((chart) => chart.scales.x.min),
    legend: container.querySelectorAll(".facets__legend-item").length,
    width: box(container).width,
    margins: [box(container.closest("figure")).left,
      document.documentElement.clientWidth - box(container.closest("figure")).right],
  };
}
"""
TOOLTIPS = """
() => Array.from(document.querySelectorAll("[data-facets] canvas"))
  .map((c) => Chart.getChart(c).tooltip.getActiveElements().length)
"""


@pytest.fixture
def stocks_url(live_server):
    article = make_article(charts=[make_stocks_multiples()], title="Five share prices")
    return live_server.url + article.get_absolute_url()


def open_multiples(open_page, url, width=1280, scheme="light", **options):
    page = open_page(width, color_scheme=scheme, reduced_motion="reduce", **options)
    page.goto(url)
    page.wait_for_selector("figure[data-drawn=facets]", timeout=60_000)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_small_multiples_draw_one_panel_per_company(
    open_page, stocks_url, artifacts_dir, width, scheme
):
    page = open_multiples(open_page, stocks_url, width, scheme)
    drawn = page.evaluate(DRAWN)
    assert drawn["panels"] == 5
    assert drawn["titles"] == SYMBOLS
    assert drawn["legend"] == 1  # one legend for all the panels
    if width == 360:
        assert drawn["columns"] == drawn["firstRow"] == 1
    else:
        assert drawn["columns"] == drawn["firstRow"] >= 3
        assert drawn["width"] > 900  # the figure leaves the text's measure at a laptop's width
        left, right = drawn["margins"]
        assert abs(left - right) <= 2  # centred on the page
    # A shared scale: every panel's value axis and date axis span the same.
    assert len(set(drawn["yMax"])) == 1
    assert drawn["yMax"][0] >= 707  # GOOG's peak
    assert len(set(drawn["xMin"])) == 1  # GOOG's panel starts in 2000 too, not 2004
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways at {width} px"
    page.locator("figure[data-drawn=facets]").screenshot(
        path=artifacts_dir / f"small-multiples-{width}-{scheme}.png"
    )
    assert page.problems == []


def test_only_pages_with_small_multiples_load_their_module(open_page, live_server, stocks_url):
    page = open_multiples(open_page, stocks_url)
    assert any(url.endswith("/facetdraw.js") for url in page.requests)
    other = make_article(charts=[make_chart_of_type(ChartType.LINE)])
    page = open_page(1280)
    page.goto(live_server.url + other.get_absolute_url())
    page.wait_for_selector(".chart__canvas--drawn")
    assert not any("facet" in url for url in page.requests)


def test_a_hovered_point_is_shown_in_every_panel(open_page, stocks_url):
    page = open_multiples(open_page, stocks_url)
    first = page.locator("[data-facets] canvas").first
    box = first.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
    assert page.evaluate(TOOLTIPS) == [1, 1, 1, 1, 1]
    page.mouse.move(1, 1)
    assert page.evaluate(TOOLTIPS) == [0, 0, 0, 0, 0]


def test_the_keyboard_reads_along_a_panel_and_across_panels(open_page, stocks_url):
    from playwright.sync_api import expect

    page = open_multiples(open_page, stocks_url)
    grid = page.locator("[data-facets-grid]")
    grid.focus()
    announce = page.locator("[data-facets] [data-chart-announce]")
    page.keyboard.press("ArrowRight")
    expect(announce).to_contain_text("MSFT: ")
    expect(announce).to_contain_text("Jan 2000")
    page.keyboard.press("ArrowDown")
    expect(announce).to_contain_text("AMZN: ")
    expect(announce).to_contain_text("Jan 2000")  # the same month, in the next panel
    assert page.evaluate(TOOLTIPS) == [1, 1, 1, 0, 1]  # GOOG has no January 2000
    page.keyboard.press("Escape")
    expect(announce).to_have_text("")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_small_multiples_page_has_no_serious_axe_violations(open_page, stocks_url, scheme):
    # axe is injected as an inline script: only the test's browser may bypass the CSP.
    page = open_multiples(open_page, stocks_url, 1280, scheme, bypass_csp=True)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    assert [v for v in violations if v["impact"] in BLOCKING] == []


def test_the_png_holds_every_panel(open_page, stocks_url, artifacts_dir):
    page = open_multiples(open_page, stocks_url, 1280)
    button = page.locator("figure[data-drawn=facets] [data-chart-png]").first
    with page.expect_download() as info:
        button.click()
    path = artifacts_dir / "small-multiples-download.png"
    info.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    grid = page.locator("[data-facets]").bounding_box()
    assert width >= 2 * grid["width"]  # at twice the page's pixels, all the panels
    assert height >= 2 * grid["height"]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_embed_sizes_its_iframe_to_the_panels(
    open_page, live_server, host_site, stocks_url, width
):
    from playwright.sync_api import expect

    page = open_page(width, reduced_motion="reduce")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    code = embed_code(page, stocks_url)
    host_site.pages["/story.html"] = (
        "<!doctype html><html><head><title>Another site</title></head><h1>Elsewhere</h1>"
        f"{code}<p>After the chart.</p>"
    )
    page.goto(host_site.url + "/story.html")
    inner = page.frame_locator("iframe").locator("html")
    inner.locator("figure[data-drawn=facets]").wait_for(timeout=60_000)
    height = inner.evaluate("(html) => Math.ceil(html.getBoundingClientRect().height)")
    expect(page.locator("iframe")).to_have_attribute("height", str(height))
    if width == 360:
        assert height > 1000  # five panels, one above the other
    assert page.problems == []


def test_the_api_returns_the_small_multiples_spec(client):
    chart = make_stocks_multiples()
    make_article(charts=[chart])
    body = client.get(reverse("api:chart-detail", args=[chart.pk])).json()
    assert body["spec"]["facet"] == {"by": "column", "column": "symbol", "scale": "shared"}
    panels = body["chartjs"]["facets"]["panels"]
    assert [p["title"] for p in panels] == SYMBOLS


def test_the_builder_offers_and_previews_small_multiples(logged_in, live_server, artifacts_dir):
    page = logged_in
    dataset = make_stocks_multiples().dataset
    page.goto(live_server.url + reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}")
    page.select_option("#id_chart_type", "line")
    page.select_option("#id_label_column", "date")
    page.check("input[name=value_columns][value=price]")
    page.get_by_text("Small multiples (bar, line and area charts)").click()
    page.select_option("#id_facet_by", "column")
    page.select_option("#id_facet_column", "symbol")
    preview = page.locator(".chartweek-chart-preview figure[data-drawn=facets]")
    preview.locator(".facets__panel").nth(4).wait_for(timeout=60_000)
    assert preview.locator(".facets__title").all_inner_texts() == SYMBOLS
    page.check("input[name=_preview_width][value=phone]")
    page.wait_for_selector("[data-preview-frame][data-drawn='phone light']")
    assert preview.locator("[data-facets]").get_attribute("data-columns") == "1"
    page.locator("[data-preview-frame]").screenshot(path=artifacts_dir / "builder-multiples.png")
    # The desktop preview on a wide screen lays the panels out side by side (at 1280 px the
    # admin's sidebar and labels leave the preview about 420 px: one column).
    page.set_viewport_size({"width": 1920, "height": 1000})
    page.check("input[name=_preview_width][value=desktop]")
    page.wait_for_selector("[data-preview-frame][data-drawn='desktop light']")
    assert int(preview.locator("[data-facets]").get_attribute("data-columns")) >= 2
    page.locator("[data-preview-frame]").screenshot(
        path=artifacts_dir / "builder-multiples-desktop.png"
    )
    assert page.problems == []


SECTORS = [
    "construction",
    "manufacturing",
    "retail_trade",
    "information",
    "leisure_and_hospitality",
]


def test_one_panel_per_series_on_free_scales(open_page, live_server, artifacts_dir):
    # vega-datasets' us-employment.csv: wide, a column per sector, monthly 2006–2015.
    content = (STOCKS_CSV.parent / "us-employment.csv").read_bytes()
    dataset = make_dataset(content=content, name="us-employment.csv", title="US jobs")
    chart = make_chart(
        dataset=dataset,
        title="Jobs by sector",
        chart_type=ChartType.AREA,
        label_column="month",
        value_columns=SECTORS,
        facet_by="series",
        facet_scale="free",
        unit="thousand jobs",
        alt_text="Jobs in five sectors, month by month, each on its own scale.",
    )
    article = make_article(charts=[chart])
    page = open_multiples(open_page, live_server.url + article.get_absolute_url())
    drawn = page.evaluate(DRAWN)
    assert drawn["titles"] == SECTORS
    assert drawn["legend"] == len(SECTORS)
    assert len(set(drawn["yMax"])) > 1  # free: each panel its own span
    page.locator("figure[data-drawn=facets]").screenshot(
        path=artifacts_dir / "small-multiples-series-1280.png"
    )
    assert page.problems == []
