import pytest
from django.urls import reverse

from datasets.models import Dataset
from tests.e2e.conftest import build_chart_in_admin
from tests.factories import make_editor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "an-editor-password-for-tests"


@pytest.fixture
def logged_in(page, live_server):
    make_editor(username="desk", password=PASSWORD)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    return page


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
    assert headers == [["COUNTRY", "STRING"], ["EXPORTS", "NUMBER"]]  # the admin's capitals
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
    page.goto(live_server.url + reverse("admin:datasets_dataset_add"))
    page.fill("#id_title", "Broken")
    page.fill("#id_source_name", "Somewhere")
    page.select_option("#id_licence", "CC0-1.0")
    page.set_input_files("#id_upload", str(bad))
    page.click("input[name=_save]")
    error = page.locator(".errorlist").last.inner_text()
    assert "This row has 3 cells but the header has 2. (row 3)" in error
    assert not Dataset.objects.exists()
