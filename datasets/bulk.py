"""Writing a version's rows to the database in bulk: never a query per row.

The rows go into the version's own typed table (datasets/tables.py): created,
filled (COPY on PostgreSQL, batched INSERTs on SQLite; or COPY of the CSV the
columnar path writes), then indexed, all inside
the ingest's transaction, so a failed upload leaves no table behind.
"""

from datasets import tables

BATCH = tables.CHUNK


def load_rows(version, rows, *, on_progress=None, every=BATCH) -> int:
    """Store `rows` (an iterable of value lists) as `version`'s table; return how many."""
    tables.create_table(version)
    count = tables.load(version, rows, on_progress=on_progress, every=every)
    tables.index_table(version)
    return count


def load_csv(version, blocks, *, on_progress=None) -> int:
    """Store `blocks` ((CSV bytes, rows in them): datasets/columnar.py) as `version`'s table."""
    tables.create_table(version)
    count = tables.copy_csv(version, blocks, on_progress=on_progress)
    tables.index_table(version)
    return count
