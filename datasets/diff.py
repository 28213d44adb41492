"""What changed between two versions of a dataset: columns, then rows.

Rows are matched by a key present and unique in both versions: the first column
(a country, a date, an id); else the first one, two or three label columns (text,
dates, years) together — a country and year in a long table; else the first
column that is unique alone; else by position. Label columns come first so that a long table is
not matched by a measure that happens to be unique (gapminder's `pop`), which
would make every revised figure a removed row and an added one.

The database does the work on the versions' tables (datasets/tables.py): a key
is checked with one aggregate, added and removed rows are anti-joins (NOT
EXISTS), changed rows a join on the key comparing the shared columns. Python
only reads the counts and the few rows the page lists (MAX_LISTED of each kind),
so memory stays flat however long the versions.

Columns compare as their types: numbers as numbers on both sides (1 and 1.0 are
equal, even when the column went from integer to number), other values that
changed type always differ unless both are missing.
"""

from dataclasses import dataclass, field

from django.db import connection

from datasets import tables
from datasets.table_query import rows_by_number

MAX_LISTED = 50
MAX_KEY_COLUMNS = 3
LABEL_TYPES = frozenset({"string", "date", "year"})
KEY_JOINER = " · "  # between the values of a key of several columns, in the lists


@dataclass
class VersionDiff:
    old: object
    new: object
    key: str | None  # the key's column names, ", "-joined, for the page
    key_columns: list = field(default_factory=list)
    columns_added: list = field(default_factory=list)
    columns_removed: list = field(default_factory=list)
    types_changed: list = field(default_factory=list)  # (name, old type, new type)
    rows_added: list = field(default_factory=list)  # keys
    rows_removed: list = field(default_factory=list)
    rows_changed: list = field(default_factory=list)  # (key, [(column, old, new)])
    counts: dict = field(default_factory=dict)

    @property
    def unchanged(self):
        return not any(
            [self.columns_added, self.columns_removed, self.types_changed]
            + [self.counts.get(k) for k in ("added", "removed", "changed")]
        )


def compare(old, new) -> VersionDiff:
    old_names, new_names = old.column_names(), new.column_names()
    old_types = {c["name"]: c["type"] for c in old.columns}
    new_types = {c["name"]: c["type"] for c in new.columns}
    common = [n for n in new_names if n in old_types]
    diff = VersionDiff(old=old, new=new, key=None)
    diff.columns_added = [n for n in new_names if n not in old_types]
    diff.columns_removed = [n for n in old_names if n not in new_types]
    diff.types_changed = [
        (n, old_types[n], new_types[n]) for n in common if old_types[n] != new_types[n]
    ]
    pairs = [(old_names.index(n), new_names.index(n), old_types[n], new_types[n]) for n in common]
    key = _key(old, new, list(zip(common, pairs, strict=True)))
    if key:
        diff.key = ", ".join(name for name, _ in key)
        diff.key_columns = [name for name, _ in key]
        join = " AND ".join(_equal(pair, "o", "n") for _, pair in key)
    else:
        join = 'o."_n" = n."_n"'
    _rows(diff, old, new, join, pairs, common)
    return diff


def _key(old, new, shared):
    """The shared columns (name, pair) that name a row in both versions, or []."""
    labels = [(n, p) for n, p in shared if p[2] == p[3] and p[2] in LABEL_TYPES]
    candidates = [shared[:1]]  # a table's first column is most often its name or id
    candidates += [labels[:size] for size in range(1, min(MAX_KEY_COLUMNS, len(labels)) + 1)]
    candidates += [[column] for column in shared[1:]]
    tried: list = []
    for key in candidates:
        if not key or key in tried:
            continue
        tried.append(key)
        if _is_key(old, [p[0] for _, p in key]) and _is_key(new, [p[1] for _, p in key]):
            return key
    return []


def _comparable(old_type, new_type):
    return old_type == new_type or {old_type, new_type} <= tables.NUMERIC


