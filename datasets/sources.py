"""Opening an uploaded file as rows of cell text, whatever its format.

A `Source` is recognised by its content, never by its name: CSV or TSV text in
any of the encodings below, an Excel workbook (.xlsx, see source_xlsx), or a
JSON array of records (see source_json). Its `records()` can be read more than
once, never holds the whole file in memory, and takes time in proportion to the
file whatever its shape: lines are split in one pass over each chunk and none
may grow past MAX_LINE_CHARS.
"""

import codecs
import csv
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings

from datasets import budget
from datasets.cells import CELL_TOO_LONG, MAX_CELL_CHARS, NUL_MESSAGE
from datasets.errors import IngestError
from datasets.source_json import json_columns, json_records
from datasets.source_xlsx import check_sheet, open_workbook, unpacked_size, xlsx_records

CHUNK = 1 << 16
DELIMITERS = ",;\t|"
MAX_LINE_CHARS = 1 << 20  # far past any table's row; the csv module's cells stop at 128 Ki
# Only ever run over complete lines (see _lines): then each match is one line.
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
    unpacked: int = 0  # a workbook's size once unzipped
    json_columns: list | None = None
    workbook: object = None  # openpyxl's, read-only, open across passes

    @property
    def work_bytes(self):
        """How much the parser reads: the file, or a workbook once unzipped."""
        return max(self.size, self.unpacked)

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
            if self.workbook is None:
                self.workbook = open_workbook(self.file)
            yield from xlsx_records(self.workbook, self.sheet)
        elif self.format == "json":
            yield from json_records(self.file, self.codec, self.json_columns)
        else:
            yield from _text_records(self.file, self.codec, self.delimiter)


def open_source(file, *, sheet=None, pasted=False, max_bytes=None, glance=False) -> Source:
    """Recognise an uploaded file; raise IngestError with the reason when it can't be read.

    `glance`: only what is quick whatever the file (its kind, size, encoding, a
    workbook's zip directory), not the checks that read it all (a workbook's
    sheets and parts, JSON's keys): enough to decide where to import it.
    """
    max_bytes = max_bytes or settings.DATASET_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise IngestError(f"The file is {_megabytes(size)}; the limit is {_megabytes(max_bytes)}.")
    checksum, size, head, utf8 = _scan(file, max_bytes)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise IngestError("The file is empty.")
    if head.startswith(b"PK\x03\x04"):
        unpacked = unpacked_size(file, verify=not glance)
        if glance:
            return Source(file, "xlsx", checksum, size, sheet=sheet or "", unpacked=unpacked)
        workbook = open_workbook(file)
        sheet = check_sheet(workbook, sheet)
        return Source(
            file, "xlsx", checksum, size, sheet=sheet, unpacked=unpacked, workbook=workbook
        )
    for signature, what in _WRONG_KINDS:
        if head.startswith(signature):
            raise IngestError(f"This file is {what}.")
    encoding = _encoding(head, utf8)
    if encoding is None:
        raise IngestError("This looks like a binary file, not a table (CSV, TSV, .xlsx or JSON).")
    sample = _decoded_head(file, encoding)
    if sample.lstrip().startswith(("[", "{")):
        columns = None if glance else json_columns(file, encoding)
        return Source(file, "json", checksum, size, codec=encoding, json_columns=columns)
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
        budget.check()
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
            # The csv module's own limit is process-wide and other libraries raise it
            # (frictionless does on import): the cell limit is checked here too.
            if record and max(map(len, record)) > MAX_CELL_CHARS:
                raise IngestError(CELL_TOO_LONG, row=reader.line_num)
            yield reader.line_num, record
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = CELL_TOO_LONG
        else:
            message = f"The file is not valid CSV: {exc}"
        raise IngestError(message, row=reader.line_num + 1) from None


def _lines(file, encoding):
    """The file's lines, decoded chunk by chunk; line ends kept for the csv module.

    Each chunk is cut after its last line end: the lines before the cut are all
    complete, so one findall splits them in a single pass; the rest waits in
    `parts` until a line end comes. A long line costs its length, not its length
    squared (as a pattern searched from every position of an open line would),
    and none may pass MAX_LINE_CHARS.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    parts: list[str] = []
    pending, number = 0, 0
    file.seek(0)
    for chunk in iter(lambda: file.read(CHUNK), b""):
        budget.check()
        text = decoder.decode(chunk)
        if not text:
            continue
        start = 0
        if parts and parts[-1].endswith("\r"):
            # A "\r" held back from the last chunk ends its line, with a "\n" after it.
            start = 1 if text.startswith("\n") else 0
            number += 1
            yield _line(parts, text[:start], number)
            parts, pending = [], 0
        end = len(text) - 1 if text.endswith("\r") else len(text)  # maybe half a "\r\n"
        cut = max(text.rfind("\n", start, end), text.rfind("\r", start, end)) + 1
        if cut > start:
            lines = _LINE.findall(text, start, cut)
            if parts:
                lines[0] = _line(parts, lines[0], number + 1)
                parts, pending = [], 0
            if "\x00" in text:
                _refuse_nul(lines, number)
            number += len(lines)
            yield from lines
            start = cut
        if start < len(text):
            parts.append(text[start:])
            pending += len(text) - start
            if pending > MAX_LINE_CHARS:
                raise IngestError(_too_long(), row=number + 1)
    rest = decoder.decode(b"", final=True)
    if parts or rest:
        yield _line(parts, rest, number + 1)


def _line(parts, end, number):
    line = "".join(parts) + end if parts else end
    if len(line) > MAX_LINE_CHARS:
        raise IngestError(_too_long(), row=number)
    if "\x00" in line:
        raise IngestError(NUL_MESSAGE, row=number)
    return line


def _refuse_nul(lines, number):
    for offset, line in enumerate(lines, start=1):
        if "\x00" in line:
            raise IngestError(NUL_MESSAGE, row=number + offset)


def _too_long():
    return (
        f"A line is longer than {MAX_LINE_CHARS:,} characters: this is not a table "
        "(is it the right file, and saved as CSV?)"
    )
