"""A version's indexes (its key aside; see datasets/tables.py for the table).

`index_table` builds every index of a version but the key: one b-tree per
column (up to INDEXED_COLUMNS columns). On PostgreSQL they are built after the import
commits, by the task worker (datasets/indexing.py): a version is queryable at once,
its queries only slower until they exist. They serve the rows API's
filters (=, ranges, in, prefix) and sorts, the group-bys, and the diff's key
look-ups. Text columns are indexed on their first TEXT_KEY characters (a b-tree
entry must fit a page; cells may hold 128k characters), and every text
comparison tests that prefix too so the index applies. PostgreSQL builds them with
DATASET_INDEX_MEMORY_MB of memory (and its parallel maintenance workers), and the
text search indexes (`q`, `like`: datasets/text_indexes.py).
"""

from django.db import connection

from datasets import text_indexes
from datasets.tables import (
    INDEXED_COLUMNS,
    SCHEMA,
    TEXT_KEY,
    column,
    index_memory,
    postgres,
    table,
    types_of,
)


def _short(version) -> str:
    """The stem of the names of `version`'s indexes."""
    return f"v{int(version.pk)}" if postgres() else f"{SCHEMA}_v{int(version.pk)}"


def index_names(version) -> list[str]:
    """The names of the b-tree indexes `index_table` builds for `version` (its key aside)."""
    short = _short(version)
    return [f"{short}_c{i}" for i in range(min(len(version.columns), INDEXED_COLUMNS))]


def expected_indexes(version) -> list[str]:
    """Every index a complete `version` has but its key: the b-trees, then the text
    indexes that are built wherever they can be (datasets/text_indexes.py)."""
    return index_names(version) + text_indexes.expected_names(version, short=_short(version))


def index_table(version) -> None:
    """Every index of a version but its key (see the module's note), each built unless it
    exists already: run it again after an interruption and it completes the set.

    Outside a transaction (the worker's build, datasets/indexing.py) each index commits
    on its own. A plain CREATE INDEX locks out writers only, and a version's table is
    never written once imported, so readers go on meanwhile; CONCURRENTLY would scan
    the table twice (slower by a third here) and wait on every older transaction. An
    INVALID index (left by a CONCURRENTLY build someone ran) is dropped and built again.
    Ends with ANALYZE (statistics of the indexed expressions).
    """
    name = table(version.pk)
    local = connection.in_atomic_block
    with connection.cursor() as cursor:
        if postgres():
            index_memory(cursor, local=local)
            cursor.execute(PG_INDEXES + " AND NOT i.indisvalid", [name])
            for (invalid,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX IF EXISTS "{SCHEMA}"."{invalid}"')
        try:
            names = index_names(version)
            for i, kind in enumerate(types_of(version)[: len(names)]):
                on = f"({column(i)})"
                if kind == "string" and postgres():
                    on = f"(left({column(i)}, {TEXT_KEY}))"
                cursor.execute(f'CREATE INDEX IF NOT EXISTS "{names[i]}" ON {name} {on}')
            text_indexes.index_text(version, name=name, short=_short(version))
            if postgres():
                cursor.execute(f"ANALYZE {name}")
        finally:
            if postgres() and not local:
                cursor.execute("RESET maintenance_work_mem")


# A table's indexes (its key's too), by the table's quoted name.
PG_INDEXES = (
    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
    "WHERE i.indrelid = to_regclass(%s)"
)
