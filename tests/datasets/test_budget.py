"""Time budgets, SIGTERM in the task worker, heartbeats, and slug races."""

import os
import signal
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.forms import ModelForm
from django.urls import reverse

from datasets import budget, ingest
from datasets.models import Dataset, ImportJob, Licence
from datasets.tasks import run_import
from tests.factories import dataset_form, make_dataset

CSV = b"k,v\n" + b"".join(f"r{i},{i}\n".encode() for i in range(3000))


def test_work_past_its_budget_stops_with_the_reason():
    with budget.time_budget(seconds=0), pytest.raises(budget.BudgetExceeded) as caught:
        ingest.inspect(ContentFile(CSV, name="a.csv"))
    assert str(caught.value).startswith("Stopped after 0 s: the file is too large or too complex")
    assert "Nothing was saved." in str(caught.value)


def test_an_inner_budget_keeps_the_outer_deadline():
    with budget.time_budget(seconds=0) as outer, budget.time_budget(seconds=999) as inner:
        assert inner is outer
        with pytest.raises(budget.BudgetExceeded):
            budget.check()


def test_the_heartbeat_is_called_while_work_goes_on(monkeypatch):
    monkeypatch.setattr(budget, "HEARTBEAT_EVERY", 0)
    beats = []
    with budget.time_budget(seconds=60, heartbeat=lambda: beats.append(1)):
        ingest.inspect(ContentFile(CSV, name="a.csv"))
    assert len(beats) >= 2  # at least in the scan and in the pass over the rows


@pytest.fixture
def recorded_sigterm():
    """A SIGTERM handler standing in for db_worker's, recording what it receives."""
    received = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))
    yield received
    signal.signal(signal.SIGTERM, previous)


def test_sigterm_stops_the_work_and_still_reaches_the_workers_handler(recorded_sigterm):
    with budget.time_budget(seconds=60, stop_on_sigterm=True):
        os.kill(os.getpid(), signal.SIGTERM)
        with pytest.raises(budget.BudgetExceeded, match="task worker was shut down"):
            budget.check()
    assert recorded_sigterm == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) is not None  # the worker's handler is back
    os.kill(os.getpid(), signal.SIGTERM)  # and it alone answers now
    assert recorded_sigterm == [signal.SIGTERM, signal.SIGTERM]


def _job(data, **fields):
    return ImportJob.objects.create(
        dataset_title="Big",
        original_name="big.csv",
        file=ContentFile(data, name="big.csv"),
        new_dataset={"title": "Big", "slug": "big", "source_name": "x", "licence": "CC0-1.0"},
        **fields,
    )


@pytest.mark.django_db
def test_a_background_import_past_its_budget_fails_with_the_reason(settings):
    settings.DATASET_IMPORT_TASK_SECONDS = 0
    job = _job(CSV)
    run_import.call(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.message.startswith("Stopped after 0 s")
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_sigterm_during_a_background_import_fails_it_at_once(recorded_sigterm):
    job = _job(CSV)
    real_inspect = ingest.inspect

    def inspect_then_sigterm(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)  # the deploy stops the worker mid-import
        return real_inspect(*args, **kwargs)

    with mock.patch.object(ingest, "inspect", inspect_then_sigterm):
        run_import.call(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert "task worker was shut down" in job.message
    assert recorded_sigterm == [signal.SIGTERM]  # db_worker's handler still heard it
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_a_background_import_reports_rows_stored_as_it_goes(monkeypatch):
    from datasets import bulk, columnar, tasks

    seen = []
    real = tasks._update_aside
    monkeypatch.setattr(tasks, "_update_aside", lambda job, **f: (seen.append(f), real(job, **f)))
    monkeypatch.setattr(columnar, "BLOCK", 1 << 14)  # the columnar path reports each block
    rows = bulk.BATCH * 2 + 10
    job = _job(b"k,v\n" + b"".join(f"r{i},{i}\n".encode() for i in range(rows)))
    run_import.call(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    read = [fields["rows_read"] for fields in seen if "rows_read" in fields]
    assert len({n for n in read if 0 < n < rows}) >= 2  # while the rows were read and stored


@pytest.mark.django_db
def test_a_slug_taken_between_the_check_and_the_save_is_slug_taken():
    make_dataset(slug="taken")
    data = b"k,v\na,1\n"
    inspection = ingest.inspect(ContentFile(data, name="a.csv"))
    dataset = Dataset(title="T", slug="taken", source_name="x", licence=Licence.CC0)
    with mock.patch.object(Dataset, "full_clean"), pytest.raises(ingest.SlugTaken):
        ingest.import_version(
            dataset=dataset, inspection=inspection, upload=ContentFile(data, name="a.csv")
        )
    assert dataset.pk is None
    assert Dataset.objects.filter(slug="taken").count() == 1


@pytest.mark.django_db
def test_a_slug_race_in_the_admin_is_a_form_error_not_a_500(editor_client):
    make_dataset(slug="ai-papers")  # created by another editor after this form was checked
    real = ModelForm.validate_unique
    calls = []

    def unique_first_time_only(form):
        calls.append(1)
        if len(calls) > 1:
            real(form)

    with (
        mock.patch.object(ModelForm, "validate_unique", unique_first_time_only),
        mock.patch.object(Dataset, "full_clean"),
    ):
        response = editor_client.post(
            reverse("admin:datasets_dataset_add"), dataset_form(b"k,v\na,1\n")
        )
    assert response.status_code == 200
    assert "Dataset with this Slug already exists." in response.content.decode()
    assert Dataset.objects.filter(slug="ai-papers").count() == 1


@pytest.mark.django_db
def test_a_small_workbook_that_unzips_large_is_imported_in_the_background(editor_client, settings):
    from tests.datasets.shapes import xlsx_rows

    data = xlsx_rows(200_000)
    settings.DATASET_BACKGROUND_BYTES = len(data) + 1  # the file is under the threshold...
    source = ingest.open_source(ContentFile(data, name="w.xlsx"), glance=True)
    assert source.unpacked > settings.DATASET_BACKGROUND_BYTES  # ...what it unzips to is not
    response = editor_client.post(
        reverse("admin:datasets_dataset_add"), dataset_form(data, name="w.xlsx")
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("admin:datasets_dataset_import", args=[job.pk])


@pytest.mark.django_db
def test_an_upload_past_the_request_budget_is_a_form_error(editor_client, settings):
    settings.DATASET_IMPORT_REQUEST_SECONDS = 0
    response = editor_client.post(reverse("admin:datasets_dataset_add"), dataset_form(CSV))
    assert response.status_code == 200
    assert "Stopped after 0 s" in response.content.decode()
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_the_progress_page_shows_rows_stored_so_far(editor_client):
    job = _job(CSV, state=ImportJob.State.STORING, rows_read=1000, rows_total=3000)
    page = editor_client.get(reverse("admin:datasets_dataset_import", args=[job.pk]))
    html = page.content.decode()
    assert "Stored 1,000 of 3,000 rows (33%)" in html
    assert '<progress value="1000" max="3000"' in html
