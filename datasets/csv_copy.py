"""A version's table as CSV written by PostgreSQL itself: `COPY (SELECT …) TO STDOUT`.

The same bytes as datasets.views.csv_lines writes for the same rows (a test
compares the two), at the speed of COPY rather than of a Python cell loop:

- each column is cast to the text csv_lines would write: booleans `true`/`false`,
  integers without a point (int(), so trunc), numbers as stored (numeric's text is
  already plain notation, as exactjson.Exact writes), dates as stored;
- text goes through safe_cell's rule in SQL: a cell starting with = + - @ TAB CR
  gets a leading apostrophe unless Python's float() reads it (FLOAT, checked
  against float() on thousands of random ASCII spellings in the tests);
- an empty cell is NULL, which COPY leaves unquoted as csv_lines does;
- the header row is the caller's, from csv_lines (names are editors' text, not SQL);
- COPY ends rows with LF, csv_lines with CRLF: each block's row ends are swapped (in
  one C call where no cell holds a LF).

`blocks` answers None where the bytes could differ, and the caller keeps the
Python writer: on SQLite, for a single column (csv_lines quotes a lone empty
cell, COPY quotes a lone `\\.`), and when a kept text cell starting with + - TAB
CR holds a non-ASCII character (float() reads every Unicode digit and space,
which no SQL pattern mirrors).
"""

from collections.abc import Iterator, Sequence

from django.db import connection
from psycopg import ClientCursor

from datasets.table_query import order_sql, where_sql
from datasets.tables import column, postgres, table, types_of

_WS = r"[\t\n\v\f\r ]"
_DIGITS = r"[0-9](_?[0-9])*"
# What Python's float() reads, ASCII only: the pattern is matched case-insensitively.
FLOAT = (
    rf"^{_WS}*[+-]?(({_DIGITS}\.?|({_DIGITS})?\.{_DIGITS})(e[+-]?{_DIGITS})?"
    rf"|inf|infinity|nan){_WS}*$"
)
FORMULA = ", ".join(str(ord(c)) for c in "-=+@\t\r")  # safe_cell's first characters
SIGNS = ", ".join(str(ord(c)) for c in "-+\t\r")  # … that float() may read past
NOT_ASCII = r"[^\x01-\x7f]"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"  # constants of this module, no user text


def cell_sql(index: int, kind: str) -> str:
    """The SQL for column `index` written as csv_lines writes a cell of `kind`; NULL: empty."""
    col = column(index)
    if kind == "boolean":
        return f"CASE {col} WHEN true THEN 'true' WHEN false THEN 'false' END"
    if kind == "integer":
        return f"trunc({col})::text"
    if kind == "number":
        return f"{col}::text"
    if kind == "string":
        return (
            f"CASE WHEN ascii({col}) IN ({FORMULA}) AND {col} !~* {_literal(FLOAT)} "
            f"THEN '''' || {col} ELSE NULLIF({col}, '') END"
        )
    return f"NULLIF({col}, '')"


def blocks(
    version,
    header: str,
    *,
    where=None,
    ordering: Sequence[tuple[int, bool]] = (),
    columns: list[int] | None = None,
    size: int = 64 * 1024,
) -> Iterator[bytes] | None:
    """The CSV of `columns` of the rows matching `where`, in `ordering` then file order, as
    UTF-8 blocks of about `size` bytes, after `header` (the first line as csv_lines writes
    it); None where COPY could not write csv_lines' bytes."""
    indexes = list(range(len(version.columns))) if columns is None else list(columns)
    if not postgres() or len(indexes) < 2:
        return None
    kinds = types_of(version)
    clause, params = where_sql(version, where)
    texts = [i for i in indexes if kinds[i] == "string"]
    if texts:
        # float() might read these where FLOAT does not: Unicode digits and spaces
        unsure = " OR ".join(
            f"(ascii({column(i)}) IN ({SIGNS}) AND {column(i)} ~ {_literal(NOT_ASCII)})"
            for i in texts
        )
        kept = f"SELECT * FROM {table(version.pk)}{clause}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM ({kept}) AS kept WHERE {unsure} LIMIT 1", params)
            if cursor.fetchone() is not None:
                return None
    # Named apart from the table's columns: ORDER BY "c2" must sort by c2, not by its text.
    cells = ", ".join(f'{cell_sql(i, kinds[i])} AS "w{n}"' for n, i in enumerate(indexes))
    query = f"SELECT {cells} FROM {table(version.pk)}{clause}{order_sql(version, ordering)}"
    return _stream(query, params, header, size)


def _stream(query, params, header, size) -> Iterator[bytes]:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's, under Django's wrapper
        bound = ClientCursor(raw.connection).mogrify(query, params)  # values as literals
        sql = f"COPY ({bound}) TO STDOUT WITH (FORMAT csv)"
        yield header.encode()
        buffer, rows = bytearray(), 0
        with raw.copy(sql) as copy:
            for row in copy:  # one row a message, ending "\n"
                buffer += row  # copied at once: cheaper than keeping each message
                rows += 1
                if len(buffer) >= size:
                    yield _crlf(bytes(buffer), rows)
                    buffer, rows = bytearray(), 0
        if buffer:
            yield _crlf(bytes(buffer), rows)


def _crlf(data: bytes, rows: int) -> bytes:
    """`rows` whole rows from COPY, each ending LF, made to end CRLF; a LF in a cell stays."""
    if data.count(b"\n") == rows:  # no cell holds one: a C loop does it
        return data.replace(b"\n", b"\r\n")
    # A LF in a cell is inside quotes: after an odd number of quote marks in the block
    # (a whole row holds an even number).
    pieces, inside = [], False
    for piece in data.split(b"\n")[:-1]:
        inside ^= piece.count(b'"') % 2 == 1
        pieces += [piece, b"\n" if inside else b"\r\n"]
    return b"".join(pieces)
