"""The steps of charts.transforms, each a pure function: a Table in, a new Table out.

Rows keep their order unless the step is a sort; groups, series and pivoted
rows come in the order their first row has. Every step is linear in the rows
(a sort or a median, n log n) and bounded in what it makes (transform_values).
"""

import heapq
import operator as op
from decimal import Decimal

from charts.transform_values import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_SERIES,
    StepError,
    Table,
    aggregate,
    aggregate_type,
    cell_key,
    coerce,
    column_index,
    common_type,
    divide,
    exact,
    exact_context,
    minus,
    name_of,
    plus,
    sort_key,
    times,
    total,
    type_word,
    unique_header,
    value_columns,
)
from datasets.models import NUMERIC_TYPES, ColumnType

_COMPARE = {"=": op.eq, "!=": op.ne, "<": op.lt, "<=": op.le, ">": op.gt, ">=": op.ge}


def filter_rows(table: Table, *, column: str, operator: str, values: list) -> Table:
    """Keep the rows whose cell matches; a missing cell is kept only by "!="."""
    j = column_index(table, column)
    kind = table.types[j]
    wanted = [coerce(value, kind, column) for value in values]
    if operator in ("<", "<=", ">", ">=") and kind in (ColumnType.STRING, ColumnType.BOOLEAN):
        raise StepError(f"“{column}” holds {type_word(kind)}: compare it with = or contains")
    if operator == "in":
        chosen = set(wanted)

        def keep(cell):
            return cell is not None and cell_key(cell, kind) in chosen
    elif operator == "contains":
        needle = str(wanted[0]).casefold()

        def keep(cell):
            return cell is not None and needle in str(cell_key(cell, kind)).casefold()
    else:
        compare, target = _COMPARE[operator], wanted[0]

        def keep(cell):
            if cell is None:
                return operator == "!="
            return compare(cell_key(cell, kind), target)

    return Table(table.header, [row for row in table.rows if keep(row[j])], table.types)


def group(table: Table, *, by: str, aggregates: list[tuple[str, str | None, str]]) -> Table:
    """One row per value of `by`, with (function, column or None, name) aggregates."""
    b = column_index(table, by)
    specs = [
        (function, None if column is None else column_index(table, column), name)
        for function, column, name in aggregates
    ]
    types = [aggregate_type(function, table, j) for function, j, _ in specs]
    groups: dict = {}
    for row in table.rows:
        groups.setdefault(row[b], []).append(row)
    rows = []
    for key, members in groups.items():
        cells = [
            len(members)
            if j is None
            else aggregate(function, [r[j] for r in members], table.types[j])
            for function, j, _ in specs
        ]
        rows.append([key, *cells])
    header = unique_header([by, *(name for _, _, name in specs)])
    return Table(header, rows, [table.types[b], *types])


def pivot(
    table: Table, *, label: str | None, category: str, value: str | None, function: str
) -> Table:
    """Long to wide: one column (series) per value of `category`, one row per label."""
    c = column_index(table, category)
    v = None if value is None else column_index(table, value)
    if label is None:
        others = [j for j in range(len(table.header)) if j not in (c, v)]
        if not others:
            raise StepError("there is no column left to label the rows")
        lab = others[0]
    else:
        lab = column_index(table, label)
    if v is None and function != "count":
        raise StepError(f"choose the column of values to {function}")
    kind = aggregate_type(function, table, v)
    series: dict[str, int] = {}
    names: dict = {}  # category value -> its column name
    cells: dict = {}
    for row in table.rows:
        name = names.get(row[c])
        if name is None:
            name = names[row[c]] = name_of(row[c])
        if name not in series:
            if len(series) == MAX_SERIES:
                raise StepError(
                    f"“{category}” has more than {MAX_SERIES} different values, too many "
                    "series for a chart: filter or group the rows first"
                )
            series[name] = len(series)
        cells.setdefault(row[lab], {}).setdefault(name, []).append(
            row[v] if v is not None else True
        )
    rows = []
    for key, by_series in cells.items():
        rows.append([key, *(_cell(function, by_series.get(name), kind) for name in series)])
    header = unique_header([table.header[lab], *series])
    return Table(header, rows, [table.types[lab], *[kind] * len(series)])


