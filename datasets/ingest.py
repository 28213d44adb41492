"""Turning an uploaded data file into a typed table, and storing it on a Dataset.

`read_table` parses and types; it touches no database. `save_dataset` stores a
parsed table and its file together, atomically: a failure leaves neither behind.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction

from datasets.models import ColumnType, Dataset

MISSING = frozenset({"", "na", "n/a", "-", "..", "null", "none"})
TRUE_WORDS = frozenset({"true", "yes"})
FALSE_WORDS = frozenset({"false", "no"})
DELIMITERS = ",;\t|"
_INTEGER = re.compile(r"[+-]?\d+")
_GROUPED_INTEGER = re.compile(r"[+-]?\d{1,3}(,\d{3})+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(,\d{3})+\.\d+")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y")


class IngestError(ValueError):
    """A file that cannot become a table; the message is written for the editor."""

    def __init__(self, message, *, row=None, column=None):
        self.row = row
        self.column = column
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column “{column}”")
        if where:
            message = f"{message} ({', '.join(where)})"
        super().__init__(message)


@dataclass(frozen=True)
class Table:
    columns: list[dict]  # [{"name": str, "type": ColumnType value}]
    rows: list[list]
    encoding: str
    delimiter: str
    checksum: str

    @property
    def delimiter_name(self):
        return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[self.delimiter]

    @property
    def row_count(self):
        return len(self.rows)

    @property
    def column_count(self):
        return len(self.columns)


def read_table(file, *, max_bytes=None) -> Table:
    """Parse an uploaded CSV file (a Django File or any binary file object)."""
    max_bytes = max_bytes or settings.DATASET_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise IngestError(f"The file is {size:,} bytes; the limit is {max_bytes:,} bytes.")
    file.seek(0)
    raw = file.read(max_bytes + 1)
    file.seek(0)
    if len(raw) > max_bytes:
        raise IngestError(f"The file is larger than the limit of {max_bytes:,} bytes.")
    checksum = hashlib.sha256(raw).hexdigest()
    text, encoding = _decode(raw)
    records, delimiter = _split(text)
    header, body = _header(records)
    columns, rows = _type_columns(header, body)
    return Table(columns, rows, encoding, delimiter, checksum)


def _decode(raw: bytes) -> tuple[str, str]:
    if not raw.strip():
        raise IngestError("The file is empty.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise IngestError("The file says it is UTF-16 but is not valid UTF-16.") from None
    if b"\x00" in raw[:8192]:
        raise IngestError("This looks like a binary file, not a text table such as CSV.")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8 (with BOM)"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Spreadsheets on Windows save "CSV" in Windows-1252, a superset of Latin-1's letters.
        return raw.decode("cp1252", errors="replace"), "Windows-1252"


def _split(text: str) -> tuple[list[list[str]], str]:
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    try:
        records = [
            [cell.strip() for cell in record]
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            if any(cell.strip() for cell in record)
        ]
    except csv.Error as exc:
        raise IngestError(f"The file is not valid CSV: {exc}.") from None
    return records, delimiter


def _header(records):
    if not records:
        raise IngestError("The file has no rows.")
    header, body = records[0], records[1:]
    if len(header) > settings.DATASET_MAX_COLUMNS:
        raise IngestError(
            f"The file has {len(header)} columns; the limit is {settings.DATASET_MAX_COLUMNS}."
        )
    if len(body) > settings.DATASET_MAX_ROWS:
        raise IngestError(
            f"The file has {len(body):,} rows; the limit is {settings.DATASET_MAX_ROWS:,}."
        )
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            raise IngestError(f"Column {position} of the header row has no name.", row=1)
        if name.lower() in seen:
            raise IngestError(f"Two columns are called “{name}”.", row=1)
        seen.add(name.lower())
    if not body:
        raise IngestError("The file has a header row but no data rows.")
    for number, record in enumerate(body, start=2):
        if len(record) != len(header):
            raise IngestError(
                f"This row has {len(record)} cells but the header has {len(header)}.",
                row=number,
            )
    return header, body


def _type_columns(header, body):
    columns = []
    converted = [[None] * len(header) for _ in body]
    for index, name in enumerate(header):
        cells = [record[index] for record in body]
        column_type = infer_type(cells)
        columns.append({"name": name, "type": column_type.value})
        for row_index, cell in enumerate(cells):
            converted[row_index][index] = convert(cell, column_type)
    return columns, converted


def is_missing(cell: str) -> bool:
    return cell.strip().lower() in MISSING


def infer_type(cells) -> ColumnType:
    """The narrowest type every non-missing cell fits."""
    present = [c for c in cells if not is_missing(c)]
    if not present:
        return ColumnType.STRING
    for column_type, test in (
        (ColumnType.BOOLEAN, _is_boolean),
        (ColumnType.INTEGER, _is_integer),
        (ColumnType.NUMBER, _is_number),
        (ColumnType.DATE, _is_date),
    ):
        if all(test(c) for c in present):
            return column_type
    return ColumnType.STRING


def convert(cell: str, column_type: ColumnType):
    """A cell's JSON-ready value: int, float, ISO date string, bool, str or None."""
    if is_missing(cell):
        return None
    match column_type:
        case ColumnType.INTEGER:
            return int(cell.replace(",", ""))
        case ColumnType.NUMBER:
            number = float(cell.replace(",", ""))
            # 980 rather than 980.0: whole values stay whole in JSON and tables.
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
        case ColumnType.BOOLEAN:
            return cell.lower() in TRUE_WORDS
        case ColumnType.DATE:
            return _parse_date(cell).isoformat()
    return cell


def _is_boolean(cell):
    return cell.lower() in TRUE_WORDS | FALSE_WORDS


def _is_integer(cell):
    return bool(_INTEGER.fullmatch(cell) or _GROUPED_INTEGER.fullmatch(cell))


def _is_number(cell):
    return bool(_NUMBER.fullmatch(cell) or _GROUPED_NUMBER.fullmatch(cell)) or _is_integer(cell)


def _parse_date(cell) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cell, fmt).date()
        except ValueError:
            continue
    return None


def _is_date(cell):
    return _parse_date(cell) is not None


def save_dataset(*, dataset: Dataset, table: Table, upload=None, user=None) -> Dataset:
    """Store `table` (parsed from `upload`) on `dataset`, all or nothing.

    The file is written to storage as part of the save; if the database refuses
    the row, the stored file is deleted again so nothing is left half-saved.
    """
    dataset.columns = table.columns
    dataset.rows = table.rows
    dataset.row_count = table.row_count
    dataset.column_count = table.column_count
    dataset.checksum = table.checksum
    if user is not None and dataset.created_by_id is None and user.is_authenticated:
        dataset.created_by = user
    if upload is not None:
        dataset.file = upload
    try:
        with transaction.atomic():
            dataset.full_clean(exclude=["file"])
            dataset.save()
    except Exception:
        if upload is not None and dataset.file and dataset.file.name:
            dataset.file.storage.delete(dataset.file.name)
        raise
    return dataset
