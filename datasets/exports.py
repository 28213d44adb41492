"""Whole-version files written once by the task worker, kept, and served from storage.

openpyxl writes about 80,000 cells a second: a 1,000,000-row table's workbook is a
minute of CPU, long past any proxy's patience, and nothing could be sent before the
zip is closed. Parquet is ~40 times faster, but a table of millions of rows and
hundreds of columns would hold a worker as long. A version never changes, so a whole
version past what a request may write (DATASET_XLSX_REQUEST_CELLS,
DATASET_PARQUET_REQUEST_CELLS) is written once, in the background, and every later
download streams the stored file:

- `stored(version, kind, notes)` is the ready file's Export, or None;
- `request(version, kind, notes)` makes sure one is queued (once: a unique row per
  version and format), and says when to ask again. A build that failed, or whose worker
  died (no word for STALLED_AFTER), is queued again once that long has passed;
- `build_export` (the task) writes the file with the same writers as a request
  (datasets/excel.py; datasets/parquet_copy.py or parquet.py) into file storage under
  a random name, then marks it ready; while it writes, it touches the export every
  HEARTBEAT_ROWS rows.

`notes` is what the file is written with beside the rows (the sheet's title; the
Table Schema in Parquet's metadata, with the editors' column titles): a file written
with other notes is written again. Who may download it is the download's business (the
same visibility rules as every download, checked before this module is asked); the
stored file is never linked to, and deleting a dataset deletes its files
(datasets/removal.py).
"""

import json
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from datasets import parquet, parquet_copy
from datasets.excel import xlsx_file
from datasets.models import STALLED_AFTER, DatasetVersion, Export

log = logging.getLogger(__name__)
State = Export.State
XLSX, PARQUET = "xlsx", "parquet"
RETRY_SECONDS = 30  # what a client is told to wait before asking again
HEARTBEAT_ROWS = 50_000  # a few seconds of writing
# Each kind: its file (for messages), the formats ready meanwhile, its setting.
KINDS = {
    XLSX: ("workbook", "CSV and Parquet are", "DATASET_XLSX_REQUEST_CELLS"),
    PARQUET: ("Parquet file", "CSV is", "DATASET_PARQUET_REQUEST_CELLS"),
}


def request_rows(columns: int, kind: str = XLSX) -> int:
    """The rows of `columns` columns a download of `kind` may write while a request waits."""
    cells = getattr(settings, KINDS[kind][2])
    return cells // max(1, columns)


def xlsx_notes(dataset) -> dict:
    """What a workbook is written with beside the rows: its sheet is named after the title."""
    return {"title": dataset.title}


def written_on_request(version: DatasetVersion, kind: str = XLSX) -> bool:
    """Whether the version's whole file is small enough to write while a request waits."""
    return version.row_count <= request_rows(len(version.columns), kind)


@dataclass(frozen=True)
class Pending:
    """A workbook not ready yet: how long to wait, and why."""

    retry_after: int
    message: str


def stored(version: DatasetVersion, kind: str, notes: dict) -> Export | None:
    """The version's file of `kind`, written with `notes`, ready to serve; else None."""
    export = Export.objects.filter(version=version, kind=kind, state=State.READY).first()
    if export is None or not export.file or export.notes != _plain(notes):
        return None
    return export


def request(version: DatasetVersion, kind: str, notes: dict) -> Pending:
    """Queue the version's file of `kind` unless it is already queued or being written."""
    plain = _plain(notes)
    what, meanwhile, _ = KINDS[kind]
    waiting = Pending(
        RETRY_SECONDS,
        f"This table is large: its {what} is being written once, then kept. Try again in "
        f"a minute; {meanwhile} ready now.",
    )
    export = Export.objects.filter(version=version, kind=kind).first()
    if export is None:
        try:
            with transaction.atomic():
                export = Export.objects.create(version=version, kind=kind, notes=plain)
        except IntegrityError:  # another request queued it first
            return waiting
        _enqueue(export)
        return waiting
    quiet = timezone.now() - export.updated_at
    outdated = export.state == State.READY and export.notes != plain
    given_up = export.state in (State.FAILED, State.BUILDING) and quiet > STALLED_AFTER
    if outdated or given_up:
        _requeue(export, plain)
    elif export.state == State.FAILED:
        wait = int((STALLED_AFTER - quiet).total_seconds()) + 1
        return Pending(
            wait,
            f"This table's {what} could not be written; it will be tried again. "
            f"{meanwhile} ready now.",
        )
    return waiting


def _plain(notes: dict) -> str:
    """`notes` as stored: JSON text, its keys in their order (jsonb would sort them, and
    Parquet's metadata is written from them)."""
    return json.dumps(notes, default=str)


def _requeue(export: Export, notes: str) -> None:
    updated = Export.objects.filter(pk=export.pk, updated_at=export.updated_at).update(
        state=State.QUEUED, notes=notes, message="", updated_at=timezone.now()
    )
    if updated:  # this request, not a concurrent one, queued it again
        _enqueue(export)


def _enqueue(export: Export) -> None:
    pk = export.pk
    transaction.on_commit(lambda: build_export.enqueue(pk))


@task()
def build_export(export_id: int) -> None:
    export = Export.objects.select_related("version__dataset").filter(pk=export_id).first()
    if export is None or export.state not in (State.QUEUED, State.BUILDING):
        return  # deleted meanwhile, or already written
    _mark(export, state=State.BUILDING)
    version = export.version
    old = export.file.name
    try:
        with _write(export, version) as written:
            name = f"exports/{secrets.token_hex(16)}.{export.kind}"
            name = default_storage.save(name, File(written))
    except Exception as exc:
        log.exception("writing the %s of %s failed", export.kind, version)
        _mark(export, state=State.FAILED, message=f"{exc.__class__.__name__}: {exc}"[:1000])
        return
    if not Export.objects.filter(pk=export.pk).exists():
        default_storage.delete(name)  # the version was deleted while the file was written
        return
    _mark(export, state=State.READY, file=name, message="")
    if old and old != name:
        default_storage.delete(old)


def _write(export: Export, version: DatasetVersion):
    """The whole version as the export's kind, in a temporary file at its start."""
    notes = json.loads(export.notes)
    if export.kind == PARQUET:
        # PostgreSQL's COPY where it can (its profile query reads no rows in Python).
        copied = parquet_copy.parquet_file(version, metadata=notes)
        if copied is not None:
            return copied
        rows = _heartbeat(export, version.stream_rows())
        return parquet.parquet_file(columns=version.columns, rows=rows, metadata=notes)
    rows = _heartbeat(export, version.stream_rows())
    return xlsx_file(columns=version.columns, rows=rows, title=notes["title"])


def _heartbeat(export: Export, rows):
    """The rows, the export touched every HEARTBEAT_ROWS of them: a long build is never
    taken for a stalled one (and queued again) while it runs."""
    every = HEARTBEAT_ROWS
    for count, row in enumerate(rows, start=1):
        if count % every == 0:
            Export.objects.filter(pk=export.pk).update(updated_at=timezone.now())
        yield row


def _mark(export: Export, **fields) -> None:
    for name, value in fields.items():
        setattr(export, name, value)
    export.save(update_fields=[*fields, "updated_at"])


def delete_files(version_pks) -> None:
    """Delete the stored files of these versions' exports, once the delete commits (their
    rows go with the versions)."""
    exported = Export.objects.filter(version__in=version_pks).exclude(file="")
    names = list(exported.values_list("file", flat=True))

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)
