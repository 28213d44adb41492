"""Each dataset version's rows as a real, typed table in the database.

PostgreSQL: table `data.v<version pk>`; SQLite: `data_v<version pk>` in the same
file. Identifiers never come from anyone's text: the table is named by the
version's primary key (an int) and its columns by position, `c0` … `cN`, in the
version's column order (`version.columns` maps names to positions). Every value
travels as a query parameter.

Columns of the version's types, exact as datasets/values.py reads them:

    type      PostgreSQL            SQLite
    string    text                  TEXT
    integer   numeric (any size)    cN (INTEGER/REAL) + cN_x (TEXT, exact digits)
    number    numeric               cN (INTEGER/REAL) + cN_x (TEXT, exact digits)
    date      text COLLATE "C"      TEXT
    boolean   boolean               INTEGER (0/1)

- Integers are `numeric`, not `bigint`: the value rule keeps whole numbers of up
  to 100 digits exactly, which bigint cannot hold.
- Dates stay ISO 8601 text because a cell may be a bare year ("1992"), a value of
  its own that a `date` would turn into a day. Byte-order text sorts ISO dates.
- SQLite has no exact decimal: cN holds the number to compare and sort by (an
  int when it fits 64 bits, else the nearest double), cN_x its digits when cN
  alone would lose them.

`_n` is the row's number in the file (0 for the first row), the primary key. On
PostgreSQL the key is added once the rows are in (`add_key`: one sorted build, not a
b-tree maintained row by row), inside the import's transaction, with ANALYZE.

Indexes: datasets/table_indexes.py.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import batched
from typing import Any

from django.conf import settings
from django.db import connection

from datasets import exactjson
from datasets.exactjson import Exact

SCHEMA = "data"
INDEXED_COLUMNS = 32
TEXT_KEY = 200
CHUNK = 5000

NUMERIC = frozenset({"integer", "number"})
_PG_TYPES = {
    "string": "text",
    "integer": "numeric",
    "number": "numeric",
    "date": 'text COLLATE "C"',
    "boolean": "boolean",
}
_SQLITE_TYPES = {"string": "TEXT", "date": "TEXT", "boolean": "INTEGER"}
_INT64 = range(-(2**63), 2**63)


def postgres() -> bool:
    return connection.vendor == "postgresql"


def table(version_pk: int) -> str:
    """The quoted name of a version's table: made from an int, never from text."""
    pk = int(version_pk)
    if pk < 1:
        raise ValueError(f"not a version's primary key: {pk}")
    return f'"{SCHEMA}"."v{pk}"' if postgres() else f'"{SCHEMA}_v{pk}"'


def column(index: int) -> str:
    return f'"c{int(index)}"'


def types_of(version) -> list[str]:
    return [str(c["type"]) for c in version.columns]


def create_table(version, columns: list[dict] | None = None) -> None:
    """Create the (empty) table for `version`'s rows; `columns` default to the version's."""
    kinds = [str(c["type"]) for c in (columns if columns is not None else version.columns)]
    # PostgreSQL: the key comes after the load (add_key); SQLite's is the rowid itself.
    definitions = ['"_n" bigint NOT NULL' if postgres() else '"_n" INTEGER PRIMARY KEY']
    for i, kind in enumerate(kinds):
        if postgres():
            definitions.append(f"{column(i)} {_PG_TYPES[kind]}")
        elif kind in NUMERIC:
            definitions.append(f'{column(i)}, "c{i}_x" TEXT')  # no affinity: ints stay ints
        else:
            definitions.append(f"{column(i)} {_SQLITE_TYPES[kind]}")
    with connection.cursor() as cursor:
        if postgres():
            cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"')
        cursor.execute(f"CREATE TABLE {table(version.pk)} ({', '.join(definitions)})")


def add_key(version) -> None:
    """PostgreSQL: the primary key on `_n` and the planner's statistics, once the rows are
    loaded (in the import's transaction: the version is never seen without them)."""
    if not postgres():
        return
    name = table(version.pk)
    with connection.cursor() as cursor:
        index_memory(cursor, local=True)
        key = f'"v{int(version.pk)}_pkey"'
        cursor.execute(f'ALTER TABLE {name} ADD CONSTRAINT {key} PRIMARY KEY ("_n")')
        cursor.execute(f"ANALYZE {name}")


