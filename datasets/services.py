"""Uploading data: a new dataset with its first file, or a new version of one.

One path for the admin, the API and the `importdataset` command, in two steps
so each can show a refusal where it shows errors (a form, a 400, a command
error) before anything is written:

- `prepare_upload` looks at the file. One the parser would take long over
  (`ingest.in_background`: large, or a workbook that unzips large) is only
  recognised at a glance, to be read by the task worker; any other is
  inspected now. `prepare_retype` reads the current data again with new column
  types (always now: the stored copy is never handed to the worker, which
  deletes what it was given).
- `upload_data` stores it: now, as the dataset's next version (ingest.py), or
  as an ImportJob that the worker (datasets/tasks.py) runs once the
  transaction commits. A new dataset is created with its first version, all
  or nothing; in the background, by the worker.

Both raise ingest.IngestError (SlugTaken among them) with a sentence for the
editor, and ValidationError for a dataset that does not validate.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction

from datasets import ingest
from datasets.models import Dataset, DatasetVersion, ImportJob
from datasets.tasks import run_import

__all__ = [
    "METADATA_FIELDS",
    "Prepared",
    "Uploaded",
    "prepare_retype",
    "prepare_upload",
    "upload_data",
]

# What describes a dataset, as editors fill it in (the admin form, the API, the worker).
METADATA_FIELDS = [
    "title",
    "slug",
    "description",
    "source_name",
    "source_url",
    "licence",
    "attribution",
    "temporal_coverage",
    "redistributable",
]


@dataclass
class Prepared:
    """An upload looked at: inspected now, or (no inspection) left for the worker."""

    file: File
    sheet: str = ""
    pasted: bool = False
    types: dict[str, str] | None = None
    inspection: ingest.Inspection | None = None

    @property
    def background(self) -> bool:
        return self.inspection is None


@dataclass
class Uploaded:
    """What `upload_data` did: a version stored now, or a job queued for the worker."""

    dataset: Dataset  # unsaved while a new dataset waits for the worker
    version: DatasetVersion | None = None
    job: ImportJob | None = None


def prepare_upload(
    *, file: File, sheet: str = "", pasted: bool = False, types: dict[str, str] | None = None
) -> Prepared:
    """Recognise `file` and decide: inspected now, or read by the task worker.

    `types` maps column names to the type chosen instead of the inferred one.
    Pasted text is always read now (it came in the request, within its size limit).
    """
    if not pasted:
        with ingest.request_budget():
            source = ingest.open_source(file, sheet=sheet or None, glance=True)
        if ingest.in_background(source):
            return Prepared(file=file, sheet=sheet, types=types)
    inspection = ingest.inspect(file, sheet=sheet or None, pasted=pasted, types=types)
    return Prepared(file=file, sheet=sheet, pasted=pasted, types=types, inspection=inspection)


def prepare_retype(*, version: DatasetVersion, types: dict[str, str]) -> Prepared:
    """Read `version`'s stored file again with `types`, checking now that every cell fits."""
    stored = version.file.open("rb")
    inspection = ingest.inspect(stored, sheet=version.sheet, types=types, verify=True)
    return Prepared(file=stored, sheet=version.sheet, types=types, inspection=inspection)


@transaction.atomic
def upload_data(
    *,
    dataset: Dataset,
    prepared: Prepared,
    by=None,
    note: str = "",
    on_progress: Callable[[int], None] | None = None,
) -> Uploaded:
    """Store `prepared` as `dataset`'s next version, now or in the background.

    A new `dataset` (not saved yet) is saved with its first version; in the
    background, its metadata waits in the job and the worker creates it.
    """
    user = by if getattr(by, "is_authenticated", False) else None
    if prepared.background:
        return Uploaded(dataset=dataset, job=_queue(dataset, prepared, user=user, note=note))
    version = ingest.import_version(
        dataset=dataset,
        inspection=prepared.inspection,
        upload=prepared.file,
        user=user,
        note=note,
        on_progress=on_progress,
    )
    return Uploaded(dataset=version.dataset, version=version)


def _queue(dataset, prepared, *, user, note):
    new_dataset = None
    if dataset.pk is None:  # created by the worker with its first version, all or nothing
        new_dataset = {name: getattr(dataset, name) for name in METADATA_FIELDS}
    with ingest.storage_guard():  # staging the file can meet a full disk too
        job = ImportJob.objects.create(
            dataset=dataset if dataset.pk else None,
            dataset_title=dataset.title[:200],
            new_dataset=new_dataset,
            file=prepared.file,
            original_name=(prepared.file.name or "upload")[:255],
            sheet=prepared.sheet,
            types=prepared.types or {},
            pasted=prepared.pasted,
            note=note,
            created_by=user,
        )
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job
