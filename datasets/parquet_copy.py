"""A version's table as Parquet on PostgreSQL: the database and Arrow's C++ do the per-cell work.

The same file as datasets/parquet.py writes from Python values (the same types, the
same values; a test compares the two), in a fraction of the time:

1. one aggregate query over the rows to be written measures what datasets/parquet.py
   learns a chunk at a time (each column's digits and decimals, whether an integer
   leaves int64, whether dates are bare years); parquet.Profile turns that into the
   column's final type, so the type rule stays in one place;
2. `COPY (SELECT …) TO STDOUT (FORMAT csv)` writes the rows, each cell as the text
   the Python path would read (an integer trunc()ed, a number as numeric writes it:
   plain notation, its own decimals);
3. pyarrow.csv reads that stream in blocks straight into the final types (decimals
   at the column's scale, date32, int32 years, int64, bool, string; an unquoted
   empty cell is NULL, a quoted one "" the empty text), and each 100,000 rows are
   written as a row group.

Memory stays at a row group or two whatever the row count. On SQLite `parquet_file`
answers None and the caller keeps the Python path.
"""

import io
import tempfile
from collections.abc import Sequence
from typing import IO

import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection
from psycopg import ClientCursor

from datasets.parquet import ROW_GROUP, Profile, final_schema, writer
from datasets.table_query import order_sql, where_sql
from datasets.tables import NUMERIC, column, postgres, table, types_of

BLOCK_BYTES = 1024 * 1024  # what pyarrow.csv parses at a time: more holds more, no faster
_INT64 = (-(2**63), 2**63 - 1)


def _measures(index: int, kind: str) -> list[str]:
    """The aggregates that fill a Profile of column `index` (see _profile). Plain
    comparisons, no text made per row: the value with the most digits before the point
    is the smallest or the largest."""
    col = column(index)
    if kind in NUMERIC:
        return [f"min({col})", f"max({col})", f"max(scale({col}))"]
    if kind == "date":
        return [f"min(length({col}))", f"max(length({col}))"]
    if kind == "string":
        return [f"max(octet_length({col}))"]  # for the block size: a row fits in one
    return []


def _profile(kind: str, measured: Sequence) -> Profile:
    profile = Profile(kind)
    if kind in NUMERIC and measured[0] is not None:
        low, high, scale = measured
        digits = len(str(int(max(abs(low), abs(high)))))  # before the point; 0.5 has one
        if kind == "integer":  # read as int(): truncated
            profile.wide = not _INT64[0] <= int(low) <= int(high) <= _INT64[1]
            profile.whole_digits = digits if profile.wide else 1
        else:
            profile.whole_digits, profile.scale = digits, scale
        profile.text = profile.whole_digits + profile.scale > 76  # beyond decimal256
    elif kind == "date" and measured[0] is not None:
        profile.years, profile.days = measured[0] <= 4, measured[1] > 4
    return profile


def cell_sql(index: int, kind: str, *, whole: bool = False) -> str:
    """Column `index` as the text the Python path reads (tables.selected's readers);
    `whole`: an integer column whose values are all written without a point."""
    if kind == "integer" and not whole:
        return f"trunc({column(index)})::text"  # pg_whole: int()
    return column(index)  # numeric's text is its digits; t/f, dates and text as stored


