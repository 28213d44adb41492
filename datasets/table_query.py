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
and `@` are spaces on both sides first: each word of them is found. On PostgreSQL
both `search` and `like` are written so that their GIN indexes serve them
(datasets/text_indexes.py).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db import connection

from datasets import text_indexes
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


def condition_sql(version, condition) -> tuple[str, list]:
    """`condition` (not None) as SQL and its parameters."""
    return _compile(condition, types_of(version))


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
    keyed = postgres() and kind == "string"  # the index is on the text's first characters
    if test.op == "null":  # left(text) is missing just when the text is
        tested = f"left({col}, {TEXT_KEY})" if keyed else col
        return f"{tested} IS {'' if test.value else 'NOT '}NULL", []
    if test.op == "prefix":
        return _prefix(col, test.value)
    if test.op == "like":
        if postgres():
            return text_indexes.like_sql(col, test.value)
        return f"{col} LIKE %s ESCAPE '\\'", [test.value]
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


def _prefix(col, text):
    """Text starting with `text`: a range of the column's index, where text sorts by code
    point (SQLite; PostgreSQL databases whose collation is C), so the index finds it."""
    if postgres():
        exact, key = f"starts_with({col}, %s)", f"left({col}, {TEXT_KEY})"
    else:
        exact, key = f"substr({col}, 1, {len(text)}) = %s", col
    if not text or not code_point_order():
        return exact, [text]
    if postgres() and len(text) > TEXT_KEY:
        return f"{key} = %s AND {exact}", [text[:TEXT_KEY], text]
    bound = following(text)
    if bound is None:
        return f"{key} >= %s AND {exact}", [text, text]
    return f"{key} >= %s AND {key} < %s AND {exact}", [text, bound, text]


def following(text: str) -> str | None:
    """The first text after every text that starts with `text`, in code point order."""
    while text:
        last = ord(text[-1]) + 1
        last = 0xE000 if 0xD800 <= last < 0xE000 else last  # no surrogates in text
        if last <= 0x10FFFF:
            return text[:-1] + chr(last)
        text = text[:-1]
    return None


_CODE_POINT_COLLATIONS = frozenset({"C", "POSIX", "C.UTF-8", "C.utf8"})


def code_point_order() -> bool:
    """Whether the database sorts text columns by code point (byte order in UTF-8)."""
    if not postgres():
        return True  # SQLite's BINARY collation
    return _collation(connection.settings_dict["NAME"]) in _CODE_POINT_COLLATIONS


@cache
def _collation(database: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _search(text, kinds):
    texts = text_indexes.texts(kinds)
    if not texts:
        return "1=0", []
    if postgres():
        return text_indexes.search_sql(texts, text)
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


def order_sql(version, ordering: Sequence[tuple[int, bool]], *, present: bool = False) -> str:
    """ORDER BY for [(position, descending)], missing values last, then file order.

    `present`: the rows are those where the first column is present; its key then
    takes the database's own null placement, the one its b-tree index gives in
    either direction, so that the index serves the sort (datasets/table_pages.py).
    """
    kinds = types_of(version)
    keys = []
    for n, (index, descending) in enumerate(ordering):
        direction = ("DESC" if descending else "ASC") + (
            "" if present and n == 0 else " NULLS LAST"
        )
        if postgres() and kinds[index] == "string":
            keys.append(f"{sort_key(version, index)} {direction}")
        keys.append(f"{column(index)} {direction}")
    return " ORDER BY " + ", ".join([*keys, '"_n"'])


def select(
    version,
    *,
    where=None,
    ordering: Sequence[tuple[int, bool]] = (),
    columns: list[int] | None = None,
    offset: int = 0,
    limit: int | None = None,
    present: bool = False,
    first: tuple[str, list] | None = None,
    extra: tuple[str, list] | None = None,
) -> list[list]:
    """Rows (typed value lists of `columns`) matching `where`, in `ordering`, then file order,
    in one query (datasets/table_pages.py picks the queries for a page of the rows API).

    `present`: see order_sql. `first`: a condition, (SQL, parameters), whose rows
    are read first, in a materialised CTE planned on its own (so through that
    condition's own indexes), then `where` tests them. `extra`: one more condition.
    """
    indexes = list(range(len(version.columns))) if columns is None else columns
    select_list, convert = selected(version, indexes)
    clause, params = where_sql(version, where)
    if extra is not None:
        clause = f"{clause} AND {extra[0]}" if clause else f" WHERE {extra[0]}"
        params = [*params, *extra[1]]
    order = order_sql(version, ordering, present=present)
    if first is not None:
        sql = (
            f"WITH matched AS MATERIALIZED (SELECT * FROM {table(version.pk)} WHERE {first[0]}) "
            f"SELECT {select_list} FROM matched{clause}{order}"
        )
        params = [*first[1], *params]
    else:
        sql = f"SELECT {select_list} FROM {table(version.pk)}{clause}{order}"
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params = [*params, int(limit), int(offset)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [convert(record) for record in cursor.fetchall()]


def sort_key(version, index: int) -> str:
    """The expression a column is sorted and indexed by (a text by its first characters)."""
    if postgres() and types_of(version)[index] == "string":
        return f"left({column(index)}, {TEXT_KEY})"
    return column(index)


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
