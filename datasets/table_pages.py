"""A page of a version's rows, filtered and sorted, read in time that does not grow
with the table (issue 18: p99 under 50 ms over 1,000,000 rows).

The rows API's order is the sort columns, missing values last, then file order
(`_n`). One query saying so (datasets/table_query.select) leaves the database to
choose between walking the sort column's index until the filter has passed
enough rows, and finding the matches through the filter's indexes and sorting
them; it chooses by its estimate of how many rows match, which can be off by a
thousandfold (a date written as a range OR a year, a pattern), and either wrong
choice costs a scan of the table. Here the choice is made from the count, which
the API asks for anyway (bounded, cached):

- no match, or the page is past them: no query;
- at most FEW_MATCHES matches: found through the filter's own indexes, then
  sorted (a top-N sort over at most FEW_MATCHES rows, a few milliseconds);
- more, or not counted: read in the order of the first sort column's index,
  first the rows where it is present, then, if the page is not full, those where
  it is missing. One query with NULLS LAST gives the same rows, but a b-tree
  gives missing-last order in one direction only (PostgreSQL: ascending, SQLite:
  descending); in the other the database sorted every match. And a run of equal
  values (a column of a few categories) is not sorted whole by file order: the
  page's last value is found first by walking the column's index, then the rows
  before it are read through that index alone (the walk went through them, while
  the filter's indexes may hold far more rows), then that value's rows in file
  order through the primary key.

A filter no index may narrow (like, q, !=; like and q have GIN indexes on
PostgreSQL, datasets/text_indexes.py, yet a common word still matches a large
share) is read through by the count, and for a page of few matches once more:
`counted_page` reads up to FEW_MATCHES + 1 of its matches once, and gives the page
with their count.
"""

from functools import partial

from django.db import connection

from datasets.table_query import (
    AllOf,
    AnyOf,
    Not,
    Test,
    condition_sql,
    count,
    order_sql,
    select,
    sort_key,
    table,
    where_sql,
)
from datasets.tables import TEXT_KEY, postgres, selected, types_of

FEW_MATCHES = 10_000


def page(
    version,
    *,
    where=None,
    ordering=(),
    columns: list[int] | None = None,
    offset: int = 0,
    limit: int,
    matches: int | None = None,
) -> list[list]:
    """Rows `offset` … `offset + limit - 1` of `select(where, ordering)`; `matches`: how
    many rows `where` matches, when the caller has counted them."""
    rows = partial(select, version, columns=columns)
    if where is not None and matches is not None:
        if matches == 0 or offset >= matches:
            return []
        if matches <= FEW_MATCHES:
            first = condition_sql(version, where)
            return rows(ordering=ordering, offset=offset, limit=limit, first=first)
    if not ordering:
        return rows(where=where, offset=offset, limit=limit)
    index, descending = ordering[0]
    present = _both(where, Test(index, "null", False))
    if len(ordering) == 1:
        found = _ties_in_file_order(version, present, index, descending, columns, offset, limit)
    else:
        found = rows(where=present, ordering=ordering, offset=offset, limit=limit, present=True)
    if len(found) >= limit:
        return found
    before = offset + len(found)  # present rows that match
    if not found and offset:
        before = count(version, where=present, bound=offset)
    missing = _both(where, Test(index, "null", True))
    skip, left = max(0, offset - before), limit - len(found)
    return found + rows(where=missing, ordering=ordering[1:], offset=skip, limit=left)


def reads_every_row(condition) -> bool:
    """Whether no index narrows `condition` (like, q and != test every row they reach)."""
    if isinstance(condition, Test):
        return condition.op in ("like", "search", "!=")
    if isinstance(condition, Not):
        return True
    if isinstance(condition, AnyOf):
        return any(map(reads_every_row, condition.parts))
    if isinstance(condition, AllOf):
        return bool(condition.parts) and all(map(reads_every_row, condition.parts))
    return False


def counted_page(
    version, *, where, ordering=(), columns=None, offset: int = 0, limit: int, few: int
) -> tuple[list[list] | None, int]:
    """The page and how many rows match `where`, in one read of at most `few` + 1 of
    them; (None, few + 1) when more match. For a filter no index narrows, which a
    count reads through once and then a page of few matches once more."""
    indexes = list(range(len(version.columns))) if columns is None else columns
    select_list, convert = selected(version, indexes)
    condition, params = condition_sql(version, where)
    order = order_sql(version, ordering)
    sql = (
        f"WITH matched AS MATERIALIZED (SELECT * FROM {table(version.pk)} WHERE {condition} "
        "LIMIT %s) "
        f'SELECT total.n, page."_n", {select_list} '
        "FROM (SELECT count(*) AS n FROM matched) AS total "
        f"LEFT JOIN (SELECT * FROM matched{order} LIMIT %s OFFSET %s) AS page ON 1 = 1{order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, int(few) + 1, int(limit), int(offset)])
        records = cursor.fetchall()
    matched = records[0][0]
    if matched > few:
        return None, matched
    return [convert(record[2:]) for record in records if record[1] is not None], matched


def _both(where, test):
    return test if where is None else AllOf((where, test))


def _ties_in_file_order(version, where, index, descending, columns, offset, limit):
    """The rows of a page sorted by one column (present in every row of `where`)."""
    key, last = sort_key(version, index), offset + limit
    clause, params = where_sql(version, where)
    direction = "DESC" if descending else "ASC"
    sql = f"SELECT {key} FROM {table(version.pk)}{clause} ORDER BY {key} {direction}"
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT 1 OFFSET %s", [*params, last - 1])
        found = cursor.fetchone()
    rows = partial(select, version, where=where, columns=columns)
    keyed = postgres() and types_of(version)[index] == "string"
    if found is None or (keyed and len(found[0]) >= TEXT_KEY):
        # Fewer rows than the page reaches (sorted whole, they are few), or texts
        # equal in their first TEXT_KEY characters, which sort by the rest.
        return rows(ordering=[(index, descending)], offset=offset, limit=limit, present=True)
    (boundary,) = found
    ahead = rows(  # fewer than `last` rows, among those the walk above went through
        ordering=[(index, descending)],
        limit=last,
        present=True,
        first=(f"{key} {'>' if descending else '<'} %s", [boundary]),
    )
    ties = rows(limit=last - len(ahead), extra=(f"{key} = %s", [boundary]))  # in file order
    return (ahead + ties)[offset:]