def _cell(function, values, kind):
    if values is None:
        return 0 if function == "count" else None
    return aggregate(function, values, kind)


def melt(table: Table, *, columns: list[str] | None, name: str, value: str) -> Table:
    """Wide to long: each of `columns` becomes rows, its name under `name`, values under `value`."""
    if columns is None:
        melted = list(range(1, len(table.header)))
    else:
        melted = [column_index(table, column) for column in columns]
    if not melted:
        raise StepError("there are no columns to turn into rows")
    if len(set(melted)) < len(melted):
        raise StepError("a column is chosen twice")
    kept = [j for j in range(len(table.header)) if j not in melted]
    if len(table.rows) * len(melted) * (len(kept) + 2) > MAX_CELLS:
        raise StepError(
            f"it would make {len(table.rows) * len(melted):,} rows, more than a chart can "
            "hold: filter the rows or choose fewer columns first"
        )
    kind = common_type(table, melted)
    names = [table.header[j] for j in melted]
    rows = [
        [*(row[k] for k in kept), names[i], row[j]]
        for row in table.rows
        for i, j in enumerate(melted)
    ]
    header = unique_header([*(table.header[k] for k in kept), name, value])
    return Table(header, rows, [*(table.types[k] for k in kept), ColumnType.STRING, kind])


def transpose(table: Table, *, name: str) -> Table:
    """Rows become columns: the first column's values name the new columns."""
    if len(table.rows) >= MAX_COLUMNS:
        raise StepError(
            f"the table has {len(table.rows):,} rows, which would make as many columns; "
            f"at most {MAX_COLUMNS - 1}: filter the rows first"
        )
    values = list(range(1, len(table.header)))
    if not values:
        raise StepError("the table has only one column")
    kind = common_type(table, values)
    header = unique_header([name, *(name_of(row[0]) for row in table.rows)])
    rows = [[table.header[j], *(row[j] for row in table.rows)] for j in values]
    return Table(header, rows, [ColumnType.STRING, *[kind] * len(table.rows)])


def sort(table: Table, *, column: str, descending: bool) -> Table:
    """Rows in order of `column` (ties keep their order); rows missing it come last."""
    j = column_index(table, column)
    present = [row for row in table.rows if row[j] is not None]
    present.sort(key=_row_key(table, j), reverse=descending)
    missing = [row for row in table.rows if row[j] is None]
    return Table(table.header, present + missing, table.types)


def _row_key(table, j):
    key = sort_key(table.types[j])
    return (lambda row: key(row[j])) if key else op.itemgetter(j)


def top_by(table: Table, *, n: int, by: str, other: str | None) -> Table:
    """The n rows largest in `by` (then those missing it), as sort() then top(), but
    without sorting the rest: O(rows × log n)."""
    j = column_index(table, by)
    rows = table.rows
    present = (i for i, row in enumerate(rows) if row[j] is not None)
    key = _row_key(table, j)
    chosen = heapq.nlargest(n, present, key=lambda i: key(rows[i]))
    if len(chosen) < n:
        chosen += [i for i, row in enumerate(rows) if row[j] is None][: n - len(chosen)]
    taken = set(chosen)
    rest = [row for i, row in enumerate(rows) if i not in taken]
    return _with_other(table, [rows[i] for i in chosen], rest, other)


def top(table: Table, *, n: int, other: str | None) -> Table:
    """The first n rows; with `other`, one more row of that name summing the rest."""
    return _with_other(table, table.rows[:n], table.rows[n:], other)


