"""From an uploaded file to a stored dataset version: the one path the admin, the
command line and the API all take.

Two passes over the file, neither holding it in memory: `inspect` checks the
shape and learns each column's type; `import_version` converts every cell and
bulk-loads the rows, inside one transaction, deleting the stored file again if
anything fails, so a failed upload leaves nothing behind.

CSV and TSV in UTF-8 take the columnar path (datasets/columnar.py: pyarrow reads
a batch of rows at a time, and on PostgreSQL the rows go to COPY as CSV) when it
reads the file exactly as the Python reader would; any other file, or one it
cannot reproduce, is read cell by cell in Python, with the same value rules.

Each pass runs within a time budget (datasets/budget.py): the request's
DATASET_IMPORT_REQUEST_SECONDS unless the caller (the task worker) opened a
longer one around both. `in_background` says which uploads go to the worker.
"""

import errno
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from datasets import budget, bulk, columnar, tables
from datasets.dates import has_time_of_day, parse_date
from datasets.errors import IngestError
from datasets.models import ColumnType, Dataset, DatasetVersion
from datasets.sources import Source, open_source
from datasets.values import (
    DOT,
    CellError,
    Column,
    ColumnProfile,
    converter,
    is_missing,
)

__all__ = [
    "IngestError",
    "Inspection",
    "SlugTaken",
    "import_version",
    "in_background",
    "inspect",
    "open_source",
]

PROGRESS_EVERY = 20_000
FILE_CHANGED = "The file changed while it was being read. Upload it again."


class SlugTaken(IngestError):
    """Another dataset took the new dataset's slug after the form was checked."""


def request_budget():
    """The time budget for import work done while a web request waits."""
    return budget.time_budget(seconds=settings.DATASET_IMPORT_REQUEST_SECONDS)


def in_background(source: Source) -> bool:
    """Whether to import this upload in the task worker rather than in the request.

    Decided by the bytes the parser would read: the file, or a workbook once
    unzipped (a small .xlsx can unpack to hundreds of MB). Below the threshold
    every parser is linear and finishes in well under a second.
    """
    return source.work_bytes > settings.DATASET_BACKGROUND_BYTES


@dataclass
class Inspection:
    """What the first pass learnt: how to read the file and what its columns hold."""

    source: Source
    columns: list[Column]
    row_count: int
    columnar: bool = False  # read by datasets/columnar.py, not the Python reader

    @property
    def column_count(self):
        return len(self.columns)

    def column_dicts(self):
        return [c.as_dict() for c in self.columns]

    def summary(self):
        return (
            f"Read {self.row_count:,} rows and {self.column_count} columns "
            f"({self.source.describe()})."
        )

    def rows(self):
        """Every data row as typed values; IngestError names the first cell that does not fit."""
        converters = [converter(column) for column in self.columns]
        for number, record in _data_records(self.source, len(self.columns)):
            try:
                yield [convert(cell) for convert, cell in zip(converters, record, strict=True)]
            except CellError:
                yield self._misfit(number, record)

    def column_texts(self):
        """Columnar inspections: each batch of rows as the text of each column's values
        (datasets/columnar.py); IngestError names the first cell that does not fit."""
        convert = columnar.Converter(self.columns)
        try:
            for arrays in columnar.batches(self.source, len(self.columns)):
                yield convert.texts(arrays)
        except CellError as exc:
            for _ in self.rows():  # the Python path says which row and column
                pass
            raise IngestError(str(exc)) from None
        except columnar.Unfit:  # it read the file the first time
            raise IngestError(FILE_CHANGED) from None

    def copy_blocks(self):
        """Columnar inspections: the rows as CSV for COPY, a block and its row count at a time."""
        count = 0
        for texts in self.column_texts():
            rows = len(texts[0])
            yield columnar.csv_block(count, texts), rows
            count += rows

    def _misfit(self, number, record):
        """Find the cell that does not fit, and say where it is."""
        for column, cell in zip(self.columns, record, strict=True):
            try:
                converter(column)(cell)
            except CellError as exc:
                raise IngestError(str(exc), row=number, column=column.name) from None


