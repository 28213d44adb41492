"""Maps and tables as chart types, on the second demo article (issue 16): drawn at a phone's
width and a laptop's in light and dark, no axe violations, the map's PNG, the API spec."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.management.commands.loaddemo import STATES_CHARTS, STATES_SLUG
from charts.models import Chart

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5)}));
}
"""
DRAWN = """
() => {
  const canvas = document.querySelector("figure[data-drawn=map] canvas");
  const chart = canvas && window.Chart.getChart(canvas);
  const table = document.querySelector("[data-table][data-enhanced]");
  return {
    map: chart ? chart.config.type : null,
    shapes: chart ? chart.data.datasets[0].data.length : 0,
    legend: document.querySelectorAll(".map-legend").length,
    tableRows: table ? table.querySelectorAll("tbody tr:not([hidden])").length : 0,
  };
}
"""


@pytest.fixture
def states_url(live_server):
    call_command("loaddemo")
    return live_server.url + reverse("articles:detail", args=[STATES_SLUG])


def open_states(open_page, url, width, scheme, **options):
    page = open_page(width, color_scheme=scheme, reduced_motion="reduce", **options)
    page.goto(url)
    page.wait_for_selector("figure[data-drawn=map]", timeout=30_000)
    page.wait_for_selector("[data-table][data-enhanced]")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_map_and_table_draw_on_the_demo_article(
    open_page, states_url, artifacts_dir, width, scheme
):
    page = open_states(open_page, states_url, width, scheme)
    drawn = page.evaluate(DRAWN)
    assert drawn["map"] == "choropleth"
    assert drawn["shapes"] >= 50  # the states, DC and Puerto Rico
    assert drawn["legend"] == 1
    assert drawn["tableRows"] == 10  # one page of the table
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways at {width} px"
    page.screenshot(path=artifacts_dir / f"map-table-{width}-{scheme}.png", full_page=True)
    assert page.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_map_and_table_page_has_no_axe_violations(open_page, states_url, scheme):
    # axe is injected as an inline script: only the test's browser may bypass the CSP.
    page = open_states(open_page, states_url, 1280, scheme, bypass_csp=True)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    assert violations == []


def test_the_maps_png_downloads(open_page, states_url):
    page = open_states(open_page, states_url, 1280, "light")
    button = page.locator("figure[data-drawn=map] [data-chart-png]").first
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".png")
    assert Path(download.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_api_returns_the_map_and_table_specs(client, states_url):
    charts = Chart.objects.filter(title__in=[spec["title"] for spec in STATES_CHARTS])
    assert charts.count() == 2
    for chart in charts:
        body = client.get(reverse("api:chart-detail", args=[chart.pk])).json()
        assert body["spec"]["chart_type"] in ("map", "table")
        assert body["spec"]["map"] or body["spec"]["table"]
