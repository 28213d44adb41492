"""How table_query reads a sorted page: the query's shape, and the same rows either way."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from datasets import table_query, tables
from datasets.table_query import Test
from tests.factories import make_dataset

pytestmark = pytest.mark.django_db

# k (text, one missing), n (integer, three missing, ties), flag (boolean)
TABLE = b"k,n,flag\na,3,yes\nb,,no\nc,1,yes\n,3,yes\ne,,yes\nf,2,no\ng,5,yes\nh,,yes\n"


@pytest.fixture
def version():
    return make_dataset(content=TABLE).current_version


def every_page(version, *, where, ordering, matches):
    """Each page of every size from 1 to 3, at every offset, as `select` reads it."""
    width = version.row_count + 2
    return {
        (offset, limit): table_query.select(
            version,
            where=where,
            ordering=ordering,
            offset=offset,
            limit=limit,
            matches=matches,
        )
        for offset in range(width)
        for limit in (1, 2, 3)
    }


@pytest.mark.parametrize("ordering", [[(1, True)], [(1, False)], [(0, True), (1, True)]])
@pytest.mark.parametrize("where", [None, Test(2, "=", True)])
@pytest.mark.parametrize("counted", [False, True])
def test_a_page_is_a_slice_of_the_whole_ordering_however_it_is_read(
    version, ordering, where, counted
):
    whole = table_query.select(version, where=where, ordering=ordering)  # one NULLS LAST query
    matches = len(whole) if counted else None
    pages = every_page(version, where=where, ordering=ordering, matches=matches)
    for (offset, limit), page in pages.items():
        assert page == whole[offset : offset + limit], (offset, limit)
    if ordering == [(1, True)] and where is None:
        assert [row[1] for row in whole] == [5, 3, 3, 2, 1, None, None, None]
        assert [row[0] for row in whole[1:3]] == ["a", None]  # ties in file order


def test_a_sorted_page_reads_the_present_rows_in_index_order_then_the_missing(version):
    with CaptureQueriesContext(connection) as queries:
        page = table_query.select(version, ordering=[(1, True)], offset=4, limit=3)
    assert [row[0] for row in page] == ["c", "b", "e"]
    present, missing = (q["sql"] for q in queries.captured_queries)
    assert '"c1" IS NOT NULL' in present
    assert 'ORDER BY "c1" DESC, "_n"' in present  # the index's own null placement
    assert '"c1" IS NULL' in missing
    assert 'ORDER BY "_n"' in missing
    assert "NULLS LAST" not in present + missing


def test_a_page_past_the_present_rows_counts_them_to_find_its_place(version):
    with CaptureQueriesContext(connection) as queries:
        page = table_query.select(version, ordering=[(1, True)], offset=6, limit=3)
    assert [row[0] for row in page] == ["e", "h"]
    assert "count(*)" in queries.captured_queries[1]["sql"]


def test_few_matches_are_found_first_then_sorted(version):
    where = Test(2, "=", False)
    with CaptureQueriesContext(connection) as queries:
        page = table_query.select(version, where=where, ordering=[(1, True)], limit=5, matches=2)
    assert [row[0] for row in page] == ["f", "b"]
    (query,) = queries.captured_queries
    assert "WITH matched AS MATERIALIZED" in query["sql"]
    assert "NULLS LAST" in query["sql"]


def test_many_matches_walk_the_sort_index(version, monkeypatch):
    monkeypatch.setattr(table_query, "FEW_MATCHES", 1)
    where = Test(2, "=", False)
    with CaptureQueriesContext(connection) as queries:
        page = table_query.select(version, where=where, ordering=[(1, True)], limit=5, matches=2)
    assert [row[0] for row in page] == ["f", "b"]
    assert all("MATERIALIZED" not in q["sql"] for q in queries.captured_queries)


def test_no_match_or_a_page_past_them_asks_the_database_nothing(version):
    with CaptureQueriesContext(connection) as queries:
        none = table_query.select(version, where=Test(0, "=", "z"), limit=5, matches=0)
        past = table_query.select(
            version, where=Test(0, "=", "a"), ordering=[(1, True)], offset=5, limit=5, matches=1
        )
    assert none == past == []
    assert queries.captured_queries == []


def test_a_missing_text_is_tested_on_its_indexed_key(version):
    sql, _ = table_query.where_sql(version, Test(0, "null", True))
    key = f'left("c0", {tables.TEXT_KEY})' if tables.postgres() else '"c0"'
    assert sql == f" WHERE {key} IS NULL"
    assert table_query.count(version, where=Test(0, "null", True)) == 1
    assert table_query.count(version, where=Test(0, "null", False)) == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize("descending", [True, False])
def test_postgresql_serves_either_direction_from_the_columns_index(version, descending):
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