def inspect(
    file, *, sheet=None, pasted=False, types=None, verify=False, on_progress=None
) -> Inspection:
    """First pass: recognise the file, check its header and shape, infer column types.

    `types` maps column names to a type the editor chose instead of the inferred one;
    `verify` converts every cell now, so a cell that does not fit its type is
    reported before anything is stored.
    """
    with request_budget():
        inspection = _inspect(
            file, sheet=sheet, pasted=pasted, types=types, on_progress=on_progress
        )
        if verify:
            for _ in inspection.column_texts() if inspection.columnar else inspection.rows():
                pass
    return inspection


def _inspect(file, *, sheet, pasted, types, on_progress) -> Inspection:
    source = open_source(file, sheet=sheet or None, pasted=pasted)
    found = _header(source)
    header = found[2]
    if columnar.readable(source, found):
        try:
            return _inspect_columnar(source, header, types, on_progress)
        except columnar.Unfit:
            pass  # the Python reader reads it, or says what is wrong with it
    profiles = [ColumnProfile(name) for name in header]
    count = 0
    for _number, record in _data_records(source, len(header)):
        count += 1
        _check_count(count)
        for profile, cell in zip(profiles, record, strict=True):
            profile.see(cell)
        if on_progress and count % PROGRESS_EVERY == 0:
            on_progress(count)
    return _inspection(source, profiles, count, types)


def _inspect_columnar(source, header, types, on_progress) -> Inspection:
    profiles = [ColumnProfile(name) for name in header]
    learner = columnar.Learner(profiles)
    count = 0
    for arrays in columnar.batches(source, len(header)):
        count += len(arrays[0])
        _check_count(count)
        learner.learn(arrays)
        if on_progress:
            on_progress(count)
    return _inspection(source, profiles, count, types, columnar=True)


def _check_count(count):
    if count > settings.DATASET_MAX_ROWS:
        raise IngestError(f"The file has more than {settings.DATASET_MAX_ROWS:,} rows, the limit.")


def _inspection(source, profiles, count, types, *, columnar=False) -> Inspection:
    if not count:
        raise IngestError("The file has a header row but no data rows.")
    columns = [p.decide(delimiter=source.delimiter or ",") for p in profiles]
    return Inspection(source, _override(columns, types or {}), count, columnar=columnar)


def _header(source):
    """The header record: its line number, its cells as read, and the column names."""
    for number, record in source.records():
        if not any(cell.strip() for cell in record):
            continue  # blank lines above the table
        cells = [cell.strip() for cell in record]
        while cells and not cells[-1]:
            cells.pop()  # trailing separators, as spreadsheets export them
        _check_header(cells, number)
        return number, record, cells
    raise IngestError("The file has no rows.")


def _check_header(cells, number):
    if len(cells) > settings.DATASET_MAX_COLUMNS:
        raise IngestError(
            f"The file has {len(cells)} columns; the limit is {settings.DATASET_MAX_COLUMNS}.",
            row=number,
        )
    seen = set()
    for position, name in enumerate(cells, start=1):
        if not name:
            raise IngestError(f"Column {position} of the header row has no name.", row=number)
        if name.lower() in seen:
            raise IngestError(f"Two columns are called “{name}”.", row=number)
        seen.add(name.lower())
    if all(_is_number(c) or parse_date(c) is not None or has_time_of_day(c) for c in cells):
        raise IngestError(
            "The first row holds numbers or dates, not column names: add a header row.",
            row=number,
        )


def _is_number(cell):
    try:
        return DOT.parse(cell) is not None
    except CellError:  # a number, if one too large to store
        return True


def _data_records(source, width):
    """(row number, cells) for each data row, checked against the header's width."""
    records = source.records()
    for _number, record in records:
        if any(cell.strip() for cell in record):
            break  # the header
    pad = source.format in ("xlsx", "json")  # spreadsheets drop trailing empty cells
    for number, record in records:
        if not "".join(record).strip():
            continue  # a blank line
        if len(record) > width and all(is_missing(c) and not c.strip() for c in record[width:]):
            record = record[:width]
        if pad and len(record) < width:
            record = record + [""] * (width - len(record))
        if len(record) != width:
            raise IngestError(
                f"This row has {len(record)} cells but the header has {width}.", row=number
            )
        yield number, record


