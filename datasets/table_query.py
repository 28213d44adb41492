"""Queries over a version's table (datasets/tables.py): conditions, pages, counts
(its groups are in table_groups.py).

A condition is a small tree — `Test` (one column against a typed value), `AnyOf`
(OR), `AllOf` (AND) and `Not` — compiled to SQL with every value a parameter and every
identifier made by tables.py from a position. Values arrive already read for the
column's type (api/comparisons.py does that for the rows API); text compares as
text, numbers as numbers, dates as ISO text byte by byte, booleans as booleans.

A missing cell (NULL) passes no comparison, `!=` included; `null` finds them.

Full-text `search` over the text columns: PostgreSQL's own text search
(`to_tsvector('simple', …) @@ plainto_tsquery`), every word must be there, in any
text column; SQLite has none built in, so each word must appear (LIKE, ASCII
letters case-insensitive) in one of the text columns. PostgreSQL's parser reads
`AFB/International` as one file path and `St.Paul` as one host name, so `/`, `.`
and `@` are spaces on both sides first: each word of them is found.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from datasets.tables import (
    NUMERIC,
    TEXT_KEY,
    column,
    postgres,
    selected,
    table,
    types_of,
)

OPS = frozenset({"=", "!=", "<", "<=", ">", ">=", "in", "prefix", "like", "null", "search"})


@dataclass(frozen=True)
class Test:
    """Column `column` (a position) against `value`: see OPS. `search` ignores the column."""

    __test__ = False  # a condition, not a pytest test class

    column: int
    op: str
    value: object = None


@dataclass(frozen=True)
class AnyOf:
    parts: tuple


@dataclass(frozen=True)
class AllOf:
    parts: tuple


@dataclass(frozen=True)
class Not:
    """The rows where `part` is false; a missing cell still matches nothing."""

    part: object


def where_sql(version, condition) -> tuple[str, list]:
    """The WHERE clause for `condition` (None: every row) and its parameters."""
    if condition is None:
        return "", []
    sql, params = _compile(condition, types_of(version))
    return f" WHERE {sql}", params


def _compile(node, kinds):
    if isinstance(node, Not):
        sql, params = _compile(node.part, kinds)
        return f"NOT ({sql})", params
    if isinstance(node, AllOf | AnyOf):
        if not node.parts:
            return ("1=1" if isinstance(node, AllOf) else "1=0"), []
        joiner = " AND " if isinstance(node, AllOf) else " OR "
        pieces, params = [], []
        for part in node.parts:
            sql, more = _compile(part, kinds)
            pieces.append(f"({sql})")
            params += more
        return joiner.join(pieces), params
    return _test(node, kinds)


def _value(kind, value):
    """A parameter for a column of `kind`: SQLite compares numbers as int or double."""
    if kind in NUMERIC and not postgres() and isinstance(value, Decimal):
        return float(value)
    return value


def _test(test, kinds):
    if test.op not in OPS:
        raise ValueError(f"unknown operator {test.op!r}")
    if test.op == "search":
        return _search(test.value, kinds)
    kind, col = kinds[test.column], column(test.column)
    if test.op == "null":
        return f"{col} IS {'' if test.value else 'NOT '}NULL", []
    if test.op == "prefix":
        if postgres():
            return f"starts_with({col}, %s)", [test.value]
        return f"substr({col}, 1, %s) = %s", [len(test.value), test.value]
    if test.op == "like":
        operator = "ILIKE" if postgres() else "LIKE"
        return f"{col} {operator} %s ESCAPE '\\'", [test.value]
    keyed = postgres() and kind == "string"  # the index is on the text's first characters
    if test.op == "in":
        values = [_value(kind, v) for v in test.value]
        if not values:
            return "1=0", []
        places = ", ".join(["%s"] * len(values))
        if keyed:
            keys = ", ".join([f"left(%s, {TEXT_KEY})"] * len(values))
            return f"left({col}, {TEXT_KEY}) IN ({keys}) AND {col} IN ({places})", values * 2
        return f"{col} IN ({places})", values
    value = _value(kind, test.value)
    if keyed and test.op == "=":
        return f"left({col}, {TEXT_KEY}) = left(%s, {TEXT_KEY}) AND {col} = %s", [value, value]
    operator = "<>" if test.op == "!=" else test.op
    return f"{col} {operator} %s", [value]


_JOINERS = "/.@"  # what makes PostgreSQL's parser read two words as one path, host or email


def _search(text, kinds):
    texts = [i for i, kind in enumerate(kinds) if kind == "string"]
    if not texts:
        return "1=0", []
    if postgres():
        document = f"translate(concat_ws(' ', {', '.join(column(i) for i in texts)}), %s, %s)"
        spaces = " " * len(_JOINERS)
        return (
            f"to_tsvector('simple', {document}) @@ plainto_tsquery('simple', %s)",
            [_JOINERS, spaces, text.translate(str.maketrans(_JOINERS, spaces))],
        )
    pieces, params = [], []
    for word in text.split():
        pattern = "%" + escape_like(word) + "%"
        pieces.append(" OR ".join(f"{column(i)} LIKE %s ESCAPE '\\'" for i in texts))
        params += [pattern] * len(texts)
    if not pieces:
        return "1=1", []
    return " AND ".join(f"({p})" for p in pieces), params


def escape_like(text: str) -> str:
    """Text matched literally inside a LIKE pattern (ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def order_sql(version, ordering: Sequence[tuple[int, bool]]) -> str:
    """ORDER BY for [(position, descending)], missing values last, then file order."""
    kinds = types_of(version)
    keys = []
    for index, descending in ordering:
        direction = "DESC" if descending else "ASC"
        if postgres() and kinds[index] == "string":
            keys.append(f"left({column(index)}, {TEXT_KEY}) {direction} NULLS LAST")
        keys.append(f"{column(index)} {direction} NULLS LAST")
    return " ORDER BY " + ", ".join([*keys, '"_n"'])


def select(
    version,
    *,
    where=None,
    ordering: Sequence[tuple[int, bool]] = (),
    columns: list[int] | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[list]:
    """Rows (typed value lists of `columns`) matching `where`, in `ordering`, then file order."""
    indexes = list(range(len(version.columns))) if columns is None else columns
    select_list, convert = selected(version, indexes)
    clause, params = where_sql(version, where)
    sql = f"SELECT {select_list} FROM {table(version.pk)}{clause}{order_sql(version, ordering)}"
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params = [*params, int(limit), int(offset)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [convert(record) for record in cursor.fetchall()]


def stream(
    version,
    *,
    where=None,
    ordering: Sequence[tuple[int, bool]] = (),
    columns: list[int] | None = None,
    chunk: int = 2000,
) -> Iterator[list]:
    """Like `select` with no limit, streamed (a server-side cursor on PostgreSQL): for
    downloads of a filtered, sorted or narrowed version, however many rows match."""
    indexes = list(range(len(version.columns))) if columns is None else columns
    select_list, convert = selected(version, indexes)
    clause, params = where_sql(version, where)
    sql = f"SELECT {select_list} FROM {table(version.pk)}{clause}{order_sql(version, ordering)}"
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk):
            yield from map(convert, batch)


def page_by_number(
    version, *, start: int, stop: int, columns: list[int] | None = None
) -> list[list]:
    """Rows start … stop-1 in file order, read through the primary key at any depth."""
    indexes = list(range(len(version.columns))) if columns is None else columns
    select_list, convert = selected(version, indexes)
    sql = (
        f'SELECT {select_list} FROM {table(version.pk)} WHERE "_n" >= %s AND "_n" < %s '
        'ORDER BY "_n"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [int(start), int(stop)])
        return [convert(record) for record in cursor.fetchall()]


def count(version, *, where=None, bound: int | None = None) -> int:
    """How many rows match `where`, counting at most `bound` + 1 when a bound is given."""
    clause, params = where_sql(version, where)
    inner = f"SELECT 1 FROM {table(version.pk)}{clause}"
    if bound is not None:
        inner += " LIMIT %s"
        params = [*params, int(bound) + 1]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({inner}) AS matched", params)
        return cursor.fetchone()[0]


def has_other_length(version, index: int, length: int) -> bool:
    """Whether any present cell of text column `index` is not `length` characters long."""
    sql = (
        f"SELECT 1 FROM {table(version.pk)} WHERE {column(index)} IS NOT NULL "
        f"AND length({column(index)}) <> %s LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [int(length)])
        return cursor.fetchone() is not None


def rows_by_number(version, numbers: list[int]) -> dict[int, list]:
    """{row number: typed values} for the rows numbered `numbers` (a few: diff listings)."""
    wanted = sorted({int(n) for n in numbers})
    if not wanted:
        return {}
    select_list, convert = selected(version, list(range(len(version.columns))))
    places = ", ".join(["%s"] * len(wanted))
    sql = f'SELECT "_n", {select_list} FROM {table(version.pk)} WHERE "_n" IN ({places})'
    with connection.cursor() as cursor:
        cursor.execute(sql, wanted)
        return {record[0]: convert(record[1:]) for record in cursor.fetchall()}
