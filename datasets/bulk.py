"""Writing a version's rows to the database in bulk: never a query per row.

The rows go into the version's own typed table (datasets/tables.py): created,
filled (COPY on PostgreSQL, batched INSERTs on SQLite; or COPY of the CSV the
columnar path writes), then keyed and analysed (PostgreSQL), all inside the
ingest's transaction, so a failed upload leaves no table behind. The other indexes
follow (datasets/indexing.py): on PostgreSQL once the import has committed, built
by the task worker; on SQLite at once, in the transaction (they cost little there).
"""

from datasets import indexing, tables

BATCH = tables.CHUNK


def load_rows(version, rows, *, on_progress=None, every=BATCH) -> int:
    """Store `rows` (an iterable of value lists) as `version`'s table; return how many."""
    tables.create_table(version)
    count = tables.load(version, rows, on_progress=on_progress, every=every)
    _finish(version)
    return count


def load_csv(version, blocks, *, on_progress=None) -> int:
    """Store `blocks` ((CSV bytes, rows in them): datasets/columnar.py) as `version`'s table."""
    tables.create_table(version)
    count = tables.copy_csv(version, blocks, on_progress=on_progress)
    _finish(version)
    return count


def _finish(version) -> None:
    tables.add_key(version)
    indexing.after_import(version)