def index_memory(cursor, *, local: bool) -> None:
    """DATASET_INDEX_MEMORY_MB for building indexes: for the transaction (`local`), or
    for the session until datasets/table_indexes.py's index_table resets it."""
    cursor.execute(
        "SELECT set_config('maintenance_work_mem', %s, %s)",
        [f"{int(settings.DATASET_INDEX_MEMORY_MB)}MB", local],
    )


def has_table(version_pk: int) -> bool:
    with connection.cursor() as cursor:
        if postgres():
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table(version_pk)])
        else:
            name = table(version_pk).strip('"')
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = %s", [name])
        return bool(cursor.fetchone()[0])


def drop_table(version_pk: int) -> None:
    """Drop a version's table, if it has one (call it where the version is deleted)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table(version_pk)}")


def load(version, rows: Iterable[list], *, on_progress=None, every: int = CHUNK) -> int:
    """Append `rows` (typed value lists in column order) to the table; return how many."""
    if postgres():
        return _copy(version, rows, on_progress, every)
    return _insert(version, rows, on_progress, every)


def _copy(version, rows, on_progress, every):
    """COPY … FROM STDIN, each row written by psycopg's C row writer."""
    width = len(version.columns)
    names = ", ".join(['"_n"', *(column(i) for i in range(width))])
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table(version.pk)} ({names}) FROM STDIN") as copy:
            write = copy.write_row
            for count, values in enumerate(rows, start=1):
                write((count - 1, *values))
                if on_progress and count % every == 0:
                    on_progress(count)
    return count


def copy_csv(version, blocks: Iterable[tuple[bytes, int]], *, on_progress=None) -> int:
    """PostgreSQL: COPY … (FORMAT csv) of `blocks`, each CSV bytes of rows (`_n`, then the
    columns as text; an unquoted empty field is NULL) and how many; return the rows."""
    width = len(version.columns)
    names = ", ".join(['"_n"', *(column(i) for i in range(width))])
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {table(version.pk)} ({names}) FROM STDIN (FORMAT csv)"
        with cursor.cursor.copy(sql) as copy:
            for data, rows in blocks:
                copy.write(data)
                count += rows
                if on_progress:
                    on_progress(count)
    return count


def _insert(version, rows, on_progress, every):
    kinds = types_of(version)
    numeric = [i for i, kind in enumerate(kinds) if kind in NUMERIC]
    places = ", ".join(["?"] * (1 + len(kinds) + len(numeric)))
    names = ['"_n"']
    for i, kind in enumerate(kinds):
        names += [column(i), f'"c{i}_x"'] if kind in NUMERIC else [column(i)]
    sql = f"INSERT INTO {table(version.pk)} ({', '.join(names)}) VALUES ({places})"
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # sqlite3's own cursor: qmark parameters, no per-row wrapping
        for chunk in batched(rows, CHUNK):
            batch = []
            for values in chunk:
                record = [count]
                for i, value in enumerate(values):
                    if i in numeric:
                        record += sqlite_number(value)
                    else:
                        record.append(value)
                batch.append(record)
                count += 1
            raw.executemany(sql, batch)
            if on_progress and count % every == 0:
                on_progress(count)
    return count


def sqlite_number(value) -> list:
    """A number as SQLite's pair: the value to compare by, and its exact digits if needed."""
    if value is None:
        return [None, None]
    if isinstance(value, int) and value in _INT64:
        return [value, None]
    return [float(value), str(value)]


# Reading back -------------------------------------------------------------


def selected(version, indexes: list[int]) -> tuple[str, Callable[[Sequence[Any]], list]]:
    """The SELECT list for columns `indexes`, and a converter from each fetched row."""
    kinds = types_of(version)
    parts: list[str] = []
    readers: list[tuple[int, bool, Any]] = []  # (position, a numeric pair, reader or None)
    at = 0
    for i in indexes:
        kind = kinds[i]
        if not postgres() and kind in NUMERIC:
            parts += [column(i), f'"c{i}_x"']
            readers.append((at, True, _SQLITE_READERS[kind]))
            at += 2
        else:
            parts.append(column(i))
            reader = (_PG_READERS if postgres() else _SQLITE_READERS).get(kind)
            readers.append((at, False, reader))
            at += 1
    if all(reader is None and not pair for _, pair, reader in readers):
        return ", ".join(parts), list  # values as the driver gives them
    return ", ".join(parts), _row_converter(readers)


