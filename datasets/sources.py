"""Opening an uploaded file as rows of cell text, whatever its format.

A `Source` is recognised by its content, never by its name: CSV or TSV text in
any of the encodings below, an Excel workbook (.xlsx), or a JSON array of
records. Its `records()` can be read more than once and never holds the whole
file in memory (JSON aside: it is parsed whole, within the upload size limit).
"""

import codecs
import csv
import hashlib
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings

from datasets.errors import IngestError

CHUNK = 1 << 16
DELIMITERS = ",;\t|"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")
# Signatures of files people upload by mistake, and what to tell them.
_WRONG_KINDS = [
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Office file: save it as .xlsx or CSV"),
    (b"%PDF", "a PDF: export the table as CSV or .xlsx"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\x1f\x8b", "a gzip archive: unpack it first"),
]


@dataclass
class Source:
    file: object
    format: str  # csv, tsv, xlsx, json, paste
    checksum: str
    size: int
    codec: str = ""  # Python's name for the text encoding
    delimiter: str = ""
    sheet: str = ""
    _json_rows: list | None = None

    @property
    def encoding(self):
        """The text encoding, named for people."""
        return _ENCODING_NAMES.get(self.codec, "")

    @property
    def delimiter_name(self):
        names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
        return names.get(self.delimiter, "")

    def describe(self):
        """How the file was read, in words for the editor."""
        if self.format == "xlsx":
            return f"Excel workbook, sheet “{self.sheet}”"
        if self.format == "json":
            return f"JSON records, {self.encoding}"
        return f"{self.encoding} text, {self.delimiter_name}-separated"

    def records(self):
        """(row number, cells) pairs, header first; numbers as the editor would see them."""
        if self.format == "xlsx":
            yield from _xlsx_records(self.file, self.sheet)
        elif self.format == "json":
            yield from enumerate(self._json_rows)  # records numbered from 1
        else:
            yield from _text_records(self.file, self.codec, self.delimiter)


def open_source(file, *, sheet=None, pasted=False, max_bytes=None) -> Source:
    """Recognise an uploaded file; raise IngestError with the reason when it can't be read."""
    max_bytes = max_bytes or settings.DATASET_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise IngestError(f"The file is {_megabytes(size)}; the limit is {_megabytes(max_bytes)}.")
    checksum, size, head, utf8 = _scan(file, max_bytes)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise IngestError("The file is empty.")
    if head.startswith(b"PK\x03\x04"):
        return Source(file, "xlsx", checksum, size, sheet=_check_workbook(file, sheet))
    for signature, what in _WRONG_KINDS:
        if head.startswith(signature):
            raise IngestError(f"This file is {what}.")
    encoding = _encoding(head, utf8)
    if encoding is None:
        raise IngestError("This looks like a binary file, not a table (CSV, TSV, .xlsx or JSON).")
    sample = _decoded_head(file, encoding)
    if sample.lstrip().startswith(("[", "{")):
        source = Source(file, "json", checksum, size, codec=encoding)
        source._json_rows = _json_records(file, encoding)
        return source
    delimiter = _sniff(sample)
    fmt = "paste" if pasted else ("tsv" if delimiter == "\t" else "csv")
    return Source(file, fmt, checksum, size, codec=encoding, delimiter=delimiter)


def _megabytes(n):
    return f"{n / 1_000_000:.1f} MB"


def _scan(file, max_bytes):
    """One pass over the bytes: checksum, size, the first chunk, and whether it is UTF-8."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, size, head = True, 0, b""
    file.seek(0)
    for chunk in iter(lambda: file.read(CHUNK), b""):
        if not head:
            head = chunk[:4096]
        size += len(chunk)
        if size > max_bytes:
            raise IngestError(f"The file is larger than the limit of {_megabytes(max_bytes)}.")
        digest.update(chunk)
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    file.seek(0)
    return digest.hexdigest(), size, head, utf8


_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with BOM)",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}


def _encoding(head, utf8):
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        return None
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig" if utf8 else None
    if utf8:
        return "utf-8"
    # Spreadsheets on Windows save "CSV" in Windows-1252, a superset of Latin-1's letters.
    return "cp1252"


def _decoded_head(file, encoding):
    file.seek(0)
    raw = file.read(CHUNK)
    file.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(raw)


def _sniff(sample):
    """The delimiter that splits the first lines into the same number of cells most often."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")) and len(sample) >= CHUNK - 8:
        lines = lines[:-1]  # the last line of a partial sample may be cut short
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        counts = [len(_split_line(line, delimiter)) for line in lines]
        if not counts or counts[0] < 2:
            continue
        score = sum(1 for c in counts if c == counts[0]) * 10 + counts[0]
        if score > best_score:
            best, best_score = delimiter, score
    if not best_score:
        # One column: any delimiter that splits no line keeps each line whole.
        return next((d for d in DELIMITERS if all(d not in line for line in lines)), ",")
    return best


