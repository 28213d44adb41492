"""The fast path for CSV and TSV uploads: read with pyarrow a batch of rows at a time,
learn the column types and write the rows for COPY a column at a time, not a cell at a
time. It replaces the Python pass (sources._text_records, ColumnProfile.see per cell,
values.converter per cell) for the files it can read exactly, with the same rules:

- Reading: UTF-8 text (a BOM is fine) whose header is its first line. pyarrow's CSV
  parser splits cells as the csv module does (quotes, doubled quotes, newlines in
  quoted cells); anything it cannot reproduce (a ragged row, a parse error, a NUL, a
  cell or line past the Python reader's limits) raises Unfit, and the caller reads the
  file with the Python path, which also gives the precise message for a bad file.
- Types: ColumnProfile learns from the distinct cells only (its verdict does not depend
  on order or repeats). Once it reads plain numbers by pattern, the batch is matched
  against the same patterns (values.PLAIN_PATTERNS, RE2: `\\d` is ASCII as in re.ASCII)
  and it sees one cell of each kind; the rest go to see() one distinct value each.
- Values: cells the converter would give back as written (values.own_text) go to
  PostgreSQL as their own text; each distinct other cell goes through values.converter
  once, and its value's text is put back in every place it came from.

Arrays are built from buffers, never with pa.array() on Python objects: that imports
pandas wherever it is installed (a second and 50 MB, in every new process).
"""

import array
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from datasets import budget
from datasets.cells import MAX_CELL_CHARS
from datasets.sources import MAX_LINE_CHARS, Source
from datasets.values import (
    PLAIN_NUMBERS,
    PLAIN_PATTERNS,
    SPACE,
    Column,
    ColumnProfile,
    converter,
    own_text,
)

BLOCK = 1 << 19  # bytes of the file per batch (about 10,000 rows of six short columns)
THREADS = True
MEMO = 100_000  # distinct cells per column whose converted text is kept between batches
_BLANK = f"^[{SPACE}]*$"


class Unfit(Exception):
    """The file is not one the columnar reader reproduces exactly: use the Python path."""


def readable(source: Source, header: tuple[int, list, list]) -> bool:
    """Whether the columnar reader may read `source`, whose header record is `header`
    (its line number, its cells as read, its names)."""
    number, record, names = header
    return (
        source.format in ("csv", "tsv", "paste")
        and source.codec in ("utf-8", "utf-8-sig")
        and number == 1  # the first line, not a header with a line break in it
        and len(record) == len(names)  # no trailing separators to drop
    )


