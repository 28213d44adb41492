"""Text search indexes (datasets/text_indexes.py): `q` and `like` through them, same answers."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection, transaction

from datasets import table_indexes, table_query, tables, text_indexes
from datasets.table_query import Test
from tests.factories import make_dataset, too_long_to_search

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's")

# Text columns a, b, c around a number; awkward text, and cells missing in each column.
AWKWARD = """a,n,b,c
AFB/International,1,St.Paul,x@example.org
Zürich Straße,2,,naïve café
,3,ØRESUND/Malmö.se,
"  padded  ",4,a - b,<a href=""x y"">tag</a>
日本語 テキスト,5,,
,6,,only.c
one/two.three@four,7,end.,.start
"comma, inside",8,'quoted',-dash-
""".encode()
WORDS = [
    *[
        "afb",
        "international",
        "st",
        "paul",
        "x",
        "example",
        "zürich",
        "straße",
        "naïve",
        "ØRESUND",
        "malmö",
        "se",
        "padded",
        "a",
        "b",
    ],
    *[
        "href",
        "tag",
        "日本語",
        "テキスト",
        "only",
        "c",
        "two",
        "three",
        "four",
        "end",
        "start",
        "comma",
        "quoted",
        "dash",
        "nothing",
    ],
    *["St.Paul", "one/two", "a b", "x y", "st paul", "padded b", "-dash-", "<a", "a.b@c/d"],
]


def indexed(content):
    """A version of a new dataset with `content`, its indexes built as the worker builds
    them once the import commits (datasets/indexing.py)."""
    version = make_dataset(content=content).current_version
    table_indexes.index_table(version)
    return version


@pytest.fixture
def awkward():
    return indexed(AWKWARD)


def found(version, condition):
    return [row[1] for row in table_query.select(version, where=condition)]


def plan(version, condition, *, indexes=True):
    clause, params = table_query.where_sql(version, condition)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: read it, else
        cursor.execute(f"EXPLAIN SELECT * FROM {tables.table(version.pk)}{clause}", params)
        return "\n".join(line for (line,) in cursor.fetchall())


def index_names(version):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = %s",
            [tables.SCHEMA, f"v{version.pk}"],
        )
        return {name for (name,) in cursor.fetchall()}


def scanned(version, condition):
    """The rows `condition` finds when no index may be used."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        return found(version, condition)


@postgresql_only
def test_the_indexed_document_is_the_text_concat_ws_made(awkward):
    columns = text_indexes.texts(tables.types_of(awkward))
    assert columns == [0, 2, 3]
    old = "concat_ws(' ', " + ", ".join(tables.column(i) for i in columns) + ")"
    new = text_indexes.document(columns).split("translate(", 1)[1].rsplit(", '/.@'", 1)[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {old} IS NOT DISTINCT FROM {new}), "
            f"count(*) FILTER (WHERE to_tsvector('simple', translate({old}, '/.@', '   ')) "
            f"= {text_indexes.document(columns)}) FROM {tables.table(awkward.pk)}"
        )
        assert cursor.fetchone() == (8, 8, 8)


@postgresql_only
@pytest.mark.parametrize("words", WORDS)
def test_q_finds_what_the_concat_ws_condition_found(awkward, words):
    columns = text_indexes.texts(tables.types_of(awkward))
    old = f"translate(concat_ws(' ', {', '.join(tables.column(i) for i in columns)}), %s, %s)"
    sql = (
        f"SELECT \"c1\" FROM {tables.table(awkward.pk)} WHERE to_tsvector('simple', {old}) "
        "@@ plainto_tsquery('simple', %s) ORDER BY \"_n\""
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ["/.@", "   ", words.translate(str.maketrans("/.@", "   "))])
        before = [int(n) for (n,) in cursor.fetchall()]
    assert found(awkward, Test(0, "search", words)) == before
    assert scanned(awkward, Test(0, "search", words)) == before


