from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.management.commands.loaddemo import ARTICLE_SLUG
from tests.e2e.charts import CHARTS, wait_until_drawn, wait_until_still

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_url(live_server):
    call_command("loaddemo")
    return live_server.url + reverse("articles:detail", args=[ARTICLE_SLUG])


def test_demo_article_draws_every_chart_with_no_console_errors(page, demo_url, artifacts_dir):
    page.goto(demo_url)
    wait_until_drawn(page, 3)
    wait_until_still(page)  # the entry animation finished: its pixels are final
    charts = page.evaluate(CHARTS)
    assert len(charts) == 3
    for chart in charts:
        assert chart["instance"], charts
        assert chart["type"] == "bar"
        assert chart["painted"] > chart["total"] * 0.02, charts  # bars, axes and labels
    assert page.problems == []
    page.screenshot(path=artifacts_dir / "demo-article-1280.png", full_page=True)


def test_demo_article_has_a_data_table_per_chart_and_makes_no_third_party_request(
    page, demo_url, live_server
):
    page.goto(demo_url)
    page.wait_for_selector(".chart__canvas--drawn")
    tables = page.locator("figure.chart table")
    assert tables.count() == 3
    assert "9,660" in tables.nth(0).text_content()
    # Drawn charts fold their table away, one click from view.
    summary = page.locator("figure.chart summary").first
    assert not tables.nth(0).is_visible()
    summary.click()
    assert tables.nth(0).is_visible()
    assert all(url.startswith(live_server.url) for url in page.requests), page.requests


def test_chart_canvas_has_alt_text_and_takes_keyboard_focus(page, demo_url):
    page.goto(demo_url)
    canvas = page.locator("[data-chart] canvas").first
    assert canvas.get_attribute("role") == "img"
    assert "9,660" in canvas.get_attribute("aria-label")
    canvas.focus()
    assert page.evaluate("document.activeElement.tagName") == "CANVAS"


def test_demo_article_reads_on_a_phone(browser, demo_url, artifacts_dir):
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme="dark")
    page = context.new_page()
    page.goto(demo_url)
    wait_until_drawn(page, 3)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a 360 px screen"
    page.screenshot(path=artifacts_dir / "demo-article-360-dark.png", full_page=True)
    context.close()


def test_download_link_serves_the_csv(page, demo_url):
    page.goto(demo_url)
    with page.expect_download() as info:
        page.locator("a.chart__download").first.click()
    download = info.value
    assert download.suggested_filename == "ai-research-collaboration-2021.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.splitlines()[1] == "United States–China,9660,2021"
