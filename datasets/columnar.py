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

BLOCK = 1 << 20  # bytes of the file per batch (about 20,000 rows of six short columns)
MEMO = 32 << 20  # bytes of distinct cells remembered between batches (seen, converted)
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
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=names, block_size=BLOCK),
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
    lengths = []
    for cells in arrays:
        if pc.any(pc.match_substring(cells, "\x00")).as_py():
            raise Unfit("NUL")
        lengths.append(pc.binary_length(cells))
    bytes_per_row = lengths[0]
    for length in lengths[1:]:
        bytes_per_row = pc.add(bytes_per_row, length)
    # Bytes bound characters from above: a batch within the limits by bytes is within them.
    if pc.max(bytes_per_row).as_py() + len(arrays) > MAX_LINE_CHARS:
        raise Unfit("a long line")
    for cells, length in zip(arrays, lengths, strict=True):
        longest = pc.max(length).as_py()
        if longest > MAX_CELL_CHARS and pc.max(pc.utf8_length(cells)).as_py() > MAX_CELL_CHARS:
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


class Learner:
    """Shows each profile its column's cells, a batch at a time; each distinct cell once
    (seeing a cell again changes nothing a profile decides by)."""

    def __init__(self, profiles: list[ColumnProfile]):
        self.profiles = profiles
        self.seen = [_strings([]) for _ in profiles]
        self.limit = MEMO // max(len(profiles), 1)

    def learn(self, arrays: list[pa.Array]) -> None:
        for i, (profile, cells) in enumerate(zip(self.profiles, arrays, strict=True)):
            if profile.could_be:  # else it is text, whatever comes
                self.seen[i] = _learn(profile, cells, self.seen[i], self.limit)


def _learn(profile: ColumnProfile, cells: pa.Array, seen: pa.Array, limit: int) -> pa.Array:
    """See `cells`, less those in `seen`; return the cells seen by then (up to `limit` bytes)."""
    plain_seen = profile.reads_plain_numbers
    if plain_seen:
        cells = _see_plain(profile, cells)
    distinct = pc.unique(cells)
    if len(seen):
        distinct = pc.filter(distinct, pc.invert(pc.is_in(distinct, value_set=seen)))
    seen = _remember(seen, distinct, limit)
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
    return seen


def _see_plain(profile: ColumnProfile, cells: pa.Array) -> pa.Array:
    """Show the profile one plain number of each kind in `cells`; return the other cells."""
    answers = [_matches(cells, p) for p in PLAIN_NUMBERS]  # PLAIN_PATTERNS' first
    plain = pc.or_(*answers)
    if pc.any(plain).as_py():
        numbers = pc.filter(cells, plain)
        answers = [pc.filter(a, plain) for a in answers]
        answers += [_matches(numbers, p) for p in PLAIN_PATTERNS[len(PLAIN_NUMBERS) :]]
        kind = None  # the answers to the patterns, as the bits of a number
        for answer in answers:
            bit = pc.cast(answer, pa.int8())
            kind = bit if kind is None else pc.add(pc.add(kind, kind), bit)
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
        # Per column: cells converted so far, and their texts (up to MEMO bytes in all).
        self.known = [(_strings([]), _strings([])) for _ in columns]
        self.limit = MEMO // max(len(columns), 1) // 2

    def texts(self, arrays: list[pa.Array]) -> list[pa.Array]:
        return [self._column(i, cells) for i, cells in enumerate(arrays)]

    def _column(self, i: int, cells: pa.Array) -> pa.Array:
        own = None
        for pattern in own_text(self.columns[i]):
            match = _matches(cells, pattern)
            own = match if own is None else pc.or_(own, match)
        if own is not None and pc.all(own).as_py():
            return cells
        others = cells if own is None else pc.filter(cells, pc.invert(own))
        keys, texts = self.known[i]
        at = pc.index_in(others, value_set=keys)
        if at.null_count:
            new = pc.unique(pc.filter(others, at.is_null()))
            converted = _strings([_text(self.converters[i](c)) for c in new.to_pylist()])
            if keys.nbytes + new.nbytes > self.limit or texts.nbytes > self.limit:
                keys, texts = new, converted
            else:
                keys, texts = pa.concat_arrays([keys, new]), pa.concat_arrays([texts, converted])
            self.known[i] = (keys, texts)
            at = pc.index_in(others, value_set=keys)
        replaced = pc.take(texts, at)
        if own is None:
            return replaced
        return pc.replace_with_mask(cells, pc.invert(own), replaced)


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


def _remember(old: pa.Array, new: pa.Array, limit: int) -> pa.Array:
    """`old` and `new` together, or `new` alone past `limit` bytes."""
    return new if old.nbytes + new.nbytes > limit else pa.concat_arrays([old, new])


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
