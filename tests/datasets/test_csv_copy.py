"""COPY-written CSV (datasets/csv_copy.py) is byte for byte what csv_lines writes.

Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> pytest …
On SQLite csv_copy declines (None) and the Python writer serves.
"""

import random

import pytest
from django.db import connection
from django.urls import reverse

from datasets import csv_copy, table_query, tables
from datasets.table_query import AnyOf, Test
from datasets.views import csv_lines, safe_cell
from tests.factories import make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's (DATABASE_URL)"
)

AWKWARD = (
    "code,name,amount,big,day,ok,note\n"
    '007,"Smith, ""Jr""",-12.50,123456789012345678901234567890,2021-03-04,yes,"two\nlines"\n'
    '0042,=SUM(A1:A2),0.00000015,-98765432109876543210,1999-12-31,no,"cr\rhere"\n'
    ",@home,,,,,\n"
    "0100,-minus,-0.000,7,2020-02-29,yes,-5\n"
    "0007,+33 1 23,1234567890.1234567890,-1,2020-01-01,no,+1e3\n"
    "0,Zürich ☃ 東京,3.14159265358979323846264338327950288,0,2001-01-01,,-inf\n"
    '1,"quote "" inside",1e-7,10,2002-02-02,yes,"a,b ""x""\ny"\n'
    "2,'apostrophe,-1,11,2003-03-03,no,\\.\n"
    '3,"  spaced  ",100,12,2004-04-04,yes,- 1\n'
    "4,\t7,5,13,2005-05-05,no,@\n"
)


@pytest.fixture
def version():
    dataset = make_dataset(content=AWKWARD.encode(), slug="awkward")
    return dataset.current_version


def python_bytes(version, **query):
    columns = query.get("columns") or list(range(len(version.columns)))
    header = [version.columns[i]["name"] for i in columns]
    types = [version.columns[i]["type"] for i in columns]
    rows = table_query.stream(version, **query)
    return "".join(csv_lines(header, rows, types=types)).encode()


def copy_bytes(version, size=64 * 1024, **query):
    columns = query.get("columns") or list(range(len(version.columns)))
    header = next(csv_lines([version.columns[i]["name"] for i in columns], []))
    found = csv_copy.blocks(version, header, size=size, **query)
    assert found is not None
    return b"".join(found)


@on_postgres
@pytest.mark.parametrize("size", [64 * 1024, 7])
def test_copy_writes_the_python_writers_bytes_for_awkward_values(version, size):
    assert {c["type"] for c in version.columns} >= {"string", "integer", "number", "date"}
    expected = python_bytes(version)
    assert b"\r\n" in expected
    assert b"'=SUM" in expected
    assert "東京".encode() in expected
    assert copy_bytes(version, size=size) == expected


@on_postgres
@pytest.mark.parametrize(
    "query",
    [
        {"where": Test(2, "<", 1), "ordering": [(2, True)]},
        {"where": AnyOf((Test(1, "like", "%o%"), Test(0, "=", "007"))), "ordering": [(1, False)]},
        {"where": Test(1, "=", "it's \\ 'quoted'"), "ordering": []},
        {"where": Test(6, "null", True), "columns": [6, 0, 5]},
        {"ordering": [(4, True), (5, False)], "columns": [4, 5]},
    ],
)
def test_filtered_sorted_and_narrowed_downloads_are_the_same_bytes(version, query):
    assert copy_bytes(version, **query) == python_bytes(version, **query)


@on_postgres
def test_text_that_float_reads_is_left_alone_as_safe_cell_leaves_it():
    """The SQL formula rule against safe_cell on many ASCII spellings of numbers."""
    rng = random.Random(18)
    alphabet = "0123456789_.eE+-=@ \t\r\n\v\fianfINFtyx,'\""
    texts = ["-", "+", "\t", "\r", "-1_000", "+.5", "-1.", "\t-inf\n", "+NaN", "-1e1_0"]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(1, 7))) for _ in range(20000)]
    texts = [t for t in texts if t.startswith(("-", "+", "=", "@", "\t", "\r"))]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {csv_copy.cell_sql(0, 'string')} FROM unnest(%s::text[]) AS t(c0)", [texts]
        )
        written = [row[0] for row in cursor.fetchall()]
    assert written == [safe_cell(t) for t in texts]


@on_postgres
def test_text_only_float_could_read_as_a_number_keeps_the_python_writer(version):
    dataset = make_dataset(content="a,b\n-\u0661\u0662,1\nx,2\n".encode(), slug="arabic")
    assert csv_copy.blocks(dataset.current_version, "a,b\r\n") is None
    assert csv_copy.blocks(version, "", columns=[0]) is None  # one column: csv_lines' rule


def test_sqlite_keeps_the_python_writer(version):
    if connection.vendor == "sqlite":
        assert csv_copy.blocks(version, "") is None


@pytest.fixture
def published(version):
    chart = make_chart(dataset=version.dataset, label_column="name", value_columns=["amount"])
    make_article(charts=[chart])
    return version


@on_postgres
@pytest.mark.parametrize(
    "ask",
    [
        ("api:dataset-csv", {}),
        ("api:dataset-csv", {"amount__lt": "1", "sort": "-day", "columns": "day,name,ok"}),
        ("datasets:download", {}),
    ],
)
def test_the_downloads_send_the_python_writers_bytes(client, published, ask, monkeypatch):
    name, params = ask
    version = published
    names = [c["name"] for c in version.columns]
    columns = [names.index(n) for n in params.get("columns", ",".join(names)).split(",")]
    where = Test(2, "<", 1) if "amount__lt" in params else None
    ordering = [(4, True)] if "sort" in params else []
    expected = python_bytes(version, where=where, ordering=ordering, columns=columns)

    def unused(*args, **kwargs):  # a generator: called lazily, failing when read
        raise AssertionError("the rows were read for Python to write")
        yield

    monkeypatch.setattr(table_query, "stream", unused)
    monkeypatch.setattr(tables, "rows", unused)
    response = client.get(reverse(name, args=["awkward"]), params)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == expected


@on_postgres
def test_a_download_left_half_read_leaves_the_connection_usable(version):
    header = next(csv_lines([c["name"] for c in version.columns], []))
    found = csv_copy.blocks(version, header, size=7)
    assert found is not None
    next(found)
    found.close()  # the reader went away
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
