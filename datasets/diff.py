"""What changed between two versions of a dataset: columns, then rows.

Rows are matched by a key: the first column whose values are present and unique
in both versions (a country, a date); without one, by position.
"""

from dataclasses import dataclass, field

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
    old_rows, new_rows = old.ordered_rows(), new.ordered_rows()
    key = _key_column(old_names, new_names, old_rows, new_rows)
    diff = VersionDiff(old=old, new=new, key=key)
    diff.columns_added = [n for n in new_names if n not in old_types]
    diff.columns_removed = [n for n in old_names if n not in new_types]
    diff.types_changed = [
        (n, old_types[n], new_types[n])
        for n in new_names
        if n in old_types and old_types[n] != new_types[n]
    ]
    common = [n for n in new_names if n in old_types]
    old_by_key = _by_key(old_rows, old_names, key)
    new_by_key = _by_key(new_rows, new_names, key)
    added = [k for k in new_by_key if k not in old_by_key]
    removed = [k for k in old_by_key if k not in new_by_key]
    changed = []
    for k, new_values in new_by_key.items():
        if k not in old_by_key:
            continue
        old_values = old_by_key[k]
        cells = [
            (name, old_values[old_names.index(name)], new_values[new_names.index(name)])
            for name in common
        ]
        cells = [c for c in cells if c[1] != c[2]]
        if cells:
            changed.append((k, cells))
    diff.counts = {"added": len(added), "removed": len(removed), "changed": len(changed)}
    diff.rows_added = added[:MAX_LISTED]
    diff.rows_removed = removed[:MAX_LISTED]
    diff.rows_changed = changed[:MAX_LISTED]
    return diff


def _key_column(old_names, new_names, old_rows, new_rows):
    for name in new_names:
        if name not in old_names:
            continue
        old_values = [r[old_names.index(name)] for r in old_rows]
        new_values = [r[new_names.index(name)] for r in new_rows]
        if _unique(old_values) and _unique(new_values):
            return name
    return None


def _unique(values):
    return None not in values and len(set(map(str, values))) == len(values)


def _by_key(rows, names, key):
    if key is None:
        return {f"row {i + 1}": row for i, row in enumerate(rows)}
    index = names.index(key)
    return {str(row[index]): row for row in rows}
