"""Script in every text of a chart, and in its column names, is shown as text and runs nowhere:
not on the article page, the embed page, the admin's preview, nor in the embed code."""

import pytest
from django.urls import reverse

from charts.models import ChartType
from tests.e2e.charts import wait_until_drawn
from tests.factories import make_article, make_chart, make_dataset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Each payload sets window.pwned if it ever runs; the second also tries to close
# the json_script element that carries the chart's configuration.
IMG = "<img src=x onerror=window.pwned=1>"
SCRIPT = "</script><script>window.pwned=2</script>"
# Markup nothing on these pages legitimately contains.
INJECTED = (
    "img, script:not([src]):not([type='application/json']):not([type='application/ld+json']), "
    "[onerror]"
)


@pytest.fixture
def poisoned_chart():
    label, value = SCRIPT[:38], IMG  # header names, within a CSV's quoting rules
    content = f'"{label}","{value}"\n"{IMG}",10\n"{SCRIPT}",20\n'.encode()
    dataset = make_dataset(content=content, source_name=IMG, attribution=SCRIPT)
    chart = make_chart(
        dataset=dataset,
        chart_type=ChartType.BAR,
        title=SCRIPT,
        subtitle=IMG,
        alt_text=SCRIPT,
        description=IMG,
        notes=SCRIPT,
        source_line=IMG,
        unit=IMG,
        value_axis_title=SCRIPT,
        category_axis_title=IMG,
        headline_value=SCRIPT,
        headline_label=IMG,
        headline_source=SCRIPT,
        highlight=IMG,
        annotations=[
            {"kind": "line", "axis": "value", "value": 15, "label": SCRIPT},
            {"kind": "band", "axis": "category", "from": IMG, "to": SCRIPT, "label": IMG},
        ],
    )
    make_article(charts=[chart], title=SCRIPT)
    return chart


def assert_inert(page):
    assert page.evaluate("window.pwned") is None
    assert page.locator(INJECTED).count() == 0


def test_payloads_show_as_text_on_the_article_and_embed_pages(
    open_page, live_server, poisoned_chart, artifacts_dir
):
    page = open_page(reduced_motion="reduce")
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    article = poisoned_chart.articles.get()
    for url in (
        article.get_absolute_url(),
        reverse("charts:embed", args=[poisoned_chart.pk]),
    ):
        page.goto(live_server.url + url)
        wait_until_drawn(page, 1)
        assert_inert(page)
        figure = page.locator("figure.chart")
        assert figure.locator(".chart__title").text_content() == SCRIPT
        assert figure.locator(".chart__subtitle").text_content() == IMG
        assert figure.locator(".chart__headline-value").text_content() == SCRIPT
        assert figure.locator(".chart__description").text_content() == IMG
        assert figure.locator("canvas").get_attribute("aria-label") == SCRIPT
        headers = figure.locator("thead th").all_text_contents()
        assert headers == [SCRIPT[:38], IMG]
        assert figure.locator("tbody th").all_text_contents() == [IMG, SCRIPT]
        # The chart drew with the payloads as its labels, legend and annotations.
        labels = page.evaluate("Chart.getChart(document.querySelector('canvas')).data.labels")
        assert labels == [IMG, SCRIPT]
        canvas = figure.locator("canvas")
        canvas.focus()
        canvas.press("ArrowRight")
        assert page.locator("[data-chart-announce]").text_content().startswith(IMG)
        assert_inert(page)
    page.screenshot(path=artifacts_dir / "injection-embed.png", full_page=True)

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("button", name="Copy embed code").click()
    code = page.locator("[data-chart-embed-code]")
    code.wait_for(state="visible")
    assert 'title="&lt;/script&gt;&lt;script&gt;window.pwned=2&lt;/script&gt;"' in (
        code.input_value()
    )
    assert_inert(page)
    assert page.problems == []


def test_payloads_show_as_text_in_the_admin_preview(logged_in, live_server, poisoned_chart):
    page = logged_in
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    page.goto(live_server.url + reverse("admin:charts_chart_change", args=[poisoned_chart.pk]))
    preview = page.locator(".chartweek-chart-preview")
    preview.locator(".chart__canvas--drawn").wait_for()
    assert preview.locator(".chart__title").text_content() == SCRIPT
    # Redrawn live from the form, with a new payload typed in.
    page.locator("#id_subtitle").fill(SCRIPT + " again")
    preview.get_by_text(SCRIPT + " again").wait_for()
    preview.locator(".chart__canvas--drawn").wait_for()
    assert page.evaluate("window.pwned") is None
    assert preview.locator(INJECTED).count() == 0
    # The highlight's choices are the data's labels, listed as text.
    assert page.locator("#id_highlight label", has_text=IMG).count() == 1
    assert page.locator("#id_highlight " + INJECTED).count() == 0
    # A series' name typed with a payload: the data table's header shows it as text.
    page.locator("input[name=series_name]").first.fill(SCRIPT + "!")
    preview.locator("th", has_text=SCRIPT + "!").wait_for(state="attached", timeout=60_000)
    assert page.evaluate("window.pwned") is None
    assert preview.locator(INJECTED).count() == 0
