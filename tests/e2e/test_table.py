"""A long table from real data: rendered by the server, sorted, searched and paged in Chromium.

Gapminder's health and income figures for 187 countries (vega-datasets' copy,
CC BY 4.0), through charts/tables.py and static/js/charts/table.js.
"""

import csv
import json
from pathlib import Path

import pytest
from django.conf import settings

from charts.tables import data_table
from tests.e2e import forms_urls
from tests.e2e.conftest import AXE, BLOCKING, RUN_AXE

pytestmark = [pytest.mark.e2e, pytest.mark.urls("tests.e2e.forms_urls")]

GAPMINDER = Path(settings.BASE_DIR, "node_modules/vega-datasets/data/gapminder-health-income.csv")


@pytest.fixture
def table_url(live_server):
    with open(GAPMINDER, encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    forms_urls.PAGE["table"] = data_table(
        caption="Income and life expectancy, 2015",
        header=["Country", "Income per person", "Life expectancy", "Region"],
        rows=[[r["country"], int(r["income"]), float(r["health"]), r["region"]] for r in rows],
        types=["string", "integer", "number", "string"],
        number_format="grouped",
        styles={"Income per person": "bar", "Life expectancy": "heat"},
    )
    return live_server.url + "/table/"


def first_column(page):
    return page.locator("tbody tr:not([hidden]) th").all_text_contents()


def test_a_long_table_sorts_searches_and_pages(open_page, table_url):
    page = open_page(width=1280)
    page.goto(table_url)
    page.wait_for_selector("body[data-table=enhanced]")
    assert page.locator("tbody tr:not([hidden])").count() == 25
    assert page.locator(".data-table__status").text_content() == "Rows 1–25 of 187"

    income = page.locator("thead th").nth(1)
    income.locator("button").click()
    assert income.get_attribute("aria-sort") == "ascending"
    income.locator("button").click()
    assert income.get_attribute("aria-sort") == "descending"
    assert first_column(page)[:2] == ["Qatar", "Luxembourg"]

    page.click("text=Next")
    assert page.locator(".data-table__status").text_content() == "Rows 26–50 of 187"

    page.fill(".data-table__search-box", "cote")
    assert first_column(page) == ["Cote d'Ivoire"]
    page.fill(".data-table__search-box", "zzz")
    assert page.locator(".data-table__status").text_content() == "No rows match."
    assert page.problems == []


def test_numeric_cells_carry_bars_and_heat(open_page, table_url):
    page = open_page(width=1280)
    page.goto(table_url)
    page.wait_for_selector("body[data-table=enhanced]")
    assert page.locator("td.data-table__bar").count() == 187
    heat = page.locator("tbody tr td").nth(1).evaluate("(td) => td.style.backgroundColor")
    assert heat.startswith("rgba(63, 127, 174")


@pytest.mark.parametrize(("width", "scheme"), [(360, "light"), (1280, "light"), (360, "dark")])
def test_the_table_reads_at_360_px_with_a_sticky_header_and_no_axe_violations(
    browser, table_url, artifacts_dir, width, scheme
):
    context = browser.new_context(
        viewport={"width": width, "height": 700}, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    page.goto(table_url)
    page.wait_for_selector("body[data-table=enhanced]")
    # The page never scrolls sideways: the table scrolls within its region.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    region = page.locator(".data-table__scroll")
    region.evaluate("(el) => { el.scrollTop = 400; }")
    tops = region.evaluate(
        "(el) => [el, el.querySelector('thead th')].map((e) => e.getBoundingClientRect().top)"
    )
    assert abs(tops[0] - tops[1]) < 2  # the header stays at the top of the scrolled table
    page.locator("main").screenshot(path=artifacts_dir / f"table-{width}-{scheme}.png")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    context.close()
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], json.dumps(blocking, indent=2)
