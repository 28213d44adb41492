import pytest
from django.urls import reverse

from charts.models import Chart, ChartType
from datasets.models import Dataset
from tests.e2e.conftest import build_chart_in_admin, upload_in_admin
from tests.factories import make_chart_of_type

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_uploads_a_csv_sees_its_types_and_charts_it(
    logged_in, live_server, tmp_path, artifacts_dir
):
    page = logged_in
    csv_file = tmp_path / "trade.csv"
    csv_file.write_text('country,exports\nFrance,"1,234.5"\nSpain,980\n', encoding="utf-8")
    page.goto(live_server.url + reverse("admin:datasets_dataset_add"))
    page.locator("#id_title").press_sequentially("Exports by country")
    assert page.input_value("#id_slug") == "exports-by-country"  # prepopulated
    page.fill("#id_source_name", "A statistics office")
    page.select_option("#id_licence", "CC0-1.0")
    page.set_input_files("#id_upload", str(csv_file))
    page.click("input[name=_continue]")
    page.wait_for_selector(".chartweek-preview")
    headers = [t.split() for t in page.locator(".chartweek-preview th").all_inner_texts()]
    assert headers == [["COUNTRY", "TEXT"], ["EXPORTS", "NUMBER"]]  # the admin's capitals
    assert "1234.5" in page.locator(".chartweek-preview td").all_text_contents()
    assert Dataset.objects.get(slug="exports-by-country").created_by.username == "desk"

    build_chart_in_admin(
        page,
        title="France exports most",
        label="country",
        value="exports",
        alt_text="France exports more than Spain.",
    )
    page.screenshot(path=artifacts_dir / "admin-chart-preview.png", full_page=True)
    assert page.problems == []


def test_a_bad_file_shows_an_error_on_the_form(logged_in, live_server, tmp_path):
    page = logged_in
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"a,b\n1,2\n3,4,5\n")
    upload_in_admin(page, live_server, bad, title="Broken", source_name="Somewhere", button="_save")
    error = page.locator(".errorlist").last.inner_text()
    assert "This row has 3 cells but the header has 2. (row 3)" in error
    assert not Dataset.objects.exists()


def preview_chart(page):
    """The Chart.js instance in the admin's preview, as plain data."""
    return page.evaluate(
        """() => {
          const preview = document.querySelector('.chartweek-chart-preview');
          const chart = Chart.getChart(preview.querySelector('canvas'));
          return {type: chart.config.type, indexAxis: chart.options.indexAxis,
                  series: chart.data.datasets.map((d) => d.label),
                  title: preview.querySelector('.chart__title').textContent};
        }"""
    )


def drawn_as(page, title):
    """Wait for the preview to show a chart of this title, drawn (after the form changed)."""
    page.wait_for_selector(
        f".chartweek-chart-preview figure:has(.chart__title:text-is('{title}'))"
        " .chart__canvas--drawn"
    )
    return preview_chart(page)


def test_the_admin_preview_redraws_as_the_editor_changes_the_chart(
    logged_in, live_server, artifacts_dir
):
    page = logged_in
    chart = make_chart_of_type(ChartType.BAR, highlight="", title="Trade")
    page.goto(live_server.url + reverse("admin:charts_chart_change", args=[chart.pk]))
    assert drawn_as(page, "Trade")["type"] == "bar"

    page.select_option("#id_chart_type", "doughnut")
    page.locator("#id_title").fill("Trade as a doughnut")
    assert drawn_as(page, "Trade as a doughnut")["type"] == "doughnut"

    page.select_option("#id_chart_type", "grouped_bar")
    page.check("input[name=value_columns][value=imports]")
    page.locator("#id_title").fill("Trade, unsaved")
    preview = drawn_as(page, "Trade, unsaved")
    assert (preview["type"], preview["series"]) == ("bar", ["exports", "imports"])

    # Red and green: the colour check speaks up.
    page.locator("#id_colours").fill("#D62728, #2CA02C")
    page.get_by_text("hard to tell apart for readers with deuteranopia").wait_for()

    # A mistake: the errors are listed, the last good chart stays.
    page.select_option("#id_chart_type", "doughnut")
    page.get_by_text("Value columns: A doughnut chart plots exactly one column.").wait_for()
    assert preview_chart(page)["title"] == "Trade, unsaved"
    page.screenshot(path=artifacts_dir / "admin-live-preview.png", full_page=True)
    chart.refresh_from_db()
    assert (chart.spec.chart_type, chart.title) == (ChartType.BAR, "Trade")  # nothing was saved
    assert page.problems == []


def test_the_admin_preview_draws_a_new_chart_before_it_is_saved(logged_in, live_server):
    page = logged_in
    chart = make_chart_of_type(ChartType.LINE)
    url = reverse("admin:charts_chart_add") + f"?dataset={chart.dataset.pk}"
    page.goto(live_server.url + url)
    page.fill("#id_title", "Two regions")
    page.select_option("#id_label_column", "month")
    page.check("input[name=value_columns][value=north]")
    page.select_option("#id_chart_type", "area")
    page.fill("#id_alt_text", "The north grows.")
    assert drawn_as(page, "Two regions")["type"] == "line"
    assert Chart.objects.count() == 1
