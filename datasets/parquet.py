"""A version's rows as a Parquet file, the Table Schema's types kept, every value exact.

    integer → int64, or decimal128/256 (scale 0) when a value is beyond int64
    number  → decimal128 with the scale of the most decimals written (decimal256
              past 38 digits); never a float. Past 76 digits: the exact text.
    date    → date32; a column of bare years ("2021") → int32; both mixed → text
    boolean → bool;  string → string (codes such as "01001" stay text)

A Parquet file states its column types before its first row, and the widest
number or the first bare year may be the last row. So rows are read once, a
chunk at a time, into Arrow batches of provisional types (each chunk its own,
kept in a temporary file), while each column's profile (digits, decimals, kinds of
date) is noted; then the batches are cast to the final types (Arrow's C++, no
Python per value) and written as row groups. Memory stays at a chunk or two,
whatever the row count; the caller streams the finished file.
"""

import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import batched
from typing import IO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from datasets.exactjson import Exact, plain

ROW_GROUP = 100_000
SPOOL_BYTES = 16 * 1024 * 1024  # files smaller than this never touch the disk
_INT64 = 2**63


@dataclass
class Profile:
    """What a column's values need, learnt a chunk at a time."""

    kind: str
    whole_digits: int = 1  # digits before the point, at most
    scale: int = 0  # digits after the point, at most
    text: bool = False  # some value fits no exact numeric type: the column is text
    wide: bool = False  # an integer column holds a value beyond int64
    years: bool = False  # a date column holds bare years
    days: bool = False  # a date column holds full dates

    def final_type(self) -> pa.DataType:
        if self.kind == "boolean":
            return pa.bool_()
        if self.kind == "date":
            if self.years and self.days:
                return pa.string()
            return pa.int32() if self.years else pa.date32()
        if self.kind == "integer" and not self.wide and not self.text:
            return pa.int64()
        if self.kind in ("integer", "number") and not self.text:
            precision = self.whole_digits + self.scale
            if precision <= 38:
                return pa.decimal128(precision, self.scale)
            if precision <= 76:
                return pa.decimal256(precision, self.scale)
        return pa.string()


def parquet_file(
    *,
    columns: Sequence[dict],
    rows: Iterable[Sequence],
    metadata: dict | None = None,
    row_group: int = ROW_GROUP,
) -> IO[bytes]:
    """The rows as Parquet in a temporary file, at its start; the caller closes it.

    `columns`: the version's [{"name", "type"}, …]; `metadata`: JSON-able notes
    stored in the file's key-value metadata (e.g. the Table Schema).
    """
    profiles = [Profile(str(column["type"])) for column in columns]
    names = [str(column["name"]) for column in columns]
    with tempfile.TemporaryFile() as staged:
        spans = []  # (start, length) of each chunk's Arrow stream: each in its own types
        for chunk in batched(rows, row_group):
            by_column = list(zip(*chunk, strict=True)) or [()] * len(profiles)
            arrays = [_provisional(p, list(v)) for p, v in zip(profiles, by_column, strict=True)]
            batch = pa.RecordBatch.from_arrays(arrays, names=names)
            start = staged.tell()
            with pa.ipc.new_stream(staged, batch.schema) as stream:
                stream.write_batch(batch)
            spans.append((start, staged.tell() - start))
        final = final_schema(names, profiles, metadata)
        out = spooled()
        with writer(out, final) as parquet:
            if not spans:
                parquet.write_table(final.empty_table())
            for start, length in spans:
                staged.seek(start)
                batch = pa.ipc.open_stream(staged.read(length)).read_next_batch()
                parquet.write_batch(_cast(batch, final), row_group_size=row_group)
    out.seek(0)
    return out


def final_schema(names: Sequence[str], profiles: Sequence[Profile], metadata: dict | None):
    """The file's schema: each column's final type, and the notes under `chartweek`."""
    return pa.schema(
        [pa.field(name, p.final_type()) for name, p in zip(names, profiles, strict=True)],
        metadata={"chartweek": json.dumps(metadata or {}, default=str)},
    )


