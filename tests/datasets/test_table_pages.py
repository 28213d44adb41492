"""How table_pages reads a page: the queries it makes, and the same rows however it reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datasets import table_pages, table_query, tables
from datasets.table_query import AllOf, AnyOf, Test
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
        (offset, limit): table_pages.page(
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
        page = table_pages.page(version, ordering=[(1, True), (0, False)], offset=4, limit=3)
    assert [row[0] for row in page] == ["c", "b", "e"]
    present, missing = (q["sql"] for q in queries.captured_queries)
    assert '"c1" IS NOT NULL' in present
    assert 'ORDER BY "c1" DESC, ' in present  # the index's own null placement
    assert '"c1" IS NULL' in missing
    assert "NULLS LAST" not in present.split('"c1" DESC')[0] + missing.split("ORDER BY")[0]


def test_a_page_past_the_present_rows_counts_them_to_find_its_place(version):
    with CaptureQueriesContext(connection) as queries:
        page = table_pages.page(version, ordering=[(1, True)], offset=6, limit=3)
    assert [row[0] for row in page] == ["e", "h"]
    assert any("count(*)" in q["sql"] for q in queries.captured_queries)


# A column of three categories, and a number of ties: the API's `sort=kind` on 1M rows.
KINDS = b"kind,n\n" + b"".join(b"%s,%d\n" % (b"xyz"[i % 3 : i % 3 + 1], i % 4) for i in range(30))


@pytest.mark.parametrize("column", [0, 1])
@pytest.mark.parametrize("descending", [True, False])
def test_a_run_of_equal_values_is_read_in_file_order_not_sorted_whole(column, descending):
    version = make_dataset(content=KINDS).current_version
    ordering = [(column, descending)]
    whole = table_query.select(version, ordering=ordering)
    for offset in range(0, 32, 3):
        for limit in (1, 4, 11):
            with CaptureQueriesContext(connection) as queries:
                page = table_pages.page(version, ordering=ordering, offset=offset, limit=limit)
            assert page == whole[offset : offset + limit], (offset, limit)
    with CaptureQueriesContext(connection) as queries:
        table_pages.page(version, ordering=ordering, offset=4, limit=3)
    boundary, ahead, ties = (q["sql"] for q in queries.captured_queries)
    assert "LIMIT 1 OFFSET 6" in boundary
    assert "_n" not in boundary  # the sort column's index alone
    assert f"{'>' if descending else '<'} " in ahead
    assert ties.endswith('ORDER BY "_n" LIMIT 7 OFFSET 0')  # the run's rows, in file order


def test_few_matches_are_found_first_then_sorted(version):
    where = Test(2, "=", False)
    with CaptureQueriesContext(connection) as queries:
        page = table_pages.page(version, where=where, ordering=[(1, True)], limit=5, matches=2)
    assert [row[0] for row in page] == ["f", "b"]
    (query,) = queries.captured_queries
    assert "WITH matched AS MATERIALIZED" in query["sql"]
    assert "NULLS LAST" in query["sql"]


def test_many_matches_walk_the_sort_index(version, monkeypatch):
    monkeypatch.setattr(table_pages, "FEW_MATCHES", 1)
    where = Test(2, "=", False)
    with CaptureQueriesContext(connection) as queries:
        page = table_pages.page(version, where=where, ordering=[(1, True)], limit=5, matches=2)
    assert [row[0] for row in page] == ["f", "b"]
    walk = queries.captured_queries[0]["sql"]
    assert 'ORDER BY "c1" DESC LIMIT 1 OFFSET 4' in walk


def test_no_match_or_a_page_past_them_asks_the_database_nothing(version):
    with CaptureQueriesContext(connection) as queries:
        none = table_pages.page(version, where=Test(0, "=", "z"), limit=5, matches=0)
        past = table_pages.page(
            version, where=Test(0, "=", "a"), ordering=[(1, True)], offset=5, limit=5, matches=1
        )
    assert none == past == []
    assert queries.captured_queries == []


def test_texts_alike_in_their_indexed_characters_still_sort_by_the_rest():
    head = "y" * tables.TEXT_KEY
    cells = [head + "b", "x", head + "a", "z", head + "b", head, "x", head + "a"]
    version = make_dataset(content=("k\n" + "\n".join(cells) + "\n").encode()).current_version
    for descending in (True, False):
        whole = table_query.select(version, ordering=[(0, descending)])
        for offset in range(len(cells)):
            for limit in (1, 2, 5):
                page = table_pages.page(
                    version, ordering=[(0, descending)], offset=offset, limit=limit
                )
                assert page == whole[offset : offset + limit], (descending, offset, limit)
    ascending = ["x", "x", head, head + "a", head + "a", head + "b", head + "b", "z"]
    assert [row[0] for row in whole] == ascending


def test_which_filters_no_index_narrows():
    like, search, equal = Test(0, "like", "%a%"), Test(0, "search", "a"), Test(0, "=", "a")
    assert table_pages.reads_every_row(like)
    assert table_pages.reads_every_row(search)
    assert table_pages.reads_every_row(Test(1, "!=", 3))
    assert table_pages.reads_every_row(AnyOf((equal, like)))  # an OR reads what its parts do
    assert not table_pages.reads_every_row(AllOf((equal, like)))  # the index narrows first
    assert not table_pages.reads_every_row(equal)
    assert not table_pages.reads_every_row(Test(1, "null", True))


@pytest.mark.parametrize("ordering", [[], [(1, True)], [(0, False), (1, False)]])
def test_a_counted_page_is_the_page_and_the_count_in_one_read(version, ordering):
    where = Test(0, "like", "%")  # every present k: 7 rows
    whole = table_query.select(version, where=where, ordering=ordering)
    assert len(whole) == 7
    for offset in range(9):
        with CaptureQueriesContext(connection) as queries:
            page, matched = table_pages.counted_page(
                version, where=where, ordering=ordering, offset=offset, limit=3, few=7
            )
        assert (page, matched) == (whole[offset : offset + 3], 7)
        assert len(queries.captured_queries) == 1
    assert table_pages.counted_page(version, where=where, limit=3, few=6) == (None, 7)
    nothing = Test(0, "like", "zz%")
    assert table_pages.counted_page(version, where=nothing, limit=3, few=6) == ([], 0)
