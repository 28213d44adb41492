"""A chart embedded in another site's page: framed, sized to fit, under both sites' rules."""

import pytest
from django.urls import reverse

from charts.models import ChartType
from tests.e2e.charts import embed_code
from tests.factories import make_article, make_chart_of_type

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [360, 1280])
def test_embedded_chart_sizes_its_iframe_on_another_site(
    open_page, live_server, host_site, artifacts_dir, width
):
    chart = make_chart_of_type(ChartType.BAR, title="Exports by country")
    article = make_article(charts=[chart])
    page = open_page(width, reduced_motion="reduce")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    code = embed_code(page, live_server.url + article.get_absolute_url())
    host_site.pages["/story.html"] = (
        "<!doctype html><html><head><title>Another site</title></head><h1>A story elsewhere</h1>"
        f"<p>Before the chart.</p>{code}<p>After the chart.</p>"
    )
    page.goto(host_site.url + "/story.html")
    from playwright.sync_api import expect  # here: without playwright, the browser tests skip

    frame = page.locator("iframe")
    inner = page.frame_locator("iframe").locator("html")
    inner.locator(".chart__canvas--drawn").wait_for()
    # The embed code's height is a guess (480); the chart's script replaces it with its own.
    content_height = inner.evaluate("(html) => Math.ceil(html.getBoundingClientRect().height)")
    assert content_height != 480
    expect(frame).to_have_attribute("height", str(content_height))
    # Opening the table makes the chart taller: the iframe follows.
    page.frame_locator("iframe").locator("summary").click()
    taller = inner.evaluate("(html) => Math.ceil(html.getBoundingClientRect().height)")
    assert taller > content_height
    expect(frame).to_have_attribute("height", str(taller))
    page.screenshot(path=artifacts_dir / f"embed-on-another-site-{width}.png", full_page=True)
    assert page.problems == []


def test_the_host_script_sizes_chart_iframes_only(open_page, live_server, host_site):
    chart = make_chart_of_type(ChartType.PIE)
    make_article(charts=[chart])
    embed = live_server.url + reverse("charts:embed", args=[chart.pk])
    host_site.pages["/page.html"] = (
        "<!doctype html><html><head><title>Two frames</title></head>"
        f'<iframe data-chartweek id="chart" src="{embed}" height="200"></iframe>'
        f'<iframe id="other" src="{host_site.url}/other.html" height="200"></iframe>'
        f'<script src="{live_server.url}/static/js/embed-host.js"></script>'
    )
    # Another frame on the page claims to be a chart, in the chart's words.
    host_site.pages["/other.html"] = (
        "<!doctype html><html><head></head><p>Not a chart.</p>"
        "<img src=x onerror=\"parent.postMessage({type: 'chartweek:height', height: 999}, '*');"
        ' document.body.dataset.sent = 1">'
    )
    page = open_page()
    page.goto(host_site.url + "/page.html")
    page.wait_for_selector("#chart:not([height='200'])")
    page.frame_locator("#other").locator("body[data-sent]").wait_for(state="attached")
    # Messages are handled in order: once one posted now arrives, the claim has been seen.
    page.evaluate(
        "new Promise((done) => { addEventListener('message', (e) => e.data === 'flush' && done());"
        " postMessage('flush', '*'); })"
    )
    assert page.locator("#other").get_attribute("height") == "200"


def test_other_pages_refuse_to_be_framed(open_page, live_server, host_site):
    chart = make_chart_of_type(ChartType.PIE)
    article = make_article(charts=[chart])
    host_site.pages["/frame.html"] = (
        "<!doctype html><html><head></head>"
        f'<iframe src="{live_server.url}{article.get_absolute_url()}"></iframe>'
    )
    page = open_page()
    # Chromium refuses the frame and says why, on the framing page's console.
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text):
        page.goto(host_site.url + "/frame.html")
    frame = page.frames[1]
    frame.wait_for_load_state()
    assert article.title not in frame.content()  # its error page, not the article


def _background(locator):
    return locator.evaluate("(el) => getComputedStyle(el).backgroundColor")


def test_the_host_page_picks_the_embeds_colours_whatever_the_readers_setting(
    open_page, live_server, host_site, artifacts_dir
):
    from playwright.sync_api import expect  # here: without playwright, the browser tests skip

    # A chart with many rows: its data table is long.
    chart = make_chart_of_type(ChartType.LINE, title="Prices by day")
    article = make_article(charts=[chart])
    # The reader's system is dark; the host page is white.
    page = open_page(1280, color_scheme="dark", reduced_motion="reduce")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    light_code = embed_code(page, live_server.url + article.get_absolute_url())
    assert "theme=light" in light_code
    page.get_by_label("Embed colours").select_option("dark")
    code_area = page.locator("[data-chart-embed-code]")
    expect(code_area).to_have_value(light_code.replace("theme=light", "theme=dark"))
    dark_code = code_area.input_value()

    host_site.pages["/white.html"] = (
        "<!doctype html><html><head><title>A white page</title></head>"
        f"<body style='background:#fff'><h1>Light host</h1>{light_code}</body></html>"
    )
    page.goto(host_site.url + "/white.html")
    inner = page.frame_locator("iframe").locator("body")
    inner.locator(".chart__canvas--drawn").wait_for()
    assert _background(inner) == "rgb(253, 252, 250)"  # the light page, not a black box
    frame_height = int(page.locator("iframe").get_attribute("height"))
    page.frame_locator("iframe").locator("summary").click()
    expect(page.frame_locator("iframe").locator(".table-scroll")).to_be_visible()
    # The table scrolls inside the embed: the iframe grows by a bounded amount.
    page.wait_for_function(
        f"document.querySelector('iframe').height != '{frame_height}'", timeout=5000
    )
    assert int(page.locator("iframe").get_attribute("height")) < frame_height + 500
    page.screenshot(path=artifacts_dir / "embed-light-on-dark-system.png", full_page=True)

    host_site.pages["/black.html"] = (
        "<!doctype html><html><head><title>A dark page</title></head>"
        f"<body style='background:#000'>{dark_code}</body></html>"
    )
    page.goto(host_site.url + "/black.html")
    inner = page.frame_locator("iframe").locator("body")
    inner.locator(".chart__canvas--drawn").wait_for()
    assert _background(inner) == "rgb(20, 20, 22)"
    assert page.problems == []
