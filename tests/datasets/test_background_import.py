import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from datasets import indexing
from datasets.models import Dataset, ImportJob
from tests.factories import dataset_change_form, dataset_form, make_dataset

pytestmark = pytest.mark.django_db

BIG = b"k,v\n" + b"".join(f"r{i},{i}\n".encode() for i in range(30000))


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.DATASET_BACKGROUND_BYTES = 1000


def test_a_large_upload_is_imported_in_the_background_with_a_progress_page(
    editor_client, django_capture_on_commit_callbacks
):
    data = dataset_form(BIG, name="big.csv")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(reverse("admin:datasets_dataset_add"), data)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:datasets_dataset_import", args=[job.pk])

    # Before the worker runs: the page says so and refreshes itself.
    page = editor_client.get(response["Location"]).content.decode()
    assert "Waiting for the background worker" in page
    assert '<meta http-equiv="refresh" content="2">' in page

    for callback in callbacks:  # the commit: the task is enqueued and (here) runs at once
        callback()
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    dataset = Dataset.objects.get(slug="ai-papers")
    assert dataset.current_version.row_count == 30000
    assert job.version == dataset.current_version
    assert not job.file  # the staging copy is gone
    page = editor_client.get(response["Location"]).content.decode()
    assert "30,000 rows and 2 columns stored as version 1" in page
    if connection.vendor == "postgresql":  # its indexes follow the import's commit
        assert "Its indexes are still being built" in page
        assert '<meta http-equiv="refresh" content="2">' in page
        indexing.build(job.version.pk)  # the task queued by that commit
        page = editor_client.get(response["Location"]).content.decode()
    assert "Its indexes are still being built" not in page
    assert "http-equiv" not in page


def test_a_large_upload_that_fails_leaves_no_dataset_and_says_why(
    editor_client, django_capture_on_commit_callbacks, settings
):
    bad = BIG + b"oops,not-a-number,extra\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:datasets_dataset_add"), dataset_form(bad, name="bad.csv")
        )
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert "This row has 3 cells but the header has 2. (row 30002)" in job.message
    assert not Dataset.objects.exists()
    page = editor_client.get(response["Location"]).content.decode()
    assert "the new dataset was not created" in page


def test_a_large_new_version_for_an_existing_dataset(
    editor_client, django_capture_on_commit_callbacks
):

    dataset = make_dataset()
    data = dataset_change_form(editor_client, dataset)
    data["upload"] = SimpleUploadedFile("v2.csv", BIG)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("admin:datasets_dataset_change", args=[dataset.pk]), data)
    dataset.refresh_from_db()
    assert dataset.current_version.number == 2
    assert dataset.current_version.row_count == 30000


def test_a_large_file_of_the_wrong_kind_is_refused_on_the_form_at_once(editor_client):
    data = dataset_form(b"\x89PNG\r\n\x1a\n" + bytes(5000), name="big.png")
    response = editor_client.post(reverse("admin:datasets_dataset_add"), data)
    assert response.status_code == 200
    assert "This file is an image." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_import_whose_worker_died_is_marked_failed_and_left_nothing(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    from datasets import tables
    from datasets.models import DatasetVersion

    job = ImportJob.objects.create(
        dataset_title="Lost",
        original_name="lost.csv",
        state=ImportJob.State.STORING,
        new_dataset={"title": "Lost", "slug": "lost"},
    )
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    page = editor_client.get(reverse("admin:datasets_dataset_import", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert "interrupted before it finished. Nothing was saved." in page.content.decode()
    assert not Dataset.objects.exists()
    assert not DatasetVersion.objects.exists()
    assert tables.version_tables() == []


def test_sweep_removes_only_old_files_no_version_refers_to(settings):
    import os
    import time
    from datetime import timedelta
    from pathlib import Path

    from datasets.tasks import sweep_orphan_files

    kept = make_dataset().current_version.file.path
    orphan = Path(settings.MEDIA_ROOT) / "datasets" / "deadbeef" / "left-behind.csv"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("k,v\n")
    fresh = Path(settings.MEDIA_ROOT) / "datasets" / "cafe" / "in-flight.csv"
    fresh.parent.mkdir(parents=True)
    fresh.write_text("k,v\n")
    hour_ago = time.time() - 3600
    os.utime(orphan, (hour_ago, hour_ago))
    os.utime(kept, (hour_ago, hour_ago))
    assert sweep_orphan_files(older_than=timedelta(minutes=10)) == 1
    assert not orphan.exists()
    assert Path(kept).exists()
    assert fresh.exists()