@postgresql_only
def test_q_is_answered_through_the_full_text_index(awkward):
    assert found(awkward, Test(0, "search", "Paul st")) == [1]
    shown = plan(awkward, Test(0, "search", "Paul st"))
    assert f"Bitmap Index Scan on v{awkward.pk}_q" in shown
    assert "disable" not in shown  # a plan the planner chose, not one forced on it


@postgresql_only
@pytest.mark.parametrize("pattern", ["%aris%", "%RESUND/m%", "%example.org", "Zürich%", "%ris"])
def test_a_like_with_a_trigram_is_answered_through_the_columns_trigram_index(pattern):
    content = (
        b"k,n\nParis,1\n\xc3\x98RESUND/Malm\xc3\xb6,2\nx@example.org,3\nZ\xc3\xbcrich,4\na_b,5\n"
    )
    version = indexed(content)
    shown = plan(version, Test(0, "like", pattern))
    assert f"Bitmap Index Scan on v{version.pk}_c0_trgm" in shown
    assert "disable" not in shown
    assert len(found(version, Test(0, "like", pattern))) == 1
    assert found(version, Test(0, "like", pattern)) == scanned(version, Test(0, "like", pattern))


@postgresql_only
@pytest.mark.parametrize("pattern", ["%zz%", "%a%", "%", "__", "a_b_c", "%ab\\%c%", "Zü%"])
def test_a_like_with_no_trigram_to_look_up_reads_the_table_not_the_whole_index(awkward, pattern):
    shown = plan(awkward, Test(0, "like", pattern))
    assert "trgm" not in shown
    assert found(awkward, Test(0, "like", pattern)) == scanned(awkward, Test(0, "like", pattern))


def test_has_trigram_counts_runs_of_three_letters_or_digits_not_wildcards_or_escapes():
    assert text_indexes.has_trigram("%abc%")
    assert text_indexes.has_trigram("x1y")
    assert text_indexes.has_trigram("%ab\\c%")  # an escaped letter is a letter
    assert not text_indexes.has_trigram("%ab%c")
    assert not text_indexes.has_trigram("a_b_c")
    assert not text_indexes.has_trigram("ab\\%c")  # an escaped % is no letter
    assert not text_indexes.has_trigram("%a.b/c%")
    assert not text_indexes.has_trigram("")


def install_trigrams():
    """The migration that installs pg_trgm, run on the test's connection."""
    migration = importlib.import_module("datasets.migrations.0005_pg_trgm")
    migration.install(None, SimpleNamespace(connection=connection))


def has_trigrams():
    with connection.cursor() as cursor:
        return text_indexes.trigram_ops(cursor) is not None


@postgresql_only
def test_without_pg_trgm_an_import_builds_no_trigram_index_and_like_reads_the_table():
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("DROP EXTENSION IF EXISTS pg_trgm CASCADE")
        cursor.execute("CREATE ROLE text_indexes_no_create NOLOGIN")
        cursor.execute("SET ROLE text_indexes_no_create")  # may not CREATE EXTENSION
        install_trigrams()  # refused: the migration goes on, and so does the transaction
        assert not has_trigrams()
        cursor.execute("RESET ROLE")
    version = indexed(b"k,n\nParis,1\nLondon,2\n")
    names = index_names(version)
    assert f"v{version.pk}_q" in names
    assert not [name for name in names if name.endswith("_trgm")]
    assert found(version, Test(0, "like", "%ari%")) == [1]
    install_trigrams()  # a database that allows it
    assert has_trigrams()


@postgresql_only
def test_a_row_too_long_for_one_tsvector_leaves_the_full_text_index_out_not_the_import():
    version = indexed(too_long_to_search())
    assert version.row_count == 2
    names = index_names(version)
    assert f"v{version.pk}_q" not in names
    assert f"v{version.pk}_c0_trgm" in names
    assert found(version, Test(0, "like", "%shor%")) == ["x"]
