"""What readers do with a chart: read it by keyboard, in the dark, without motion; take
its image, its data and its embed code; and what the page loads to draw it."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.management.commands.loaddemo import ARTICLE_SLUG
from charts.models import ChartType
from tests.e2e.charts import CHARTS, wait_until_drawn
from tests.factories import make_article, make_chart, make_chart_of_type, make_dataset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def article_url(live_server, *charts):
    return live_server.url + make_article(charts=list(charts)).get_absolute_url()


def test_arrow_keys_step_through_the_values_and_read_them_out(open_page, live_server):
    page = open_page(reduced_motion="reduce")
    page.goto(article_url(live_server, make_chart_of_type(ChartType.GROUPED_BAR)))
    wait_until_drawn(page, 1)
    canvas = page.locator("[data-chart] canvas")
    canvas.focus()
    assert page.evaluate("document.activeElement.tagName") == "CANVAS"
    announce = page.locator("[data-chart-announce]")
    canvas.press("ArrowRight")
    assert announce.text_content() == "United States of America, exports: 2,065"
    canvas.press("ArrowRight")
    canvas.press("ArrowDown")
    assert announce.text_content() == "China, imports: 2,716"
    canvas.press("End")
    assert announce.text_content() == "Netherlands, imports: 842"
    assert page.evaluate("Chart.getChart(document.querySelector('canvas')).tooltip.opacity") > 0
    canvas.press("Escape")
    assert announce.text_content() == ""


def test_dark_mode_and_reduced_motion_are_respected(open_page, live_server):
    url = article_url(live_server, make_chart_of_type(ChartType.LINE))
    light = open_page()
    light.goto(url)
    wait_until_drawn(light, 1)
    [drawn] = light.evaluate(CHARTS)
    assert drawn["animation"] == {"duration": 400}
    assert drawn["tickColour"] == "#3a3a40"  # --chart-text, light
    dark = open_page(color_scheme="dark", reduced_motion="reduce")
    dark.goto(url)
    wait_until_drawn(dark, 1)
    [drawn] = dark.evaluate(CHARTS)
    assert drawn["animation"] is False
    assert drawn["tickColour"] == "#d8d8de"  # --chart-text, dark
    # A reader who switches scheme while reading gets the chart redrawn in it.
    dark.emulate_media(color_scheme="light")
    dark.wait_for_selector("[data-chart][data-scheme=light]")
    assert dark.evaluate(CHARTS)[0]["tickColour"] == "#3a3a40"


def test_a_long_line_is_decimated_along_a_time_axis(open_page, live_server, artifacts_dir):
    start = datetime.date(2010, 1, 1)
    rows = "".join(f"{start + datetime.timedelta(days=i)},{i % 97}\n" for i in range(5000))
    dataset = make_dataset(content=f"day,value\n{rows}".encode())
    chart = make_chart(dataset=dataset, chart_type=ChartType.LINE, value_columns=["value"])
    page = open_page(reduced_motion="reduce")
    page.goto(article_url(live_server, chart))
    wait_until_drawn(page, 1)
    [drawn] = page.evaluate(CHARTS)
    assert drawn["categoryScale"] == "time"
    [series] = drawn["datasets"]
    assert series["points"] == 5000
    assert series["decimated"] is True
    assert series["drawn"] < 5000
    assert drawn["painted"] > drawn["total"] * 0.01
    # The table lists the first rows; the plotted-data CSV has them all.
    assert page.locator("figure.chart tbody tr").count() == 250
    assert "4,750 more rows" in page.locator(".chart__more-rows").text_content()
    page.locator("figure.chart").screenshot(path=artifacts_dir / "chart-line-decimated.png")
    assert page.problems == []


def test_plugins_are_loaded_only_by_pages_that_need_them(page, live_server):
    call_command("loaddemo")
    page.goto(live_server.url + reverse("articles:detail", args=[ARTICLE_SLUG]))
    wait_until_drawn(page, 3)
    assert not [url for url in page.requests if "chartjs-plugin" in url or "adapter" in url]
    annotated = make_chart_of_type(ChartType.LINE)  # a time axis and a reference line
    page.goto(article_url(live_server, annotated, make_chart_of_type(ChartType.BAR)))
    wait_until_drawn(page, 2)
    loaded = [url.rsplit("/", 1)[-1] for url in page.requests if "/vendor/" in url]
    assert len([u for u in loaded if u.startswith("chartjs-plugin-annotation")]) == 1
    assert len([u for u in loaded if u.startswith("chartjs-adapter-date-fns")]) == 1
    assert page.problems == []


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(content[16:20]), int.from_bytes(content[20:24])


def test_the_chart_downloads_as_a_png_at_twice_and_once_its_size(page, live_server, artifacts_dir):
    from playwright.sync_api import expect  # here: without playwright, the browser tests skip

    title = "Exports of the largest economies by value, in billions of dollars, 2015 to 2025"
    page.goto(article_url(live_server, make_chart_of_type(ChartType.BAR, title=title)))
    wait_until_drawn(page, 1)
    css_width = page.evaluate("document.querySelector('canvas').clientWidth")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download image (PNG)").click()
    big = info.value
    # Named after the whole title, cut between words, not mid-word at 60 characters.
    assert big.suggested_filename == (
        "exports-of-the-largest-economies-by-value-in-billions-of-dollars-2015-to-2025.png"
    )
    width, height = _png_size(Path(big.path()).read_bytes())
    # Two pixels per CSS pixel whatever the screen: the chart plus a 16 px margin each side.
    assert width == 2 * (css_width + 32)
    big.save_as(artifacts_dir / "chart-download-2x.png")
    expect(page.get_by_role("status").first).to_have_text(
        f"Image downloaded ({width} × {height} pixels)."
    )
    # The chart on the page is drawn at the screen's own ratio again.
    assert page.evaluate("document.querySelector('canvas').width") == css_width

    with page.expect_download() as info:
        page.get_by_role("button", name="Small image (PNG)").click()
    small = info.value
    assert small.suggested_filename.endswith("-2025-small.png")
    small_width, small_height = _png_size(Path(small.path()).read_bytes())
    assert small_width == css_width + 32
    assert small_height < height


def test_the_plotted_data_downloads_as_csv(page, live_server):
    chart = make_chart_of_type(ChartType.SCATTER)
    page.goto(article_url(live_server, chart))
    with page.expect_download() as info:
        page.get_by_role("link", name="Chart data (CSV)").click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "country,exports,imports"
    assert len(lines) == 9


def test_embed_code_is_copied_to_the_clipboard(open_page, live_server):
    chart = make_chart_of_type(ChartType.PIE, title='Exports "by" <country>')
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(article_url(live_server, chart))
    page.get_by_role("button", name="Copy embed code").click()
    status = page.locator("[data-chart-status]")
    status.filter(has_text="Embed code copied").wait_for()
    code = page.evaluate("navigator.clipboard.readText()")
    embed = live_server.url + reverse("charts:embed", args=[chart.pk])
    # Light by default: most host pages are white, whatever the reader's system is.
    assert code.startswith(
        f'<iframe data-chartweek src="{embed}?theme=light" '
        'title="Exports &quot;by&quot; &lt;country&gt;"'
    )
    assert code.endswith(
        '<script src="' + live_server.url + '/static/js/embed-host.js" async></script>'
    )
    assert page.locator("[data-chart-embed-code]").input_value() == code


def test_embed_code_is_shown_selected_when_the_clipboard_refuses(open_page, live_server):
    page = open_page()
    page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));"
    )
    page.goto(article_url(live_server, make_chart_of_type(ChartType.PIE)))
    page.get_by_role("button", name="Copy embed code").click()
    code = page.locator("[data-chart-embed-code]")
    code.wait_for(state="visible")
    assert "Copy the selected code" in page.locator("[data-chart-status]").text_content()
    assert page.evaluate("document.activeElement.matches('[data-chart-embed-code]')")
    selected = page.evaluate(
        "(() => { const a = document.activeElement;"
        " return a.value.slice(a.selectionStart, a.selectionEnd); })()"
    )
    assert selected.startswith("<iframe data-chartweek src=")