def spooled() -> IO[bytes]:
    """Where a file is written: memory while small, then a temporary file; the caller closes it."""
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


def writer(out: IO[bytes], schema: pa.Schema) -> pq.ParquetWriter:
    """The Parquet writer every download uses: one compression, one set of options."""
    return pq.ParquetWriter(out, schema, compression="zstd")


def _provisional(profile: Profile, values: list) -> pa.Array:
    """A chunk of one column as Arrow, in a type it holds exactly; notes what it needed."""
    kind = profile.kind
    if kind == "boolean":
        return pa.array(values, pa.bool_())
    if kind == "integer":
        return _integers(profile, values)
    if kind == "number":
        return _numbers(profile, values)
    if kind == "date":
        return _dates(profile, values)
    return pa.array([None if v is None else str(v) for v in values], pa.string())


def _integers(profile, values):
    if not profile.wide:
        try:
            return pa.array(values, pa.int64())
        except (OverflowError, pa.ArrowInvalid):
            profile.wide = True
    texts = pa.array([None if v is None else str(v) for v in values], pa.string())
    longest = pc.max(pc.utf8_length(pc.utf8_ltrim(texts, "-"))).as_py() or 1
    profile.whole_digits = max(profile.whole_digits, longest)
    profile.text = profile.text or profile.whole_digits > 76
    return texts


def _numbers(profile, values):
    """Numbers as their plain text, which Arrow measures and later casts to one decimal type.

    Asking Arrow to infer decimals from Python Decimals costs ten times as much.
    """
    texts = [None if v is None else _NUMBER_TEXT.get(type(v), str)(v) for v in values]
    array = pa.array(texts, pa.string())
    if pc.any(pc.match_substring(array, "E")).as_py():  # Decimal's text for 1.5E-7, 1E+3
        texts = [t if t is None or "E" not in t else plain(Decimal(t)) for t in texts]
        array = pa.array(texts, pa.string())
    if profile.text or not len(array) or array.null_count == len(array):
        return array
    body = pc.utf8_ltrim(array, "-")
    point = pc.find_substring(body, ".")
    length = pc.utf8_length(body)
    decimals = pc.if_else(pc.greater_equal(point, 0), pc.subtract(pc.subtract(length, point), 1), 0)
    whole = pc.if_else(pc.greater_equal(point, 0), point, length)
    profile.scale = max(profile.scale, pc.max(decimals).as_py())
    profile.whole_digits = max(profile.whole_digits, pc.max(whole).as_py())
    profile.text = profile.whole_digits + profile.scale > 76  # beyond decimal256: the text
    return array


_NUMBER_TEXT = {int: int.__repr__, Exact: Decimal.__str__, Decimal: Decimal.__str__}


def _dates(profile, values):
    if values and all(v is None or isinstance(v, date) for v in values):
        profile.days = profile.days or any(v is not None for v in values)
        return pa.array(values, pa.date32())
    texts = pa.array([None if v is None else str(v) for v in values], pa.string())
    lengths = pc.utf8_length(texts)
    shortest, longest = pc.min(lengths).as_py(), pc.max(lengths).as_py()
    if shortest is not None:
        profile.years = profile.years or shortest <= 4
        profile.days = profile.days or longest > 4
    return texts


def _texts(column):
    """Exact text for each value: decimals as written (Arrow's own cast pads to the scale)."""
    return [
        None if v is None else (v if isinstance(v, str) else str(v)) for v in column.to_pylist()
    ]


def _cast(batch, schema):
    columns = []
    for column, field in zip(batch.columns, schema, strict=True):
        if column.type == field.type:
            columns.append(column)
        elif pa.types.is_string(field.type):
            columns.append(pa.array(_texts(column), pa.string()))
        else:
            columns.append(column.cast(field.type))
    return pa.RecordBatch.from_arrays(columns, schema=schema)
