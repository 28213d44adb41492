"""A world map drawn from real data: joined on the server, drawn by the browser.

Gapminder's income per person (vega-datasets' copy, CC BY 4.0) names 187
countries its own way; charts/geo.py joins them to the world file's shapes and
static/js/charts/mapdraw.js draws the choropleth with its legend.
"""

import csv
from pathlib import Path

import pytest
from django.conf import settings

from charts.assets import map_addresses
from charts.geo import Boundary, boundary_shapes, join_regions
from tests.e2e import forms_urls

pytestmark = [pytest.mark.e2e, pytest.mark.urls("tests.e2e.forms_urls")]

GAPMINDER = Path(settings.BASE_DIR, "node_modules/vega-datasets/data/gapminder-health-income.csv")
UNEMPLOYMENT = GAPMINDER.with_name("unemployment.tsv")

# Painted pixels and the legend, read in the page.
DRAWN = """
() => {
  const canvas = document.querySelector("[data-map] canvas");
  const chart = window.Chart.getChart(canvas);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
  return {
    type: chart.config.type,
    shapes: chart.getDatasetMeta(0).data.length,
    projection: chart.options.scales.projection.projection,
    painted: painted / (canvas.width * canvas.height),
    legend: Array.from(document.querySelectorAll(".map-legend__item"), (li) => li.textContent),
  };
}
"""


def world_income():
    with open(GAPMINDER, encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    shapes = boundary_shapes(Boundary.WORLD)
    joined = join_regions([row["country"] for row in rows], boundary=Boundary.WORLD, shapes=shapes)
    values = {shape: float(rows[row]["income"]) for row, shape in joined.matched.items()}
    return values, joined


@pytest.fixture
def world_map(live_server):
    values, joined = world_income()
    forms_urls.PAGE["settings"] = {
        "boundary": "world",
        "object": "countries",
        "values": values,
        "scale": {"bins": "quantiles", "count": 5},
        "format": {"style": "currency", "locale": "en-GB", "unit": "USD"},
        "title": "Income per person, 2015",
    }
    forms_urls.PAGE["addresses"] = map_addresses(Boundary.WORLD)
    return live_server.url + "/map/", joined


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (360, "light"), (1280, "dark")])
def test_a_world_map_is_drawn_from_real_data(open_page, world_map, artifacts_dir, width, scheme):
    url, joined = world_map
    page = open_page(width=width, height=800, color_scheme=scheme)
    page.goto(url)
    page.wait_for_selector("body[data-map=drawn]")
    drawn = page.evaluate(DRAWN)
    assert drawn["type"] == "choropleth"
    assert drawn["projection"] == "equalEarth"
    assert drawn["shapes"] == len(boundary_shapes(Boundary.WORLD))
    assert drawn["painted"] > 0.2
    # Five quantile bins, then the shapes Gapminder has no figure for.
    assert len(drawn["legend"]) == 6
    assert drawn["legend"][0].startswith("Under ")
    assert drawn["legend"][-1] == "No data"
    assert len(joined.matched) > 150
    assert page.problems == []
    page.locator("main").screenshot(path=artifacts_dir / f"map-world-{width}-{scheme}.png")


def test_a_symbol_map_puts_a_circle_on_each_country_with_data(
    open_page, live_server, artifacts_dir
):
    with open(GAPMINDER, encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    shapes = boundary_shapes(Boundary.WORLD)
    joined = join_regions([row["country"] for row in rows], boundary=Boundary.WORLD, shapes=shapes)
    values = {shape: int(rows[row]["population"]) for row, shape in joined.matched.items()}
    forms_urls.PAGE["settings"] = {
        "kind": "symbols",
        "boundary": "world",
        "object": "countries",
        "values": values,
        "format": {"style": "compact", "locale": "en-GB", "unit": "people"},
        "title": "Population, 2015",
    }
    forms_urls.PAGE["addresses"] = map_addresses(Boundary.WORLD)
    page = open_page(width=1280, height=800)
    page.goto(live_server.url + "/map/")
    page.wait_for_selector("body[data-map=drawn]")
    drawn = page.evaluate(DRAWN)
    assert drawn["type"] == "bubbleMap"
    assert drawn["shapes"] == len(values)
    assert drawn["legend"] == ["100m", "500m", "1bn", "No circle: no data"]
    assert page.problems == []
    page.locator("main").screenshot(path=artifacts_dir / "map-world-symbols-1280-light.png")


def test_a_us_counties_map_is_drawn_from_fips_codes_that_lost_their_zeros(
    open_page, live_server, artifacts_dir
):
    # vega-datasets' unemployment.tsv (BLS, 2009): counties by FIPS as integers, 1001 for 01001.
    lines = UNEMPLOYMENT.read_text(encoding="utf-8").split()[2:]
    ids, rates = lines[0::2], lines[1::2]
    shapes = boundary_shapes(Boundary.US_COUNTIES)
    joined = join_regions([int(i) for i in ids], boundary=Boundary.US_COUNTIES, shapes=shapes)
    assert len(joined.matched) > 3200
    values = {shape: float(rates[row]) * 100 for row, shape in joined.matched.items()}
    forms_urls.PAGE["settings"] = {
        "boundary": "us-counties",
        "object": "counties",
        "values": values,
        "scale": {"bins": "equal", "count": 6},
        "format": {"style": "percent", "locale": "en-US", "unit": ""},
        "title": "Unemployment rate, 2009",
    }
    forms_urls.PAGE["addresses"] = map_addresses(Boundary.US_COUNTIES)
    page = open_page(width=1280, height=900)
    page.goto(live_server.url + "/map/")
    page.wait_for_selector("body[data-map=drawn]")
    drawn = page.evaluate(DRAWN)
    assert drawn["projection"] == "albersUsa"
    assert drawn["shapes"] == len(shapes)
    assert drawn["legend"][0].startswith("Under ")
    assert drawn["legend"][0].endswith("%")
    assert page.problems == []
    page.locator("main").screenshot(path=artifacts_dir / "map-us-counties-1280-light.png")


def test_pages_fetch_the_boundary_file_only_for_a_map(page, world_map):
    url, _ = world_map
    page.goto(url)
    page.wait_for_selector("body[data-map=drawn]")
    fetched = [address for address in page.requests if "world-atlas" in address]
    assert fetched == [page.url.split("/map/")[0] + map_addresses(Boundary.WORLD)["boundary"]]