def parquet_file(
    version,
    *,
    metadata: dict,
    where=None,
    ordering: Sequence[tuple[int, bool]] = (),
    columns: list[int] | None = None,
    row_group: int = ROW_GROUP,
) -> IO[bytes] | None:
    """`columns` of the rows matching `where`, in `ordering` then file order, as a Parquet
    file at its start (the caller closes it); None off PostgreSQL."""
    if not postgres():
        return None
    indexes = list(range(len(version.columns))) if columns is None else list(columns)
    kinds = [types_of(version)[i] for i in indexes]
    names = [str(version.columns[i]["name"]) for i in indexes]
    clause, params = where_sql(version, where)
    source = f"{table(version.pk)}{clause}"
    profiles, row_bytes, whole = _measure(source, params, indexes, kinds)
    schema = final_schema(names, profiles, metadata)
    cells = ", ".join(
        f'{cell_sql(i, kinds[n], whole=whole[n])} AS "w{n}"' for n, i in enumerate(indexes)
    )
    query = f"SELECT {cells} FROM {source}{order_sql(version, ordering)}"
    # On disk from the first byte: a spool rolling over would copy itself in memory.
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
    try:
        # pyarrow.csv parses a block at a time, and a row must fit in one
        block = max(BLOCK_BYTES, 2 * row_bytes)
        _write(query, params, schema, out, row_group, block)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def _measure(source, params, indexes, kinds) -> tuple[list[Profile], int, list[bool]]:
    """Over the rows to be written, in one scan: each column's Profile, a bound on a row's
    CSV bytes, and for each column whether its numbers are all written without a point."""
    measures = [_measures(i, kind) for i, kind in zip(indexes, kinds, strict=True)]
    flat = [m for ms in measures for m in ms]
    found: Sequence = ()
    if flat:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(flat)} FROM {source}", params)
            found = cursor.fetchone()
    profiles, whole, at, row_bytes = [], [], 0, 0
    for kind, ms in zip(kinds, measures, strict=True):
        measured = found[at : at + len(ms)]
        at += len(ms)
        profile = _profile(kind, measured)
        profiles.append(profile)
        whole.append(kind in NUMERIC and not measured[2])
        if kind == "string":
            row_bytes += 2 * (measured[0] or 0) + 3  # every quote doubled, two around, a comma
        else:
            row_bytes += profile.whole_digits + profile.scale + 16  # sign, point, a date
    return profiles, row_bytes, whole


def _write(query, params, schema: pa.Schema, out, row_group: int, block: int) -> None:
    width = len(schema)
    convert = pacsv.ConvertOptions(
        column_types={f"w{n}": field.type for n, field in enumerate(schema)},
        null_values=[""],
        strings_can_be_null=True,  # an unquoted empty cell is COPY's NULL …
        quoted_strings_can_be_null=False,  # … and "" the empty text
        true_values=["t"],
        false_values=["f"],
    )
    options = {
        "read_options": pacsv.ReadOptions(
            column_names=[f"w{n}" for n in range(width)], block_size=block
        ),
        "parse_options": pacsv.ParseOptions(newlines_in_values=True),
        "convert_options": convert,
    }
    with connection.cursor() as cursor, writer(out, schema) as parquet:
        raw = cursor.cursor  # psycopg's, under Django's wrapper
        bound = ClientCursor(raw.connection).mogrify(query, params)  # values as literals
        with raw.copy(f"COPY ({bound}) TO STDOUT WITH (FORMAT csv)") as copy:
            stream = _CopyStream(copy)
            pending: list[pa.RecordBatch] = []
            held = 0
            if not stream.peek():  # no rows: pyarrow.csv reads no columns from nothing
                parquet.write_table(schema.empty_table())
                return
            for batch in pacsv.open_csv(stream, **options):
                pending.append(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
                held += batch.num_rows
                if held >= row_group:
                    held = _flush(parquet, pending, schema, row_group)
            if held:
                _flush(parquet, pending, schema, row_group, last=True)


def _flush(parquet, pending, schema, row_group, *, last=False) -> int:
    """Write the pending batches' whole row groups (all of them if `last`), keep the rest
    in `pending`; how many rows it holds."""
    rows = pa.Table.from_batches(pending, schema=schema)
    cut = rows.num_rows if last else rows.num_rows - rows.num_rows % row_group
    parquet.write_table(rows.slice(0, cut), row_group_size=row_group)
    pending[:] = rows.slice(cut).to_batches()
    return rows.num_rows - cut


class _CopyStream(io.RawIOBase):
    """COPY's rows as a readable byte stream for pyarrow (each `read` a block of rows)."""

    def __init__(self, copy):
        self._rows = iter(copy)
        self._rest = b""

    def readable(self) -> bool:
        return True

    def peek(self) -> bytes:
        """The first bytes, kept for the next read: empty when there are no rows."""
        if not self._rest:
            self._rest = self._fill(1)
        return self._rest

    def _fill(self, size: int) -> bytes:
        buffer = bytearray(self._rest)
        for row in self._rows:
            buffer += row
            if len(buffer) >= size:
                break
        return bytes(buffer)

    def read(self, size: int = -1) -> bytes:
        data = self._fill(size if size >= 0 else 1 << 62)
        if size < 0 or len(data) <= size:
            self._rest = b""
            return data
        self._rest = data[size:]
        return data[:size]
