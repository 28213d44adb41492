"""The chart builder as an editor meets it: it leads, previews early, at two widths and themes."""

from pathlib import Path

import pytest
from django.urls import reverse

from charts.models import Chart
from tests.factories import make_dataset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots/builder-ux")

TWO_SERIES = b"country,papers,share\nUnited States,5000,40\nChina,4200,35\nUnited Kingdom,900,7\n"


def shoot(page, artifacts_dir, name):
    page.screenshot(path=artifacts_dir / name, full_page=True)
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS / name, full_page=True)


def test_the_builder_says_what_to_choose_next_and_draws_before_the_texts(
    logged_in, live_server, artifacts_dir
):
    page = logged_in
    dataset = make_dataset(content=TWO_SERIES)
    page.goto(live_server.url + reverse("admin:charts_chart_add"))
    hint = page.locator("[data-preview-next]")
    assert "Choose a dataset" in hint.inner_text()
    assert page.locator(".errorlist, .errornote").count() == 0
    shoot(page, artifacts_dir, "builder-empty.png")

    page.goto(live_server.url + reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}")
    page.select_option("#id_chart_type", "grouped_bar")
    page.get_by_text("Next: choose the label column").wait_for()
    page.select_option("#id_label_column", "country")
    page.get_by_text("Next: tick one or more value columns").wait_for()
    page.check("input[name=value_columns][value=papers]")
    page.check("input[name=value_columns][value=share]")
    # No title, no alt text: the chart is drawn all the same.
    page.wait_for_selector(
        ".chartweek-chart-preview figure:has(.chart__title:text-is('Untitled chart'))"
        " .chart__canvas--drawn"
    )
    assert page.locator(".chartweek-preview-status--problem").count() == 0

    # Phone width: the figure is drawn in 360 px, less the page's margins.
    page.check("input[name=_preview_width][value=phone]")
    page.wait_for_selector("[data-preview-frame][data-drawn='phone light']")
    canvas = page.locator(".chartweek-chart-preview canvas")
    assert canvas.evaluate("c => c.clientWidth") <= 330
    # Dark: the site's dark background and chart text.
    page.check("input[name=_preview_theme][value=dark]")
    page.wait_for_selector("[data-preview-frame][data-drawn='phone dark']")
    frame = page.locator("[data-preview-frame]")
    assert frame.evaluate("f => getComputedStyle(f).backgroundColor") == "rgb(20, 20, 22)"
    shoot(page, artifacts_dir, "builder-phone-dark.png")

    # A colour picker per series writes hex into the colours field; the check speaks live.
    pickers = page.locator(".chartweek-colour-pickers input[type=color]")
    pickers.first.wait_for()
    assert pickers.count() == 2
    pickers.nth(0).evaluate(
        "(p) => { p.value = '#d62728'; p.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    pickers.nth(1).evaluate(
        "(p) => { p.value = '#2ca02c'; p.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    assert page.input_value("#id_colours") == "#D62728, #2CA02C"
    page.get_by_text("hard to tell apart for readers with deuteranopia").wait_for()
    page.check("input[name=_preview_width][value=desktop]")
    page.check("input[name=_preview_theme][value=light]")
    shoot(page, artifacts_dir, "builder-desktop-light.png")

    # Saving still asks for the title and the alt text.
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    assert not Chart.objects.exists()
    page.fill("#id_title", "The US leads")
    page.fill("#id_alt_text", "Bars: the United States publishes most.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Chart.objects.get().spec.colours == ["#D62728", "#2CA02C"]
    assert page.problems == []


def test_a_wide_table_preview_scrolls_to_all_its_columns(logged_in, live_server, artifacts_dir):
    page = logged_in
    names = [f"sector_{n:02d}" for n in range(1, 24)]
    content = ("month," + ",".join(names) + "\n").encode()
    content += b"".join(
        (f"2024-{m:02d}-01," + ",".join(str(1000 + m * c) for c in range(23)) + "\n").encode()
        for m in range(1, 7)
    )
    dataset = make_dataset(content=content)
    page.goto(live_server.url + reverse("admin:datasets_dataset_change", args=[dataset.pk]))
    scroller = page.locator(".chartweek-preview__scroll")
    assert page.locator(".chartweek-preview th").count() == 24
    assert scroller.evaluate("s => s.scrollWidth > s.clientWidth")
    scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
    last = page.locator(".chartweek-preview th").last
    box, view = last.bounding_box(), scroller.bounding_box()
    assert view["x"] <= box["x"]
    assert box["x"] + box["width"] <= view["x"] + view["width"] + 1
    assert scroller.evaluate("s => s.clientHeight") > 60  # the rows are in view, not clipped
    page.locator(".field-table_preview").scroll_into_view_if_needed()
    page.locator(".field-table_preview").screenshot(path=artifacts_dir / "dataset-wide-table.png")
    shoot(page, artifacts_dir, "dataset-wide-table-page.png")
    assert page.problems == []
