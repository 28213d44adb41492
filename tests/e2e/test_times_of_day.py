"""An editor uploads hourly readings (seattle-temps.csv's shape) and sees, in the table
preview, that the times were read as text and kept as written, not cut to their days."""

import pytest

from tests.e2e.conftest import PASSWORD, person, upload_in_admin
from tests.factories import make_editor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOURLY = (
    "date,temp\n"
    "2010/01/01 00:00,39.4\n"
    "2010/01/01 01:00,39.2\n"
    "2010/01/01 02:00,39.0\n"
    "2010-01-01T03:00:00Z,38.9\n"
)


def test_an_upload_of_hourly_readings_previews_the_times_as_text(
    browser, live_server, tmp_path, artifacts_dir
):
    make_editor(username="desk", password=PASSWORD)
    editor = person(browser, live_server, "desk")
    csv_file = tmp_path / "seattle-temps.csv"
    csv_file.write_text(HOURLY, encoding="utf-8")
    upload_in_admin(editor, live_server, csv_file, title="Seattle temperatures", source_name="NOAA")
    preview = editor.locator(".chartweek-preview")
    preview.wait_for()

    types = preview.locator(".chartweek-type").all_text_contents()
    assert types == ["Text", "Number"]
    cells = preview.locator("tbody tr td:first-child").all_inner_texts()
    assert cells == [line.split(",")[0] for line in HOURLY.splitlines()[1:]]
    assert "“date” holds dates with times of day, so it is read as text" in (
        preview.locator(".chartweek-timed").inner_text()
    )
    editor.locator(".field-table_preview").scroll_into_view_if_needed()
    editor.locator(".field-table_preview").screenshot(path=artifacts_dir / "hourly-preview.png")
    editor.screenshot(path=artifacts_dir / "hourly-upload-page.png", full_page=True)
    assert editor.problems == []
