from pathlib import Path

import pytest
from django.urls import reverse

from datasets.models import Dataset
from tests.factories import dataset_form, make_dataset

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
    assert '<span class="chartweek-type">integer</span>' in html
    assert "United Kingdom" in html
    assert f"?dataset={dataset.pk}" in html  # the "make a chart" link


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
