"""Background imports: large uploads are read and stored by the task worker.

datasets/services.py (for the admin, the API and `importdataset`) stores the
upload, records an ImportJob and enqueues `run_import` once that commits; the
editor's progress page and the API's /api/v1/imports/<id>/ read the job. The job
is updated outside the import's transaction, so its progress is visible while the rows load.

The import runs within DATASET_IMPORT_TASK_SECONDS and stops at its next row
when the worker gets SIGTERM (datasets/budget.py); either way the job fails
with the reason and nothing is saved. While it runs, the job is touched every
few seconds (a heartbeat), so it is never taken for a stalled one. A version too
large for its Excel workbook to be written on request has it queued at once
(datasets/exports.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.models import Field
from django.tasks import task
from django.utils import timezone

from datasets import budget, exports, ingest
from datasets.models import STALLED_AFTER, Dataset, DatasetVersion, ImportJob

State = ImportJob.State


def _update(job, **fields):
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated_at"])


def _column(name: str) -> str:
    field = ImportJob._meta.get_field(name)
    assert isinstance(field, Field)  # the job's own columns, not relations
    assert field.column
    return field.column


def _update_aside(job, **fields):
    """Update the job on a connection of its own, committed at once.

    The import's transaction is open while rows are stored: an update through
    the task's own connection would stay invisible until the end, and the job
    would look stalled. On SQLite, whose writers queue behind that transaction,
    only the object in memory is updated.
    """
    for name, value in fields.items():
        setattr(job, name, value)
    job.updated_at = timezone.now()
    if connection.vendor == "sqlite":
        return
    names = [*fields, "updated_at"]
    columns = ", ".join(f"{_column(n)} = %s" for n in names)
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with side.cursor() as cursor:
            cursor.execute(
                # Table and column names come from the model, values are parameters.
                f"UPDATE {ImportJob._meta.db_table} SET {columns} WHERE id = %s",  # noqa: S608
                [getattr(job, n) for n in names] + [job.pk],
            )
    except DatabaseError:
        pass  # progress is a courtesy: never let it stop the import
    finally:
        side.close()


@task()
def run_import(job_id: int):
    job = ImportJob.objects.select_related("dataset", "created_by").get(pk=job_id)
    if job.state != State.QUEUED:
        return  # already run (a retried task)
    _update(job, state=State.READING)
    aside = {"on": False}  # while the import's transaction is open, update the job aside

    def progress(**fields):
        (_update_aside if aside["on"] else _update)(job, **fields)

    work = budget.time_budget(
        seconds=settings.DATASET_IMPORT_TASK_SECONDS,
        heartbeat=progress,
        stop_on_sigterm=True,
    )
    try:
        with work, job.file.open("rb") as handle:
            upload = File(handle, name=job.original_name)
            inspection = ingest.inspect(
                upload,
                sheet=job.sheet,
                pasted=job.pasted,
                types=job.types,
                on_progress=lambda n: progress(rows_read=n),
            )
            _update(job, state=State.STORING, rows_read=0, rows_total=inspection.row_count)
            dataset = job.dataset
            if dataset is None:
                assert job.new_dataset is not None  # a job names its dataset or describes one
                dataset = Dataset(**job.new_dataset, created_by=job.created_by)
            aside["on"] = True
            try:
                version = ingest.import_version(
                    dataset=dataset,
                    inspection=inspection,
                    upload=upload,
                    user=job.created_by,
                    note=job.note,
                    on_progress=lambda n: progress(rows_read=n),
                )
            finally:
                aside["on"] = False
    except ingest.IngestError as exc:
        _fail(job, str(exc))
        return
    except ValidationError as exc:  # e.g. the slug was taken meanwhile
        _fail(job, "; ".join(exc.messages))
        return
    except Exception as exc:
        _fail(job, f"The import stopped unexpectedly ({exc.__class__.__name__}). Try again.")
        raise
    _update(
        job, state=State.DONE, dataset=version.dataset, version=version, rows_read=version.row_count
    )
    _discard_upload(job)
    if not exports.written_on_request(version):
        # its workbook, before anyone asks
        exports.request(version, exports.XLSX, exports.xlsx_notes(version.dataset))


def _discard_upload(job):
    """The staging copy is no longer needed once the import has ended, either way."""
    job.file.delete(save=False)
    _update(job, file="")


def _fail(job, message):
    _update(job, state=State.FAILED, message=message)
    _discard_upload(job)


def recover_stalled_imports():
    """Mark imports whose worker died as failed; their transaction never committed.

    A worker killed after storing the file but before committing leaves that file
    behind, referenced by nothing: those files are swept too.
    """
    stalled = [
        job
        for job in ImportJob.objects.exclude(state__in=[State.DONE, State.FAILED, State.QUEUED])
        if job.stalled
    ]
    for job in stalled:
        _fail(job, "The import was interrupted before it finished. Nothing was saved.")
    if stalled:
        sweep_orphan_files(older_than=STALLED_AFTER)
    return len(stalled)


def sweep_orphan_files(*, older_than):
    """Delete uploaded data files that no version refers to (older than `older_than`)."""
    referenced = set(DatasetVersion.objects.values_list("file", flat=True))
    try:
        folders, _ = default_storage.listdir("datasets")
    except FileNotFoundError:
        return 0
    removed = 0
    for folder in folders:
        for name in default_storage.listdir(f"datasets/{folder}")[1]:
            path = f"datasets/{folder}/{name}"
            if path in referenced:
                continue
            if timezone.now() - default_storage.get_modified_time(path) < older_than:
                continue  # perhaps an import still under way
            default_storage.delete(path)
            removed += 1
    return removed
