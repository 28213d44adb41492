"""A JSON array of flat records, read one record at a time.

Never parsed whole: the array is walked record by record with the standard
decoder's `raw_decode` over a window of the file, so memory holds one record
(at most MAX_RECORD_CHARS) and time grows with the file. A first pass learns the
columns (the keys in order of first appearance) and stops at the column limit;
each later pass yields the rows.
"""

import codecs
import json
import re

from django.conf import settings

from datasets import budget
from datasets.cells import cell_text, clean_text
from datasets.errors import IngestError

CHUNK = 1 << 16
MAX_RECORD_CHARS = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
# Numbers stay the text they were written as (no float, no digit limit): the
# columns read them as any other cell.
_decode = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str).raw_decode
_TOO_LONG = (
    f"A record is longer than {MAX_RECORD_CHARS:,} characters: give each record flat values."
)


class _Window:
    """The undecoded rest of the file, read ahead in chunks as the walk needs it."""

    def __init__(self, file, encoding):
        file.seek(0)
        self.file = file
        self.decoder = codecs.getincrementaldecoder(encoding)()
        self.text = ""
        self.pos = 0
        self.eof = False

    def more(self, at_least=1):
        """Drop what was read and buffer at least `at_least` more characters, if there are."""
        parts = [self.text[self.pos :]]
        self.pos = 0
        size, wanted = len(parts[0]), len(parts[0]) + at_least
        while size < wanted and not self.eof:
            budget.check()
            chunk = self.file.read(CHUNK)
            self.eof = not chunk
            try:
                text = self.decoder.decode(chunk, final=self.eof)
            except UnicodeDecodeError as exc:
                raise IngestError(f"The file is not valid JSON: {exc}.") from None
            parts.append(text)
            size += len(text)
        self.text = "".join(parts)

    def peek(self):
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]  # \s* always matches
            if self.pos < len(self.text):
                return self.text[self.pos]
            if self.eof:
                return ""
            self.more()

    def value(self):
        """Decode the next JSON value, reading ahead as far as it needs (within the limit)."""
        self.peek()  # raw_decode does not skip white space
        while True:
            try:
                value, end = _decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                available = len(self.text) - self.pos
                cut_short = exc.pos >= len(self.text) - 12 or exc.msg.startswith("Unterminated")
                if self.eof or not cut_short:
                    raise IngestError(f"The file is not valid JSON: {exc.msg}.") from None
                if available > MAX_RECORD_CHARS:
                    raise IngestError(_TOO_LONG) from None
                self.more(at_least=max(available, CHUNK))  # doubling: linear overall
                continue
            except RecursionError:
                raise IngestError(
                    "The JSON is nested too deeply: give each record flat values."
                ) from None
            if end == len(self.text) and not self.eof and not isinstance(value, dict | list):
                self.more()  # a number or word may go on in the next chunk
                continue
            if end - self.pos > MAX_RECORD_CHARS:
                raise IngestError(_TOO_LONG)
            self.pos = end
            return value


def _walk(file, encoding):
    """(record number, record) for each item of the top-level array, numbered from 1."""
    window = _Window(file, encoding)
    if window.peek() != "[":
        raise IngestError("A JSON file must be an array of records: [{...}, {...}].")
    window.pos += 1
    number = 0
    if window.peek() == "]":
        window.pos += 1
    else:
        while True:
            budget.check()
            number += 1
            record = window.value()
            if not isinstance(record, dict):
                raise IngestError(
                    "A JSON file must be an array of records: [{...}, {...}].", row=number
                )
            yield number, record
            after = window.peek()
            window.pos += 1
            if after == "]":
                break
            if after != ",":
                raise IngestError("The file is not valid JSON: expected , or ].", row=number)
    if window.peek():
        raise IngestError("The file is not valid JSON: there is more after the array.")


def json_columns(file, encoding) -> list[str]:
    """The columns: every key, in order of first appearance, up to the column limit."""
    limit = settings.DATASET_MAX_COLUMNS
    columns: dict[str, None] = {}
    for number, record in _walk(file, encoding):
        for key in record:
            if key not in columns:
                if len(columns) >= limit:
                    raise IngestError(
                        f"The records have more than {limit} different keys; "
                        f"the limit is {limit} columns.",
                        row=number,
                    )
                clean_text(key, row=number)  # refuses NUL
                columns[key] = None
    file.seek(0)
    return list(columns)


def json_records(file, encoding, columns):
    """(row number, cells): the header, then each record's values in the columns' order."""
    yield 0, [clean_text(name) for name in columns]
    known = set(columns)
    for number, record in _walk(file, encoding):
        if not known.issuperset(record):
            raise IngestError("The file changed while it was being read. Upload it again.")
        row = []
        for name in columns:
            value = record.get(name)
            if isinstance(value, dict | list):
                raise IngestError(
                    "Nested values are not supported: give each record flat values",
                    row=number,
                    column=clean_text(name),
                )
            row.append(cell_text(value, row=number))
        yield number, row
