from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from datasets import held_uploads
from datasets.models import Dataset
from tests.factories import dataset_form, make_dataset, make_editor

pytestmark = pytest.mark.django_db


def test_uploading_a_good_csv_saves_the_parsed_table_and_stamps_the_editor(editor_client, editor):
    response = editor_client.post(
        reverse("admin:datasets_dataset_add"),
        dataset_form(b"pair,papers\nUS-China,9660\nUS-UK,3560\n"),
        follow=True,
    )
    assert response.status_code == 200
    dataset = Dataset.objects.get(slug="ai-papers")
    version = dataset.current_version
    assert version.columns == [
        {"name": "pair", "type": "string"},
        {"name": "papers", "type": "integer"},
    ]
    assert version.ordered_rows() == [["US-China", 9660], ["US-UK", 3560]]
    assert dataset.created_by == editor
    assert version.created_by == editor
    assert "Read 2 rows and 2 columns (UTF-8 text, comma-separated)." in response.content.decode()


def test_change_page_previews_the_table_with_column_types(editor_client):
    dataset = make_dataset()
    response = editor_client.get(reverse("admin:datasets_dataset_change", args=[dataset.pk]))
    html = response.content.decode()
    assert "2 rows × 3 columns" in html
    assert '<span class="chartweek-type">Integer</span>' in html
    assert "United Kingdom" in html
    assert f"?dataset={dataset.pk}" in html  # the "make a chart" link


def test_the_preview_says_why_a_column_of_dates_with_times_is_text(editor_client):
    dataset = make_dataset(
        content=b"<b>at</b>,temp,day\n2010/01/01 00:00,39.4,2010-01-01\n"
        b"2010/01/01 01:00,39.2,2010-01-02T00:00Z\n"
    )
    response = editor_client.get(reverse("admin:datasets_dataset_change", args=[dataset.pk]))
    html = response.content.decode()
    assert '<span class="chartweek-type">Text</span>' in html
    assert '<span class="chartweek-type">Date</span>' in html
    assert "<td>2010/01/01 01:00</td>" in html
    assert "“&lt;b&gt;at&lt;/b&gt;” holds dates with times of day, so it is read as text" in html
    assert html.count('class="chartweek-timed"') == 1  # not the column of midnights


def test_a_file_that_cannot_be_parsed_is_an_error_on_the_form_and_saves_nothing(
    editor_client, settings
):
    response = editor_client.post(
        reverse("admin:datasets_dataset_add"), dataset_form(b"a,b\n1,2\n3,4,5\n")
    )
    assert response.status_code == 200
    assert "This row has 3 cells but the header has 2. (row 3)" in response.content.decode()
    assert not Dataset.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.csv"))


def test_admin_pages_need_staff(client):
    response = client.get(reverse("admin:datasets_dataset_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_full_storage_while_saving_is_a_message_on_the_form_not_a_500(editor_client, monkeypatch):
    import errno

    from django.core.files.storage import FileSystemStorage

    def full(self, name, content, max_length=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full)
    response = editor_client.post(
        reverse("admin:datasets_dataset_add"), dataset_form(b"a,b\nx,1\n"), follow=True
    )
    assert response.status_code == 200
    assert "no room left in the file storage" in response.content.decode()
    assert not Dataset.objects.exists()


def test_an_upload_is_kept_when_another_field_fails_and_used_on_the_next_try(
    editor_client, django_capture_on_commit_callbacks
):
    add = reverse("admin:datasets_dataset_add")
    first = editor_client.post(add, dataset_form(b"pair,papers\nUS-China,9660\n", source_name=""))
    assert first.status_code == 200  # the form again, with its error
    html = first.content.decode()
    assert "This field is required." in html
    assert "Kept from your last try: papers.csv, 26 bytes." in html
    token = first.context["adminform"].form.data["kept_upload"]
    # The editor fills in the source and sends the form again, choosing no file.
    again = dataset_form(b"", source_name="Stanford HAI", kept_upload=token)
    del again["upload"]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(add, again)
    assert response.status_code == 302, response.content.decode()[:2000]
    dataset = Dataset.objects.get(slug="ai-papers")
    assert dataset.current_version.ordered_rows() == [["US-China", 9660]]
    assert dataset.current_version.original_name == "papers.csv"
    # Used once: the kept copy is gone, and its token is no good again.
    assert held_uploads.claim(token, user=dataset.created_by) is None


def test_a_kept_upload_is_its_editors_only_and_a_forged_token_is_refused(editor_client, editor):
    add = reverse("admin:datasets_dataset_add")
    first = editor_client.post(add, dataset_form(b"pair,papers\nUS-China,9660\n", source_name=""))
    token = first.context["adminform"].form.data["kept_upload"]
    other = make_editor(username="other")
    assert held_uploads.claim(token, user=other) is None
    assert held_uploads.claim(token + "x", user=editor) is None
    assert held_uploads.claim(token, user=editor).name == "papers.csv"
    forged = dataset_form(b"", kept_upload=token[:-3] + "abc")
    del forged["upload"]
    response = editor_client.post(add, forged)
    assert response.status_code == 200
    assert "The file kept from your last try is gone: choose it again." in response.content.decode()
    assert not Dataset.objects.exists()


def test_an_editor_holds_a_bounded_number_of_uploads(editor_client, editor):
    add = reverse("admin:datasets_dataset_add")
    for _ in range(held_uploads.MAX_PER_EDITOR + 3):
        editor_client.post(add, dataset_form(b"a,b\nx,1\n", source_name=""))
    folder = f"{held_uploads.HELD_DIR}/{editor.pk}"
    assert len(default_storage.listdir(folder)[0]) == held_uploads.MAX_PER_EDITOR


def test_all_rights_reserved_offered_for_download_is_an_error_on_the_dataset_form(editor_client):
    data = dataset_form(b"pair,papers\nUS-China,9660\n", licence="all-rights-reserved")
    response = editor_client.post(reverse("admin:datasets_dataset_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "“All rights reserved”" in errors["redistributable"][0]
    assert not Dataset.objects.exists()
    # Unticking the download (or another licence) is accepted, with the kept file.
    token = response.context["adminform"].form.data["kept_upload"]
    fixed = dataset_form(b"", licence="all-rights-reserved", kept_upload=token)
    del fixed["upload"], fixed["redistributable"]
    assert editor_client.post(reverse("admin:datasets_dataset_add"), fixed).status_code == 302
    assert Dataset.objects.get().redistributable is False