def _with_other(table, kept, rest, other):
    if other is None or not rest:
        return Table(table.header, kept, table.types)
    sums = [
        total(row[j] for row in rest) if table.types[j] in NUMERIC_TYPES else None
        for j in range(1, len(table.header))
    ]
    types = table.types
    if types[0] != ColumnType.STRING:
        # "Other" among dates or numbers: the labels become text.
        kept = [[name_of(row[0]), *row[1:]] for row in kept]
        types = [ColumnType.STRING, *types[1:]]
    return Table(table.header, [*kept, [other, *sums]], types)


# Derived values: each replaces the chosen number columns' values ----------------


def share(table: Table, *, columns: list[str] | None) -> Table:
    """Each value as a percentage of its column's total."""
    indexes = value_columns(table, columns, doing="shown as shares")
    totals = {j: total(row[j] for row in table.rows) for j in indexes}
    return _derived(
        table, indexes, ColumnType.NUMBER, lambda j, v, i: divide(times(v, 100), totals[j])
    )


def change(
    table: Table, *, columns: list[str] | None, base: str, at: str | None, percent: bool
) -> Table:
    """The change (or % change) from the first value, the previous row's, or one row's."""
    indexes = value_columns(table, columns, doing="compared")
    bases = _bases(table, indexes, base, at, require=False)

    def derived(j, v, i):
        start = bases[j] if base != "previous" else table.rows[i - 1][j] if i else None
        difference = minus(v, start)
        return divide(times(difference, 100), start) if percent else difference

    kind = ColumnType.NUMBER if percent else None
    return _derived(table, indexes, kind, derived)


def index_to_100(table: Table, *, columns: list[str] | None, at: str | None) -> Table:
    """Each value as an index: 100 at the first value (or at the row labelled `at`)."""
    indexes = value_columns(table, columns, doing="indexed")
    bases = _bases(table, indexes, "row" if at is not None else "first", at, require=True)
    return _derived(
        table, indexes, ColumnType.NUMBER, lambda j, v, i: divide(times(v, 100), bases[j])
    )


def running_total(table: Table, *, columns: list[str] | None) -> Table:
    """Each value plus all those above it; a missing value stays missing."""
    indexes = value_columns(table, columns, doing="added up")
    sums: dict = {}

    def derived(j, v, i):
        if v is None:
            return None
        sums[j] = v if sums.get(j) is None else plus(sums[j], v)
        return sums[j]

    return _derived(table, indexes, None, derived)


def rescale(table: Table, *, columns: list[str] | None, exponent: int) -> Table:
    """Divide by 10**exponent, exactly for ints and Decimals."""
    indexes = value_columns(table, columns, doing="rescaled")
    factor = 10**exponent

    def derived(j, v, i):
        if v is None:
            return None
        if isinstance(v, float):
            return v / factor
        return exact(Decimal(v).scaleb(-exponent))

    return _derived(table, indexes, ColumnType.NUMBER, derived)


def _bases(table, indexes, base, at, *, require):
    """Each column's base value: its first value present, or its value in the row `at`."""
    if base == "previous":
        return {}
    if base == "row":
        wanted = str(at).strip().casefold()
        row = next((r for r in table.rows if name_of(r[0]).casefold() == wanted), None)
        if row is None:
            raise StepError(f"no row is labelled “{at}”")
        bases = {j: row[j] for j in indexes}
        where = f"in the row “{at}”"
    else:
        bases = {j: next((r[j] for r in table.rows if r[j] is not None), None) for j in indexes}
        where = "anywhere"
    for j, value in bases.items():
        if require and (value is None or value == 0):
            state = "missing" if value is None else "0"
            raise StepError(f"“{table.header[j]}” is {state} {where}, so it cannot be the base")
    return bases


def _derived(table, indexes, kind, derive):
    """A new table with derive(j, value, row number) in the columns `indexes`."""
    chosen = set(indexes)
    with exact_context():
        rows = [
            [derive(j, v, i) if j in chosen else v for j, v in enumerate(row)]
            for i, row in enumerate(table.rows)
        ]
    types = [kind if j in chosen and kind else t for j, t in enumerate(table.types)]
    return Table(table.header, rows, types)
