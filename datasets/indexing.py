"""A version's indexes, built after its import commits (issue 18).

Building the per-column b-trees of a 1,000,000-row table takes longer than loading
it. Queries are correct without them (datasets/table_query.py, table_pages.py plan
from real counts), only slower, so on PostgreSQL the import commits with the rows,
their key and their statistics, and the indexes follow:

- `after_import(version)` (datasets/bulk.py, in the import's transaction): on
  PostgreSQL queues `build_indexes` once the transaction commits; on SQLite builds
  them at once (they cost little there, and `make run` needs no worker).
- `build_indexes` (the task) builds every missing index of the version
  (table_indexes.index_table), each committed as it is done; readers of the table go on
  meanwhile (a version's table is never written after its import, so a plain CREATE
  INDEX blocks no one, and is faster than CONCURRENTLY). One build per version at a
  time (an advisory lock: a second one returns at once). Deleting a version cancels
  its build (`stop_builds`, datasets/removal.py) rather than wait for it; a build
  that finds its table gone ends quietly.
- Every step is idempotent (CREATE INDEX IF NOT EXISTS), so a build interrupted by
  a crash is completed by the next: `recover(version)` queues it for a version still missing
  indexes STALLED_AFTER after its import (the admin's import page asks), and
  `manage.py buildindexes` does so for every version.
- `pending(version)`: whether some of its indexes are still to be built (the
  admin's import page says so rather than claiming more than is true).
"""

import logging

from django.db import DatabaseError, connection, transaction
from django.tasks import task
from django.utils import timezone
from psycopg import errors

from datasets import table_indexes, tables
from datasets.models import STALLED_AFTER, DatasetVersion

log = logging.getLogger(__name__)
LOCK_SPACE = 0x18 << 40  # advisory lock keys: LOCK_SPACE + the version's pk


def after_import(version) -> None:
    """Build `version`'s indexes now (SQLite), or queue them for after the commit."""
    if not tables.postgres():
        table_indexes.index_table(version)
        return
    queue(version.pk)


def queue(version_pk: int) -> None:
    transaction.on_commit(lambda: build_indexes.enqueue(version_pk))


def pending(version) -> bool:
    """Whether some of `version`'s indexes are not built (yet)."""
    return bool(missing(version))


def missing(version) -> list[str]:
    """The indexes `table_indexes.index_table` builds for `version` that are missing
    (or INVALID)."""
    with connection.cursor() as cursor:
        if tables.postgres():
            cursor.execute(
                table_indexes.PG_INDEXES + " AND i.indisvalid", [tables.table(version.pk)]
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                [tables.table(version.pk).strip('"')],
            )
        present = {name for (name,) in cursor.fetchall()}
    return [name for name in table_indexes.expected_indexes(version) if name not in present]


def recover(version) -> bool:
    """Queue the build of a version still missing indexes long after its import (its
    build's worker died); return whether it was queued."""
    if timezone.now() - version.created_at < STALLED_AFTER or not pending(version):
        return False
    queue(version.pk)
    return True


@task()
def build_indexes(version_id: int) -> None:
    build(version_id)


def build(version_pk: int) -> bool:
    """Build the version's missing indexes; return whether this call built them (False:
    the version is gone, or another build holds it)."""
    if connection.in_atomic_block or not tables.postgres():
        # In a transaction (a migration's, a test's) its own, and one at a time.
        version = DatasetVersion.objects.filter(pk=version_pk).first()
        if version is not None:
            table_indexes.index_table(version)
        return version is not None
    key = LOCK_SPACE + int(version_pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        if not cursor.fetchone()[0]:
            return False  # being built by another worker
        try:
            version = DatasetVersion.objects.filter(pk=version_pk).first()
            if version is None:
                return False
            try:
                table_indexes.index_table(version)
            except DatabaseError as exc:
                if isinstance(exc.__cause__, errors.QueryCanceled) or not tables.has_table(
                    version_pk
                ):
                    # stop_builds: its version is being deleted (if that rolls back,
                    # `recover` queues the build again).
                    log.info("the index build of version %s was stopped", version_pk)
                    return False
                raise
            return True
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def stop_builds(version_pks) -> int:
    """PostgreSQL: cancel the index builds of these versions (they are being deleted);
    return how many were running."""
    keys = [LOCK_SPACE + int(pk) for pk in version_pks]
    if not keys or not tables.postgres():
        return 0
    with connection.cursor() as cursor:
        # A bigint advisory key is held as (classid, objid) = its high and low 32 bits.
        cursor.execute(
            "SELECT pg_cancel_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
            "AND granted AND objsubid = 1 AND pid <> pg_backend_pid() "
            "AND ((classid::bigint << 32) | objid::bigint) = ANY(%s)",
            [keys],
        )
        return len(cursor.fetchall())