def _split_line(line, delimiter):
    return next(csv.reader([line], delimiter=delimiter), [])


def _text_records(file, encoding, delimiter):
    reader = csv.reader(_lines(file, encoding), delimiter=delimiter, strict=False)
    try:
        for record in reader:
            yield reader.line_num, record
    except csv.Error as exc:
        raise IngestError(f"The file is not valid CSV: {exc}", row=reader.line_num) from None


def _lines(file, encoding):
    """The file's lines, decoded chunk by chunk; line ends kept for the csv module."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    file.seek(0)
    for chunk in iter(lambda: file.read(CHUNK), b""):
        text = pending + decoder.decode(chunk)
        end = 0
        for match in _LINE.finditer(text):
            if match.end() == len(text) and text.endswith("\r"):
                break  # "\r" at a chunk's end may be the first half of "\r\n"
            yield match.group()
            end = match.end()
        pending = text[end:]
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def _check_workbook(file, sheet):
    """Refuse damaged workbooks and zip bombs before openpyxl unpacks anything."""
    limit = settings.DATASET_MAX_XLSX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise IngestError("This is a zip archive, not an Excel workbook (.xlsx).")
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > limit:
                raise IngestError(
                    f"The workbook unpacks to {_megabytes(unpacked)}, over the limit of "
                    f"{_megabytes(limit)}."
                )
            damaged = archive.testzip()
            if damaged:
                raise IngestError(f"The workbook is damaged (its part {damaged} is corrupt).")
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError):
        raise IngestError(
            "The workbook is damaged or incomplete: it could not be unzipped. "
            "Save it again from Excel and re-upload."
        ) from None
    finally:
        file.seek(0)
    workbook = _open_workbook(file)
    try:
        names = workbook.sheetnames
        if sheet and sheet not in names:
            listed = ", ".join(f"“{n}”" for n in names)
            raise IngestError(f"The workbook has no sheet “{sheet}”. Its sheets are: {listed}.")
        return sheet or names[0]
    finally:
        workbook.close()


def _open_workbook(file):
    import openpyxl

    file.seek(0)
    try:
        return openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise IngestError(f"The workbook could not be read ({exc.__class__.__name__}).") from None


def _xlsx_records(file, sheet):
    workbook = _open_workbook(file)
    number = 0
    try:
        for number, row in enumerate(workbook[sheet].iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in row]
            while cells and cells[-1] == "":
                cells.pop()
            yield number, cells
    except IngestError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged sheet
        raise IngestError(
            f"The workbook is damaged: its sheet could not be read ({exc.__class__.__name__}).",
            row=number + 1,
        ) from None
    finally:
        workbook.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    return str(value).strip()


def _json_records(file, encoding):
    file.seek(0)
    try:
        # Numbers stay the text they were written as (no float, no digit limit):
        # the columns read them as any other cell.
        text = file.read().decode(encoding)
        data = json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(f"The file is not valid JSON: {exc}.") from None
    finally:
        file.seek(0)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise IngestError("A JSON file must be an array of records: [{...}, {...}].")
    columns = list(dict.fromkeys(key for record in data for key in record))
    rows = [columns]
    for number, record in enumerate(data, start=1):
        row = []
        for name in columns:
            value = record.get(name)
            if isinstance(value, dict | list):
                raise IngestError(
                    "Nested values are not supported: give each record flat values",
                    row=number,
                    column=name,
                )
            row.append(_cell_text(value))
        rows.append(row)
    return rows