def _override(columns, types):
    names = {c.name for c in columns}
    unknown = sorted(set(types) - names)
    if unknown:
        raise IngestError(f"There is no column called “{unknown[0]}” to set a type for.")
    chosen = []
    for column in columns:
        kind = types.get(column.name)
        if kind and kind != column.type:
            column = Column(column.name, ColumnType(kind), decimal=column.decimal, unit=column.unit)
        chosen.append(column)
    return chosen


def import_version(**kwargs) -> DatasetVersion:
    """Second pass: store the file and its typed rows as the dataset's next version.

    See _import_version; a full storage is reported as an IngestError.
    """
    with storage_guard(), request_budget():
        return _import_version(**kwargs)


def _import_version(
    *, dataset: Dataset, inspection: Inspection, upload, user=None, note="", on_progress=None
) -> DatasetVersion:
    """Second pass: store the file and its typed rows as the dataset's next version.

    Saves `dataset` first when it is new. All or nothing: on any failure the
    transaction rolls back and the stored file is deleted.
    """
    version = None
    try:
        with transaction.atomic():
            if dataset.pk is None:
                if user is not None and user.is_authenticated:
                    dataset.created_by = user
                _create(dataset)
            else:
                # One upload at a time per dataset: version numbers never collide.
                Dataset.objects.select_for_update().filter(pk=dataset.pk).first()
            latest = dataset.versions.aggregate(n=Max("number"))["n"] or 0
            source = inspection.source
            version = DatasetVersion(
                dataset=dataset,
                number=latest + 1,
                file=upload,
                original_name=getattr(upload, "name", "")[:255],
                format=source.format,
                encoding=source.encoding,
                delimiter=source.delimiter,
                sheet=source.sheet,
                checksum=source.checksum,
                columns=inspection.column_dicts(),
                row_count=inspection.row_count,
                column_count=inspection.column_count,
                note=note,
                created_by=user if user is not None and user.is_authenticated else None,
            )
            version.save()
            if inspection.columnar and tables.postgres():
                blocks = inspection.copy_blocks()
                loaded = bulk.load_csv(version, blocks, on_progress=on_progress)
            else:
                loaded = bulk.load_rows(version, inspection.rows(), on_progress=on_progress)
            if loaded != inspection.row_count:  # the file changed between the passes
                raise IngestError(FILE_CHANGED)
            dataset.current_version = version
            # Not updated_at: that dates what readers see of the dataset's metadata, and
            # this upload may be embargoed (visibility.reader_updated_at).
            dataset.save(update_fields=["current_version"])
    except BaseException:
        if version is not None and getattr(version.file, "_committed", False) and version.file.name:
            version.file.storage.delete(version.file.name)
        if dataset.pk is not None and not Dataset.objects.filter(pk=dataset.pk).exists():
            dataset.pk = None  # rolled back: the object is new again
        raise
    return version


def _create(dataset):
    """Save a new dataset; a slug taken meanwhile (a race with another upload) is SlugTaken."""
    try:
        dataset.full_clean(exclude=["current_version"])
        with transaction.atomic():
            dataset.save()
    except ValidationError as exc:
        if "slug" in getattr(exc, "error_dict", {}) and _slug_taken(dataset):
            raise SlugTaken(_slug_message(dataset)) from None
        raise
    except IntegrityError:
        if _slug_taken(dataset):
            dataset.pk = None
            raise SlugTaken(_slug_message(dataset)) from None
        raise


def _slug_taken(dataset):
    return Dataset.objects.filter(slug=dataset.slug).exists()


def _slug_message(dataset):
    return (
        f"Another dataset took the address “{dataset.slug}” while this one was being "
        "saved. Choose another slug. Nothing was saved."
    )


STORAGE_FULL = (
    "There is no room left in the file storage to keep this upload. Nothing was saved. "
    "Ask an administrator to free space, then upload it again."
)


@contextmanager
def storage_guard():
    """A full disk or bucket becomes a message for the editor, not a server error."""
    try:
        yield
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise IngestError(STORAGE_FULL) from exc
        raise
