"""A large table's workbook (or Parquet file) is written once by the task worker and kept
(datasets/exports.py): no download holds a web worker while a minute of openpyxl runs."""

import io

import openpyxl
import pyarrow.parquet as pq
import pytest
from django.core.files.storage import default_storage
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from datasets import exports, removal
from datasets.models import Export, ImportJob
from tests.factories import (
    add_version,
    dataset_form,
    make_article,
    make_chart,
    make_dataset,
    publish_version,
)

pytestmark = pytest.mark.django_db

TABLE = b"code,year,amount,day\n" + b"".join(
    f"{i:05d},{2000 + i % 20},{i}.{i % 10}0,2021-03-{1 + i % 28:02d}\n".encode() for i in range(40)
)
URL = reverse("api:dataset-xlsx", args=["big"])


@pytest.fixture
def big(settings):
    settings.DATASET_XLSX_REQUEST_CELLS = 100  # 40 rows x 4 columns: past it
    dataset = make_dataset(content=TABLE, slug="big", title="Big: table")
    chart = make_chart(dataset=dataset, label_column="code", value_columns=["amount"])
    make_article(charts=[chart], slug="big-story")
    return dataset


def sheet_rows(body):
    return list(openpyxl.load_workbook(io.BytesIO(body)).active.values)


