"""Whole-version workbooks written once by the task worker, kept, and served from storage.

openpyxl writes about 80,000 cells a second: a 1,000,000-row table is a minute of CPU,
long past any proxy's patience, and nothing could be sent before the zip is closed.
A version never changes, so its whole workbook is written once, in the background, and
every later download streams the stored file:

- `stored(version, title)` is the ready file's Export, or None;
- `request(version, title)` makes sure one is queued (once: a unique row per version and
  format), and says when to ask again. A build that failed, or whose worker died (no
  word for STALLED_AFTER), is queued again once that long has passed;
- `build_export` (the task) writes the workbook with datasets/excel.py, the same writer
  as on request, into file storage under a random name, then marks it ready; while it
  writes, it touches the export every HEARTBEAT_ROWS rows.

The sheet is named after the dataset's title: a file written under another title is
written again. Who may download it is the download's business (the same visibility
rules as every download, checked before this module is asked); the stored file is
never linked to, and deleting a dataset deletes its files (datasets/removal.py).
"""

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from datasets.excel import xlsx_file
from datasets.models import STALLED_AFTER, DatasetVersion, Export

log = logging.getLogger(__name__)
State = Export.State
XLSX = "xlsx"
RETRY_SECONDS = 30  # what a client is told to wait before asking again
HEARTBEAT_ROWS = 50_000  # a few seconds of writing


def request_rows(columns: int) -> int:
    """The rows of `columns` columns an Excel download may write while a request waits."""
    return max(1, settings.DATASET_XLSX_REQUEST_CELLS // max(1, columns))


def written_on_request(version: DatasetVersion) -> bool:
    """Whether the version's whole workbook is small enough to write while a request waits."""
    return version.row_count <= request_rows(len(version.columns))


@dataclass(frozen=True)
class Pending:
    """A workbook not ready yet: how long to wait, and why."""

    retry_after: int
    message: str


def stored(version: DatasetVersion, title: str) -> Export | None:
    """The version's workbook, written under `title`, ready to serve; else None."""
    export = Export.objects.filter(version=version, kind=XLSX, state=State.READY).first()
    return export if export is not None and export.title == title and export.file else None


def request(version: DatasetVersion, title: str) -> Pending:
    """Queue the version's workbook unless it is already queued or being written."""
    export = Export.objects.filter(version=version, kind=XLSX).first()
    if export is None:
        try:
            with transaction.atomic():
                export = Export.objects.create(version=version, kind=XLSX, title=title)
        except IntegrityError:  # another request queued it first
            return Pending(RETRY_SECONDS, BEING_WRITTEN)
        _enqueue(export)
        return Pending(RETRY_SECONDS, BEING_WRITTEN)
    quiet = timezone.now() - export.updated_at
    outdated = export.state == State.READY and export.title != title
    given_up = export.state in (State.FAILED, State.BUILDING) and quiet > STALLED_AFTER
    if outdated or given_up:
        _requeue(export, title)
    elif export.state == State.FAILED:
        wait = int((STALLED_AFTER - quiet).total_seconds()) + 1
        return Pending(wait, FAILED)
    return Pending(RETRY_SECONDS, BEING_WRITTEN)


BEING_WRITTEN = (
    "This table is large: its workbook is being written once, then kept. Try again in a "
    "minute; CSV and Parquet are ready now."
)
FAILED = (
    "This table's workbook could not be written; it will be tried again. CSV and Parquet "
    "are ready now."
)


def _requeue(export: Export, title: str) -> None:
    updated = Export.objects.filter(pk=export.pk, updated_at=export.updated_at).update(
        state=State.QUEUED, title=title, message="", updated_at=timezone.now()
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
        rows = _heartbeat(export, version.stream_rows())
        with xlsx_file(columns=version.columns, rows=rows, title=export.title) as workbook:
            name = default_storage.save(f"exports/{secrets.token_hex(16)}.xlsx", File(workbook))
    except Exception as exc:
        log.exception("writing the workbook of %s failed", version)
        _mark(export, state=State.FAILED, message=f"{exc.__class__.__name__}: {exc}"[:1000])
        return
    if not Export.objects.filter(pk=export.pk).exists():
        default_storage.delete(name)  # the version was deleted while the file was written
        return
    _mark(export, state=State.READY, file=name, message="")
    if old and old != name:
        default_storage.delete(old)


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
