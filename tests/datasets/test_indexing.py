"""A version's indexes follow its import's commit (PostgreSQL) and are completed after
any interruption; the version is queryable meanwhile (datasets/indexing.py)."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.utils import timezone

from datasets import indexing, table_indexes, table_query, tables
from datasets.models import Dataset, DatasetVersion
from datasets.removal import delete_datasets
from datasets.table_query import Test
from tests.factories import make_dataset

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL builds them after the commit"
)

TABLE = b"k,n,day\na,3,2024-01-02\nb,,2024-01-01\nc,1,1992\n"


def _key_columns(version):
    """The columns of the table's primary key."""
    with connection.cursor() as cursor:
        if tables.postgres():
            cursor.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = to_regclass(%s) AND i.indisprimary",
                [tables.table(version.pk)],
            )
            return [name for (name,) in cursor.fetchall()]
        cursor.execute(f"SELECT name FROM pragma_table_info('data_v{version.pk}') WHERE pk > 0")
        return [name for (name,) in cursor.fetchall()]


def test_a_version_is_stored_keyed_and_queryable_before_its_indexes(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = make_dataset(content=TABLE).current_version
    assert _key_columns(version) == ["_n"]
    assert indexing.pending(version) == tables.postgres()  # SQLite builds them at once
    # Correct answers without them: a filter, a sort, a count.
    rows = table_query.select(version, where=Test(1, "null", False), ordering=[(1, True)])
    assert [row[0] for row in rows] == ["a", "c"]
    assert table_query.count(version, where=Test(2, "prefix", "2024")) == 2

    for callback in callbacks:  # the commit: the build is queued and (here) runs at once
        callback()
    assert not indexing.pending(version)
    assert indexing.missing(version) == []


def test_an_interrupted_build_is_completed():
    version = make_dataset(content=TABLE).current_version
    indexing.build(version.pk)
    with connection.cursor() as cursor:
        prefix = f'"{tables.SCHEMA}".' if tables.postgres() else ""
        cursor.execute(f'DROP INDEX {prefix}"{table_indexes.index_names(version)[0]}"')
        if tables.postgres():  # what a failed CREATE INDEX CONCURRENTLY leaves behind
            cursor.execute(
                "UPDATE pg_index SET indisvalid = false WHERE indexrelid = to_regclass(%s)",
                [f'{prefix}"{table_indexes.index_names(version)[1]}"'],
            )
    broken = 2 if tables.postgres() else 1
    assert indexing.missing(version) == table_indexes.index_names(version)[:broken]

    assert indexing.build(version.pk)
    assert indexing.missing(version) == []
    if tables.postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), bool_and(i.indisvalid) FROM pg_index i "
                "WHERE i.indrelid = to_regclass(%s)",
                [tables.table(version.pk)],
            )
            # The key, each column's b-tree and trigram index, and the q index: no leftovers.
            assert cursor.fetchone() == (2 + len(table_indexes.expected_indexes(version)), True)


@postgres_only
def test_a_build_whose_worker_died_is_queued_again_by_the_import_page(
    editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # its task is lost
        version = make_dataset(content=TABLE).current_version
    assert not indexing.recover(version)  # just imported: its build may be on its way
    assert indexing.pending(version)

    DatasetVersion.objects.filter(pk=version.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    version.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert indexing.recover(version)
    assert not indexing.pending(version)


def test_the_command_builds_every_missing_index(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = make_dataset(content=TABLE).current_version
        second = make_dataset(content=b"x\n1\n").current_version
    with connection.cursor() as cursor:
        prefix = f'"{tables.SCHEMA}".' if tables.postgres() else ""
        cursor.execute(f'DROP INDEX IF EXISTS {prefix}"{table_indexes.index_names(second)[0]}"')
    call_command("buildindexes", stdout=(out := _Text()))
    assert indexing.missing(first) == indexing.missing(second) == []
    assert f"{2 if tables.postgres() else 1} version(s) indexed." in out.text
    call_command("buildindexes", stdout=(out := _Text()))
    assert "0 version(s) indexed." in out.text


class _Text:
    text = ""

    def write(self, chunk):
        self.text += chunk

    def flush(self):
        pass


def test_deleting_a_version_whose_indexes_are_pending(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dataset = make_dataset(content=TABLE)
    pk = dataset.current_version.pk
    delete_datasets(datasets=Dataset.objects.filter(pk=dataset.pk))
    for callback in callbacks:  # the build runs after the delete: nothing to do
        callback()
    assert not indexing.build(pk)
    assert not tables.has_table(pk)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_build_after_the_commit_runs_once_per_version_and_a_delete_stops_it():
    version = make_dataset(content=TABLE).current_version  # commits: the build runs
    assert not indexing.pending(version)  # built outside the import's transaction
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{tables.SCHEMA}"."{table_indexes.index_names(version)[0]}"')

    # Another worker's build of the same version (its advisory lock), still running.
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    side.ensure_connection()
    side.inc_thread_sharing()  # its query runs in a thread of its own
    failed = []

    def other_build():
        try:
            with side.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(30)")
        except DatabaseError as exc:
            failed.append(exc)

    with side.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_lock(%s), pg_backend_pid()", [indexing.LOCK_SPACE + version.pk]
        )
        pid = cursor.fetchone()[1]
    running = threading.Thread(target=other_build)
    running.start()
    try:
        assert not indexing.build(version.pk)  # a second build at once gives way
        assert indexing.pending(version)
        _wait_for_query(pid)
        assert indexing.stop_builds([version.pk]) == 1
        running.join(timeout=20)
        assert len(failed) == 1
        assert "cancel" in str(failed[0])
    finally:
        side.close()
    assert indexing.build(version.pk)  # its lock went with its session
    assert not indexing.pending(version)
    delete_datasets(datasets=Dataset.objects.filter(pk=version.dataset_id))
    assert not tables.has_table(version.pk)


def _wait_for_query(pid):
    """Until the backend `pid` is running a query (a cancel between queries does nothing)."""
    deadline = timezone.now() + timedelta(seconds=20)
    with connection.cursor() as cursor:
        while timezone.now() < deadline:
            cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() == ("active",):
                return
    raise AssertionError("the other build's query never started")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_build_that_finds_its_table_dropped_ends_quietly(monkeypatch):
    version = make_dataset(content=TABLE).current_version
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{tables.SCHEMA}"."{table_indexes.index_names(version)[0]}"')
    build = table_indexes.index_table

    def dropped_meanwhile(version):  # the delete's DROP TABLE got in between two indexes
        tables.drop_table(version.pk)
        build(version)

    monkeypatch.setattr(table_indexes, "index_table", dropped_meanwhile)
    assert not indexing.build(version.pk)
    with connection.cursor() as cursor:  # its lock was let go
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [indexing.LOCK_SPACE + version.pk])
        assert cursor.fetchone() == (True,)
        cursor.execute("SELECT pg_advisory_unlock(%s)", [indexing.LOCK_SPACE + version.pk])