def _row_converter(readers):
    """One function from a fetched record to a row's values, compiled once per query.

    A loop calling a reader per cell costs more than the database read itself; the
    compiled expression holds only record positions and reader names, never any
    text from a file or a request.
    """
    names, cells = {"_int": int}, []
    for n, (at, pair, reader) in enumerate(readers):
        if reader is None:
            cells.append(f"r[{int(at)}]")
        elif reader is _pg_whole:
            cells.append(f"(None if r[{int(at)}] is None else _int(r[{int(at)}]))")
        elif pair:
            names[f"f{n}"] = reader
            cells.append(f"f{n}(r[{int(at)}], r[{int(at) + 1}])")
        else:
            names[f"f{n}"] = reader
            cells.append(f"f{n}(r[{int(at)}])")
    return eval(f"lambda r: [{', '.join(cells)}]", names)  # noqa: S307


def _pg_whole(value):
    return None if value is None else int(value)


def pg_number(value):
    """numeric → int when written without a point (as the ingest read it), else Exact."""
    if value is None:
        return None
    if value.as_tuple().exponent >= 0:
        return int(value)
    return Exact(value)


def _sqlite_whole(value, digits):
    return int(digits) if digits is not None else value


def _sqlite_number(value, digits):
    if digits is None:
        return value
    return Exact(digits) if not digits.lstrip("-").isdigit() else int(digits)


def _sqlite_boolean(value):
    return None if value is None else bool(value)


_PG_READERS = {"integer": _pg_whole, "number": pg_number}
_SQLITE_READERS = {
    "integer": _sqlite_whole,
    "number": _sqlite_number,
    "boolean": _sqlite_boolean,
}


def rows(version, *, columns: list[int] | None = None, chunk: int = CHUNK) -> Iterator[list]:
    """Every row's typed values in file order, streamed (a server-side cursor on PostgreSQL)."""
    indexes = list(range(len(version.columns))) if columns is None else columns
    select, convert = selected(version, indexes)
    sql = f'SELECT {select} FROM {table(version.pk)} ORDER BY "_n"'
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while batch := cursor.fetchmany(chunk):
            yield from map(convert, batch)


def prefetch_rows(versions: Iterable) -> None:
    """Read the rows of every distinct version given in one query, for `ordered_rows`.

    Pages with several charts stay at a fixed number of queries: one UNION ALL
    over the versions' tables, each row as a JSON array (exactjson keeps the
    digits of every number), rather than a query per version.
    """
    by_pk: dict[int, list] = {}
    for version in versions:
        if version is not None and getattr(version, "_rows", None) is None:
            by_pk.setdefault(version.pk, []).append(version)
    if not by_pk:
        return
    found: dict[int, list] = {pk: [] for pk in by_pk}
    if len(by_pk) == 1:
        ((pk, same),) = by_pk.items()
        found[pk] = list(rows(same[0]))
    else:
        parts = [
            f'SELECT {int(pk)} AS v, "_n", {_json_array(same[0])} FROM {table(pk)}'
            for pk, same in by_pk.items()
        ]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1, 2")
            for pk, _n, text in cursor.fetchall():
                found[pk].append(exactjson.loads(text))
    for pk, same in by_pk.items():
        for version in same:
            version._rows = found[pk]


def _json_array(version) -> str:
    """A row as JSON text, each value as tables.rows would give it."""
    cells = []
    for i, kind in enumerate(types_of(version)):
        if postgres():
            cells.append(column(i))
        elif kind in NUMERIC:
            cells.append(f'CASE WHEN "c{i}_x" IS NULL THEN {column(i)} ELSE json("c{i}_x") END')
        elif kind == "boolean":
            cells.append(
                f"CASE WHEN {column(i)} IS NULL THEN NULL "
                f"WHEN {column(i)} THEN json('true') ELSE json('false') END"
            )
        else:
            cells.append(column(i))
    if postgres():
        return f"json_build_array({', '.join(cells)})::text"
    return f"json_array({', '.join(cells)})"


def version_tables() -> list[int]:
    """The version pks that have a table in the database."""
    names = connection.introspection.table_names() if not postgres() else None
    if names is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename ~ '^v[0-9]+$'",
                [SCHEMA],
            )
            return [int(name[1:]) for (name,) in cursor.fetchall()]
    prefix = f"{SCHEMA}_v"
    return [
        int(n[len(prefix) :]) for n in names if n.startswith(prefix) and n[len(prefix) :].isdigit()
    ]
