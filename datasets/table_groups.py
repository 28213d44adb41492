"""A version's rows grouped (datasets/tables.py): one row per distinct combination of
some columns, with aggregates, sorted and paged by the database (the groups API,
api/groups.py).

A group's answer is its columns' values (exact, as the rows API gives them), then
each aggregate: `count` (the rows), `sum`, `mean`, `min` and `max` of a column.
Groups sort by any of those outputs, missing values last whichever the direction;
ties fall to the group columns' own order, which is total (no two groups share
their values), so every page of a sort holds the same groups however often it is
asked. The number of groups comes with the page, counted by the same query.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.db import connection

from datasets.table_query import where_sql
from datasets.tables import NUMERIC, column, pg_number, postgres, selected, table, types_of

AGGREGATES = {"count": "count", "sum": "sum", "mean": "avg", "min": "min", "max": "max"}


def group_by(
    version,
    *,
    by: list[int],
    aggregates: list[tuple[str, int | None]],
    where=None,
    ordering: Sequence[tuple[int, bool]] = (),
    offset: int = 0,
    limit: int = 1000,
) -> tuple[list[list], int | None]:
    """The groups `offset` … `offset + limit - 1`, and how many groups there are.

    Each group is the values of `by` (column positions), then each aggregate of
    `aggregates`, (function, column position; None for count: every row).
    `ordering` is [(output position, descending)]: position p < len(by) is the group
    column by[p], past them the aggregate p - len(by). After it, and with no
    ordering, groups go in the order of their values, missing last. The count is
    None when the page is past the last group (no row carried it back).
    """
    parts = []
    for n, (name, index) in enumerate(aggregates):
        of = "*" if index is None else column(index)
        parts.append(f'{AGGREGATES[name]}({of}) AS "a{n}"')
    by_list, convert = selected(version, by)
    clause, params = where_sql(version, where)
    exact_digits = [f'"c{i}_x"' for i in by if not postgres() and types_of(version)[i] in NUMERIC]
    groups = ", ".join([*(column(i) for i in by), *exact_digits])
    keys = [
        (column(by[at]) if at < len(by) else f'"a{at - len(by)}"', descending)
        for at, descending in ordering
    ]
    keys += [(key, False) for key in [*(column(i) for i in by), *exact_digits]]
    order = ", ".join(f"{key} {'DESC' if down else 'ASC'} NULLS LAST" for key, down in keys)
    sql = (
        f"SELECT {by_list}, {', '.join(parts)}, count(*) OVER () FROM {table(version.pk)}"
        f"{clause} GROUP BY {groups} ORDER BY {order} LIMIT %s OFFSET %s"
    )
    width = len(by_list.split(", "))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, int(limit), int(offset)])
        found = cursor.fetchall()
    total = found[0][-1] if found else None
    return [
        [*convert(record[:width]), *map(_aggregate, record[width:-1])] for record in found
    ], total


def _aggregate(value):
    """numeric results as exact decimals (ints when whole and written so)."""
    return pg_number(value) if isinstance(value, Decimal) else value