def batches(source: Source, width: int) -> Iterator[list[pa.Array]]:
    """Each batch of data rows as `width` string arrays; Unfit where the Python reader
    might read the file otherwise."""
    names = [f"c{i}" for i in range(width)]
    file: Any = source.file  # an uploaded file: read, seek, tell
    file.seek(0)
    try:
        reader = pa_csv.open_csv(
            pa.PythonFile(file, mode="r"),
            read_options=pa_csv.ReadOptions(
                skip_rows=1, column_names=names, block_size=BLOCK, use_threads=THREADS
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=source.delimiter or ",", newlines_in_values=True
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
        for batch in reader:
            budget.check()
            if batch.num_rows:
                yield _checked(batch.columns)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise Unfit(str(exc)) from None


def _checked(arrays: list[pa.Array]) -> list[pa.Array]:
    """The batch less its blank rows (all spaces, which the Python reader skips); Unfit for
    what the Python reader refuses: a NUL, a cell or a line past its limits."""
    bytes_per_row = None
    for cells in arrays:
        if pc.any(pc.match_substring(cells, "\x00")).as_py():
            raise Unfit("NUL")
        length = pc.binary_length(cells)
        bytes_per_row = length if bytes_per_row is None else pc.add(bytes_per_row, length)
    # Bytes bound characters from above: a batch within the limits by bytes is within them.
    if pc.max(bytes_per_row).as_py() + len(arrays) > MAX_LINE_CHARS:
        raise Unfit("a long line")
    if any(pc.max(pc.utf8_length(a)).as_py() > MAX_CELL_CHARS for a in arrays):
        raise Unfit("a long cell")
    blank = pc.match_substring_regex(arrays[0], _BLANK)
    if pc.any(blank).as_py():
        for cells in arrays[1:]:
            blank = pc.and_(blank, pc.match_substring_regex(cells, _BLANK))
        if pc.any(blank).as_py():
            keep = pc.invert(blank)
            arrays = [pc.filter(a, keep) for a in arrays]
    return arrays


def _matches(cells: pa.Array, pattern) -> pa.Array:
    """Which cells `pattern` (a compiled re pattern of values.py) matches in full."""
    return pc.match_substring_regex(cells, f"^(?:{pattern.pattern})$")


# Types ----------------------------------------------------------------------


def learn(profiles: list[ColumnProfile], arrays: list[pa.Array]) -> None:
    """Show each profile its column's cells in this batch."""
    for profile, cells in zip(profiles, arrays, strict=True):
        if profile.could_be:  # else it is text, whatever comes
            _learn(profile, cells)


def _learn(profile: ColumnProfile, cells: pa.Array) -> None:
    plain_seen = profile.reads_plain_numbers
    if plain_seen:
        cells = _see_plain(profile, cells)
    distinct = pc.unique(cells)
    start = 0
    while start < len(distinct) and profile.could_be:
        if profile.reads_plain_numbers and not plain_seen:  # the rest by pattern
            distinct, start, plain_seen = _see_plain(profile, distinct.slice(start)), 0, True
            continue
        for cell in distinct.slice(start, 1000).to_pylist():
            start += 1
            profile.see(cell)
            if not profile.could_be or (profile.reads_plain_numbers and not plain_seen):
                break


def _see_plain(profile: ColumnProfile, cells: pa.Array) -> pa.Array:
    """Show the profile one plain number of each kind in `cells`; return the other cells."""
    plain = pc.or_(*(_matches(cells, p) for p in PLAIN_NUMBERS))
    if pc.any(plain).as_py():
        numbers = pc.filter(cells, plain)
        kind = None  # the answers to the patterns, as the bits of a number
        for pattern in PLAIN_PATTERNS:
            answer = pc.cast(_matches(numbers, pattern), pa.int8())
            kind = answer if kind is None else pc.add(pc.add(kind, kind), answer)
        for each in pc.unique(kind):
            first = pc.indices_nonzero(pc.equal(kind, each))[0].as_py()
            profile.see(numbers[first].as_py())
        return pc.filter(cells, pc.invert(plain))
    return cells


# Values ---------------------------------------------------------------------


class Converter:
    """Each batch's cells as the text PostgreSQL reads their values from (null: missing).

    CellError as values.converter raises it, for the first distinct cell that does not
    fit (the caller finds its row with the Python path).
    """

    def __init__(self, columns: list[Column]):
        self.columns = columns
        self.converters = [converter(c) for c in columns]
        self.memos: list[dict] = [{} for _ in columns]

    def texts(self, arrays: list[pa.Array]) -> list[pa.Array]:
        return [self._column(i, cells) for i, cells in enumerate(arrays)]

    def _column(self, i: int, cells: pa.Array) -> pa.Array:
        patterns = own_text(self.columns[i])
        own = None
        for pattern in patterns:
            match = _matches(cells, pattern)
            own = match if own is None else pc.or_(own, match)
        if own is not None and pc.all(own).as_py():
            return cells
        others = cells if own is None else pc.filter(cells, pc.invert(own))
        encoded = pc.dictionary_encode(others)
        converted = _strings(self._convert(i, encoded.dictionary.to_pylist()))
        replaced = pc.take(converted, encoded.indices)
        if own is None:
            return replaced
        return pc.replace_with_mask(cells, pc.invert(own), replaced)

    def _convert(self, i: int, cells: list[str]) -> list[str | None]:
        memo, convert = self.memos[i], self.converters[i]
        if len(memo) > MEMO:
            memo.clear()
        out = []
        for cell in cells:
            text = memo.get(cell, memo)
            if text is memo:
                text = memo[cell] = _text(convert(cell))
            out.append(text)
        return out


def _text(value) -> str | None:
    """A converted value as PostgreSQL reads it in COPY's CSV (as psycopg writes it)."""
    if value is None:
        return None
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def csv_block(first: int, texts: list[pa.Array]) -> bytes:
    """The rows as CSV for COPY … (FORMAT csv): `_n` from `first`, then the columns.
    Text is always quoted, so an empty cell is NULL and a `\\.` line never ends the data."""
    rows = len(texts[0])
    numbers = pa.py_buffer(array.array("q", range(first, first + rows)))
    numbers = pa.Array.from_buffers(pa.int64(), rows, [None, numbers])
    table = pa.Table.from_arrays([numbers, *texts], names=[f"f{i}" for i in range(len(texts) + 1)])
    out = pa.BufferOutputStream()
    pa_csv.write_csv(table, out, pa_csv.WriteOptions(include_header=False, batch_size=1 << 16))
    return out.getvalue().to_pybytes()


def _strings(texts: list[str | None]) -> pa.Array:
    """A string array of `texts`, None as null."""
    data, offsets, nulls = bytearray(), array.array("i", [0]), 0
    valid = bytearray((len(texts) + 7) // 8)
    for i, text in enumerate(texts):
        if text is None:
            nulls += 1
        else:
            data += text.encode()
            valid[i >> 3] |= 1 << (i & 7)
        offsets.append(len(data))
    buffers = [pa.py_buffer(valid), pa.py_buffer(offsets), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.string(), len(texts), buffers, null_count=nulls)