def _equal(pair, a, b):
    old_at, new_at, old_type, new_type = pair
    left, right = f"{a}.{tables.column(old_at)}", f"{b}.{tables.column(new_at)}"
    if _comparable(old_type, new_type):
        return f"{left} = {right}"
    return f"CAST({left} AS TEXT) = CAST({right} AS TEXT)"


def _differs(pair):
    old_at, new_at, old_type, new_type = pair
    left, right = f"o.{tables.column(old_at)}", f"n.{tables.column(new_at)}"
    if not _comparable(old_type, new_type):
        return f"NOT ({left} IS NULL AND {right} IS NULL)"
    if tables.postgres():
        return f"{left} IS DISTINCT FROM {right}"
    return f"{left} IS NOT {right}"


def _is_key(version, positions):
    """Whether the columns at `positions` are present in every row and unique together."""
    table = tables.table(version.pk)
    if len(positions) == 1:
        cell = tables.column(positions[0])
        sql = f"SELECT count(*), count({cell}), count(DISTINCT {cell}) FROM {table}"
    else:  # count(DISTINCT a, b) is PostgreSQL's only: distinct rows, counted
        cells = ", ".join(tables.column(at) for at in positions)
        present = " AND ".join(f"{tables.column(at)} IS NOT NULL" for at in positions)
        sql = (
            f"SELECT count(*), count(CASE WHEN {present} THEN 1 END),"
            f" (SELECT count(*) FROM (SELECT DISTINCT {cells} FROM {table}) AS d) FROM {table}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows, present, distinct = cursor.fetchone()
    return rows == present == distinct


def _rows(diff, old, new, join, pairs, common):
    o, n = f"{tables.table(old.pk)} AS o", f"{tables.table(new.pk)} AS n"
    changed = " OR ".join(f"({_differs(p)})" for p in pairs) or "1=0"
    added = f"FROM {n} WHERE NOT EXISTS (SELECT 1 FROM {o} WHERE {join})"
    removed = f"FROM {o} WHERE NOT EXISTS (SELECT 1 FROM {n} WHERE {join})"
    both = f"FROM {n} JOIN {o} ON {join} WHERE {changed}"
    with connection.cursor() as cursor:
        counts = {}
        for kind, body in (("added", added), ("removed", removed), ("changed", both)):
            cursor.execute(f"SELECT count(*) {body}")
            counts[kind] = cursor.fetchone()[0]
        cursor.execute(f'SELECT n."_n" {added} ORDER BY n."_n" LIMIT {MAX_LISTED}')
        added_at = [r[0] for r in cursor.fetchall()]
        cursor.execute(f'SELECT o."_n" {removed} ORDER BY o."_n" LIMIT {MAX_LISTED}')
        removed_at = [r[0] for r in cursor.fetchall()]
        cursor.execute(f'SELECT n."_n", o."_n" {both} ORDER BY n."_n" LIMIT {MAX_LISTED}')
        changed_at = cursor.fetchall()
    diff.counts = counts
    old_rows = rows_by_number(old, [*removed_at, *(at for _, at in changed_at)])
    new_rows = rows_by_number(new, [*added_at, *(at for at, _ in changed_at)])
    key_old, key_new = _key_of(diff, old), _key_of(diff, new)
    diff.rows_added = [key_new(at, new_rows[at]) for at in added_at]
    diff.rows_removed = [key_old(at, old_rows[at]) for at in removed_at]
    for new_at, old_at in changed_at:
        before, after = old_rows[old_at], new_rows[new_at]
        cells = [
            (name, before[p[0]], after[p[1]])
            for name, p in zip(common, pairs, strict=True)
            if before[p[0]] != after[p[1]]
        ]
        diff.rows_changed.append((key_new(new_at, after), cells))


def _key_of(diff, version):
    """A row's name in the lists: its key's value, or "row N" when matched by position."""
    if diff.key is None:
        return lambda at, values: f"row {at + 1}"
    names = version.column_names()
    indexes = [names.index(name) for name in diff.key_columns]
    return lambda at, values: KEY_JOINER.join(str(values[i]) for i in indexes)
