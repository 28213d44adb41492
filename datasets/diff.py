"""What changed between two versions of a dataset: columns, then rows.

Rows are matched by a key: the first column whose values are present and unique
in both versions (a country, a date); without one, by position.

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


@dataclass
class VersionDiff:
    old: object
    new: object
    key: str | None
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
    # The key: the first shared column, in the new version's order, that holds it.
    for name, pair in zip(common, pairs, strict=True):
        if _is_key(old, pair[0]) and _is_key(new, pair[1]):
            diff.key = name
            join = _equal(pair, "o", "n")
            break
    else:
        join = 'o."_n" = n."_n"'
    _rows(diff, old, new, join, pairs, common)
    return diff


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


def _is_key(version, at):
    """Whether column `at` is present in every row and unique."""
    cell = tables.column(at)
    sql = f"SELECT count(*), count({cell}), count(DISTINCT {cell}) FROM {tables.table(version.pk)}"
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
    index = version.column_names().index(diff.key)
    return lambda at, values: str(values[index])
