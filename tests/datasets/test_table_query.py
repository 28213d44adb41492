"""table_query's conditions and orders: what SQL they make, and that an index can serve it."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from datasets import indexing, table_indexes, table_query, tables
from datasets.table_query import Test
from tests.factories import make_dataset

pytestmark = pytest.mark.django_db

# k (text, one missing), n (integer, three missing, ties), flag (boolean)
TABLE = b"k,n,flag\na,3,yes\nb,,no\nc,1,yes\n,3,yes\ne,,yes\nf,2,no\ng,5,yes\nh,,yes\n"


@pytest.fixture
def version():
    return make_dataset(content=TABLE).current_version


def test_a_missing_text_is_tested_on_its_indexed_key(version):
    sql, _ = table_query.where_sql(version, Test(0, "null", True))
    key = f'left("c0", {tables.TEXT_KEY})' if tables.postgres() else '"c0"'
    assert sql == f" WHERE {key} IS NULL"
    assert table_query.count(version, where=Test(0, "null", True)) == 1
    assert table_query.count(version, where=Test(0, "null", False)) == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize("descending", [True, False])
def test_postgresql_serves_either_direction_from_the_columns_index(version, descending):
    indexing.build(version.pk)  # after the import's commit, by the worker
    present = Test(1, "null", False)
    clause, params = table_query.where_sql(version, present)
    order = table_query.order_sql(version, [(1, descending)], present=True)
    sql = f"SELECT * FROM {tables.table(version.pk)}{clause}{order} LIMIT 2"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")  # a full sort costs "never"
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert f"Index Scan{' Backward' if descending else ''} using v{version.pk}_c1" in plan
    assert "disable" not in plan
    assert "10000000000" not in plan


def test_following_is_the_first_text_after_all_that_start_with_it():
    assert table_query.following("ab") == "ac"
    assert table_query.following("a\U0010ffff") == "b"
    assert table_query.following("\U0010ffff") is None
    assert table_query.following("a\ud7ff") == "a\ue000"  # past the surrogates


def test_a_prefix_is_a_range_of_the_index_where_text_sorts_by_code_point():
    long = "x" * (tables.TEXT_KEY + 5)
    cells = ["Zz", "Zz\U0010ffff", "Z{", "Zzz", "Z", "Zy\U0010ffff", "zz", long + "a", long[:-1]]
    content = ("k\n" + "\n".join(cells) + "\n").encode()
    version = make_dataset(content=content).current_version

    def found(prefix):
        rows = table_query.select(version, where=Test(0, "prefix", prefix))
        return [row[0] for row in rows]

    assert found("Zz") == ["Zz", "Zz\U0010ffff", "Zzz"]
    assert found("Zz\U0010ffff") == ["Zz\U0010ffff"]
    assert found("Z") == ["Zz", "Zz\U0010ffff", "Z{", "Zzz", "Z", "Zy\U0010ffff"]
    assert found(long) == [long + "a"]
    assert found("") == cells
    sql, params = table_query.where_sql(version, Test(0, "prefix", "Zz"))
    if table_query.code_point_order():  # SQLite, and PostgreSQL under a C collation
        assert params == ["Zz", "Z{", "Zz"]
        assert " < %s AND " in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's settings")
def test_indexes_are_built_with_the_memory_set_for_them(settings):
    settings.DATASET_INDEX_MEMORY_MB = 96
    version = make_dataset(content=b"k,n\na,1\nb,2\n").current_version
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            table_indexes.index_table(version)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('maintenance_work_mem')")
            assert cursor.fetchone() == ("96MB",)
    assert "set_config('maintenance_work_mem'" in queries.captured_queries[0]["sql"]
    assert ", true)" in queries.captured_queries[0]["sql"]  # for the transaction only