def test_the_first_request_is_a_503_with_retry_after_and_the_workbook_is_queued(
    api, big, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = api.get(URL)
    assert response.status_code == 503
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # expected: no alarm
    assert response["Retry-After"] == str(exports.RETRY_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert "being written once" in response.json()["detail"]
    export = Export.objects.get()
    assert (export.version, export.kind, export.state) == (big.current_version, "xlsx", "queued")
    assert len(queued) == 1  # the task, enqueued once the row commits
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert api.get(URL).status_code == 503
        assert api.head(URL).status_code == 503  # HEAD says what GET would
    assert again == []  # queued once, not once per request
    assert Export.objects.count() == 1


def test_once_built_the_stored_workbook_is_served_with_the_same_headers(
    api, big, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend builds it
        assert api.get(URL).status_code == 503
    export = Export.objects.get()
    assert export.state == "ready"
    assert export.file.name.startswith("exports/")
    response = api.get(URL)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="big.xlsx"'
    body = b"".join(response.streaming_content)
    settings.DATASET_XLSX_REQUEST_CELLS = 10_000  # the same table written on request
    inline = api.get(URL)
    assert inline["ETag"] == response["ETag"]
    assert sheet_rows(body) == sheet_rows(b"".join(inline.streaming_content))
    assert len(sheet_rows(body)) == 41
    assert sheet_rows(body)[1][:2] == ("00000", 2000)
    assert openpyxl.load_workbook(io.BytesIO(body)).active.title == "Big table"
    settings.DATASET_XLSX_REQUEST_CELLS = 100
    assert api.head(URL).status_code == 200
    assert api.get(URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_renamed_dataset_gets_its_workbook_written_again(
    api, big, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api.get(URL)
    first = Export.objects.get().file.name
    big.title = "Renamed"
    big.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert api.get(URL).status_code == 503
    export = Export.objects.get()
    assert (export.state, export.notes) == ("ready", '{"title": "Renamed"}')
    assert not default_storage.exists(first)
    body = b"".join(api.get(URL).streaming_content)
    assert openpyxl.load_workbook(io.BytesIO(body)).active.title == "Renamed"


def test_filtered_rows_past_the_request_bound_are_a_400_below_it_a_workbook(api, big):
    response = api.get(URL, {"year__gte": "2000"})  # all 40 rows: 160 cells
    assert response.status_code == 400
    assert "at most 25 rows of 4 columns" in response.json()["detail"]
    response = api.get(URL, {"year__gte": "2015"})  # 10 rows
    assert response.status_code == 200
    assert len(sheet_rows(b"".join(response.streaming_content))) == 11
    sorted_whole = api.get(URL, {"sort": "-amount"})  # every row, known before any is read
    assert sorted_whole.status_code == 400
    narrow = api.get(URL, {"columns": "code"})  # 40 rows of 1 column: 40 cells, on request
    assert narrow.status_code == 200
    assert Export.objects.count() == 0


def test_an_embargoed_versions_stored_workbook_is_never_served_to_readers(
    api, staff_api, big, django_capture_on_commit_callbacks
):
    hidden = add_version(big, TABLE.replace(b"code", b"secretcode"))
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_api.get(URL, {"version": 2}).status_code == 503  # the editor's preview
    assert Export.objects.get(version=hidden).state == "ready"
    assert api.get(URL, {"version": 2}).status_code == 404
    response = api.get(URL)  # the reader's version is still the first
    assert response.status_code == 503
    staff = staff_api.get(URL, {"version": 2})
    assert sheet_rows(b"".join(staff.streaming_content))[0][0] == "secretcode"
    publish_version(hidden, label_column="secretcode", value_columns=["amount"])
    with django_capture_on_commit_callbacks(execute=True):
        api.get(URL, {"version": 2})
    assert api.get(URL, {"version": 2}).status_code == 200


def test_a_failed_build_is_reported_and_tried_again_later(
    api, big, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(exports, "xlsx_file", broken)
    with django_capture_on_commit_callbacks(execute=True):
        api.get(URL)
    export = Export.objects.get()
    assert (export.state, export.message) == ("failed", "OSError: disk full")
    response = api.get(URL)
    assert response.status_code == 503
    assert "could not be written" in response.json()["detail"]
    assert int(response["Retry-After"]) > exports.RETRY_SECONDS
    monkeypatch.undo()
    Export.objects.update(updated_at=export.updated_at - exports.STALLED_AFTER * 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.get(URL).status_code == 503  # long enough: queued again, and written
    assert Export.objects.get().state == "ready"
    assert api.get(URL).status_code == 200


def test_deleting_the_dataset_deletes_its_stored_workbooks(
    staff_api, settings, django_capture_on_commit_callbacks
):
    settings.DATASET_XLSX_REQUEST_CELLS = 100
    draft = make_dataset(content=TABLE, slug="draft")  # no chart: the editor's preview
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_api.get(reverse("api:dataset-xlsx", args=["draft"])).status_code == 503
    name = Export.objects.get().file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        removal.delete_datasets(datasets=[draft])
    assert not Export.objects.exists()
    assert not default_storage.exists(name)


def test_a_large_background_import_has_its_workbook_written_at_once(
    editor_client, settings, django_capture_on_commit_callbacks
):
    settings.DATASET_BACKGROUND_BYTES = 100
    settings.DATASET_XLSX_REQUEST_CELLS = 100
    with django_capture_on_commit_callbacks(execute=True):  # the import, then the workbook
        editor_client.post(
            reverse("admin:datasets_dataset_add"), dataset_form(TABLE, name="big.csv")
        )
    version = ImportJob.objects.get().version
    assert version.row_count == 40
    export = Export.objects.get()
    assert (export.version, export.state) == (version, "ready")
    settings.DATASET_XLSX_REQUEST_CELLS = 1000  # small enough to write on request: none queued
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:datasets_dataset_add"),
            dataset_form(TABLE, name="small.csv", title="Small", slug="small"),
        )
    assert Export.objects.count() == 1


def test_a_long_build_says_it_is_alive_so_it_is_not_queued_twice(
    api, big, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "HEARTBEAT_ROWS", 10)
    real, seen = exports.xlsx_file, []

    def watched(*, rows, **kwargs):
        long_ago = timezone.now() - exports.STALLED_AFTER * 2
        Export.objects.update(updated_at=long_ago)  # as if it had been writing for long
        kept = []
        for row in rows:
            kept.append(row)
            seen.append(Export.objects.get().updated_at > long_ago)
        return real(rows=kept, **kwargs)

    monkeypatch.setattr(exports, "xlsx_file", watched)
    with django_capture_on_commit_callbacks(execute=True):
        api.get(URL)
    assert seen.index(True) == 9  # touched at the tenth row
    assert Export.objects.get().state == "ready"


PARQUET_URL = reverse("api:dataset-parquet", args=["big"])


def test_a_very_large_tables_parquet_is_stored_too_with_its_metadata_kept_current(
    api, big, settings, django_capture_on_commit_callbacks
):
    settings.DATASET_PARQUET_REQUEST_CELLS = 100
    with django_capture_on_commit_callbacks(execute=True):
        first = api.get(PARQUET_URL)
    assert first.status_code == 503
    assert "its Parquet file is being written" in first.json()["detail"]
    assert first["Retry-After"] == str(exports.RETRY_SECONDS)
    assert Export.objects.get(kind="parquet").state == "ready"
    stored = api.get(PARQUET_URL)
    assert stored.status_code == 200
    assert stored["Content-Disposition"] == 'attachment; filename="big.parquet"'
    found = pq.read_table(io.BytesIO(b"".join(stored.streaming_content)))
    settings.DATASET_PARQUET_REQUEST_CELLS = 10_000  # the same table written on request
    inline = api.get(PARQUET_URL)
    assert inline["ETag"] == stored["ETag"]
    expected = pq.read_table(io.BytesIO(b"".join(inline.streaming_content)))
    assert found.equals(expected, check_metadata=True)
    assert found.num_rows == 40
    settings.DATASET_PARQUET_REQUEST_CELLS = 100
    big.column_notes = {"amount": {"title": "Amount paid"}}  # in the file's Table Schema
    big.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert api.get(PARQUET_URL).status_code == 503  # written again
    again = pq.read_table(io.BytesIO(b"".join(api.get(PARQUET_URL).streaming_content)))
    assert b"Amount paid" in again.schema.metadata[b"chartweek"]
    filtered = api.get(PARQUET_URL, {"year__gte": "2015"})  # on request, as ever
    assert filtered.status_code == 200
    assert Export.objects.filter(kind="parquet").count() == 1
