"""Uploading data through datasets.services, called directly: inline or background."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from datasets import bulk, ingest, services
from datasets.models import Dataset, ImportJob, Licence
from tests.factories import make_dataset, make_editor

pytestmark = pytest.mark.django_db

SMALL = b"region,count\nNorth,3\nSouth,4\n"
BIG = b"k,v\n" + b"".join(f"r{i},{i}\n".encode() for i in range(30000))


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.DATASET_BACKGROUND_BYTES = 1000


def new_dataset(slug="counts"):
    return Dataset(title="Counts", slug=slug, source_name="An office", licence=Licence.CC0)


def refuse_parsing(monkeypatch):
    def parsed(*args, **kwargs):
        raise AssertionError("the file was parsed while the caller waited")

    monkeypatch.setattr(ingest, "inspect", parsed)


def stored_files():
    try:
        folders, _ = default_storage.listdir("datasets")
    except FileNotFoundError:
        return []
    return [name for folder in folders for name in default_storage.listdir(f"datasets/{folder}")[1]]


def test_a_small_file_is_inspected_now_and_stored_as_the_first_version():
    prepared = services.prepare_upload(file=ContentFile(SMALL, name="counts.csv"))
    assert not prepared.background
    assert prepared.inspection.row_count == 2
    editor = make_editor()
    done = services.upload_data(dataset=new_dataset(), prepared=prepared, by=editor, note="First")
    assert done.job is None
    assert (done.version.number, done.version.row_count, done.version.note) == (1, 2, "First")
    assert done.dataset.created_by == editor


def test_a_large_file_is_only_glanced_at_and_left_to_the_worker(
    monkeypatch, django_capture_on_commit_callbacks
):
    refuse_parsing(monkeypatch)
    prepared = services.prepare_upload(file=ContentFile(BIG, name="big.csv"))
    assert prepared.background
    editor = make_editor()  # before: a new user's own commit callbacks (the page cache's)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = services.upload_data(dataset=new_dataset(), prepared=prepared, by=editor)
    assert done.version is None
    assert not Dataset.objects.exists()  # the worker creates it with its first version
    assert done.job.new_dataset["slug"] == "counts"
    assert done.job.state == ImportJob.State.QUEUED
    assert len(callbacks) == 1  # enqueued once the job is committed

    monkeypatch.undo()
    callbacks[0]()  # the worker (immediate in tests) reads it
    done.job.refresh_from_db()
    assert done.job.state == ImportJob.State.DONE
    assert Dataset.objects.get(slug="counts").current_version.row_count == 30000


def test_a_file_the_ingest_refuses_at_a_glance_raises_before_anything_is_written():
    with pytest.raises(ingest.IngestError):
        services.prepare_upload(file=ContentFile(b"\x00\x01binary" * 400, name="big.csv"))
    assert not ImportJob.objects.exists()


def test_a_failure_midway_through_an_inline_upload_leaves_nothing(monkeypatch):
    prepared = services.prepare_upload(file=ContentFile(SMALL, name="counts.csv"))

    def broken(*args, **kwargs):
        raise OSError("the database went away mid-load")

    monkeypatch.setattr(bulk, "load_rows", broken)
    monkeypatch.setattr(bulk, "load_csv", broken)  # the columnar path's, on PostgreSQL
    with pytest.raises(OSError, match="mid-load"):
        services.upload_data(dataset=new_dataset(), prepared=prepared)
    assert not Dataset.objects.exists()
    assert stored_files() == []


def test_a_new_version_of_an_existing_dataset_in_the_background_keeps_the_dataset(
    django_capture_on_commit_callbacks,
):
    dataset = make_dataset()
    prepared = services.prepare_upload(file=ContentFile(BIG, name="big.csv"))
    with django_capture_on_commit_callbacks(execute=True):
        done = services.upload_data(dataset=dataset, prepared=prepared, note="Bigger")
    dataset.refresh_from_db()
    assert (dataset.current_version.number, dataset.current_version.note) == (2, "Bigger")
    assert done.job.new_dataset is None


def test_the_command_sends_a_large_file_to_the_worker_like_the_admin(tmp_path, capsys):
    path = Path(tmp_path) / "big.csv"
    path.write_bytes(BIG)
    call_command("importdataset", str(path), "--title", "Big table")
    job = ImportJob.objects.get()
    assert job.new_dataset["slug"] == "big-table"
    assert f"import job {job.pk}" in capsys.readouterr().out
