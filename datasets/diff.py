"""What changed between two versions of a dataset: columns, then rows.

Rows are matched by a key: the first column whose values are present and unique
in both versions (a country, a date); without one, by position.

Memory stays small however long the versions: rows are read from the database
in chunks and never all held. Matching by position walks both versions side by
side. Matching by key keeps, for the old version only, a hash of each row's key
and a hash of its values (two integers a row, about 100 bytes, where the rows
themselves took kilobytes), then reads the old version once more for the few
rows the page lists (MAX_LISTED of each kind).
"""

import json
from dataclasses import dataclass, field
from itertools import islice, zip_longest

MAX_LISTED = 50
CHUNK_ROWS = 2000  # rows fetched from the database at a time


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


@dataclass
class _Side:
    """One version as the comparison reads it: its rows (streamed) and column positions."""

    version: object
    names: list
    common: list  # positions of the columns both versions have, in the new version's order

    def rows(self):
        return self.version.stream_rows()

    def shared(self, values):
        return [values[i] for i in self.common]


def compare(old, new) -> VersionDiff:
    old_names, new_names = old.column_names(), new.column_names()
    old_types = {c["name"]: c["type"] for c in old.columns}
    new_types = {c["name"]: c["type"] for c in new.columns}
    common = [n for n in new_names if n in old_types]
    before = _Side(old, old_names, [old_names.index(n) for n in common])
    after = _Side(new, new_names, [new_names.index(n) for n in common])
    diff = VersionDiff(old=old, new=new, key=None)
    diff.columns_added = [n for n in new_names if n not in old_types]
    diff.columns_removed = [n for n in old_names if n not in new_types]
    diff.types_changed = [
        (n, old_types[n], new_types[n]) for n in common if old_types[n] != new_types[n]
    ]
    # The key: the first shared column, in the new version's order, that holds it.
    for name in common:
        attempt = VersionDiff(old=old, new=new, key=name)
        if _by_key(attempt, before, after, common):
            diff.key, diff.counts = name, attempt.counts
            diff.rows_added, diff.rows_removed = attempt.rows_added, attempt.rows_removed
            diff.rows_changed = attempt.rows_changed
            return diff
    _by_position(diff, before, after, common)
    return diff


def _by_position(diff, before, after, common):
    counts = {"added": 0, "removed": 0, "changed": 0}
    missing = object()
    pairs = zip_longest(before.rows(), after.rows(), fillvalue=missing)
    for i, (old_values, new_values) in enumerate(pairs):
        key = f"row {i + 1}"
        if old_values is missing:
            counts["added"] += 1
            _keep(diff.rows_added, key)
        elif new_values is missing:
            counts["removed"] += 1
            _keep(diff.rows_removed, key)
        elif cells := _cells(common, before.shared(old_values), after.shared(new_values)):
            counts["changed"] += 1
            _keep(diff.rows_changed, (key, cells))
    diff.counts = counts


def _by_key(diff, before, after, common) -> bool:
    """Match rows by `diff.key`; False (at the first proof) when it is not a key of both."""
    old_at, new_at = before.names.index(diff.key), after.names.index(diff.key)
    old_rows = _index(before, old_at)  # hash of key -> hash of shared values, in file order
    if old_rows is None:
        return False
    counts = {"added": 0, "removed": 0, "changed": 0}
    changed = []  # (key hash, key, new shared values) of the first rows that changed
    seen = set()
    for values in after.rows():
        if values[new_at] is None:
            return False
        key = str(values[new_at])
        if (key_hash := hash(key)) in seen:
            return False
        seen.add(key_hash)
        digest = old_rows.pop(key_hash, None)
        shared = after.shared(values)
        if digest is None:
            counts["added"] += 1
            _keep(diff.rows_added, key)
        elif digest != _hash(shared):
            counts["changed"] += 1
            if len(changed) < MAX_LISTED:
                changed.append((key_hash, key, shared))
    counts["removed"] = len(old_rows)  # what the new version did not take
    diff.counts = counts
    # Once more through the old rows, for the few the page shows.
    removed = list(islice(old_rows, MAX_LISTED))
    wanted = set(removed) | {h for h, _, _ in changed}
    found = {}
    for values in before.rows() if wanted else ():
        key_hash = hash(str(values[old_at]))
        if key_hash in wanted:
            found[key_hash] = values
            if len(found) == len(wanted):
                break
    diff.rows_removed = [str(found[h][old_at]) for h in removed if h in found]
    for key_hash, key, shared in changed:
        if key_hash in found and (cells := _cells(common, before.shared(found[key_hash]), shared)):
            diff.rows_changed.append((key, cells))
    return True


def _index(side, at):
    """{hash of key: hash of shared values} over `side`; None when `at` is not a key there."""
    index = {}
    for values in side.rows():
        if values[at] is None:
            return None
        key_hash = hash(str(values[at]))
        if key_hash in index:
            return None
        index[key_hash] = _hash(side.shared(values))
    return index


def _cells(names, old_values, new_values):
    return [(n, o, v) for n, o, v in zip(names, old_values, new_values, strict=True) if o != v]


def _keep(listed, item):
    if len(listed) < MAX_LISTED:
        listed.append(item)


def _hash(values):
    try:
        return hash(tuple(values))  # equal values (1 and 1.0 too) hash alike
    except TypeError:  # a list or an object in a cell
        return hash(json.dumps(values, sort_keys=True, default=str))
