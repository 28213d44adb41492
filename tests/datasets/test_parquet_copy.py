"""Parquet written through COPY (datasets/parquet_copy.py) is the file the Python path writes.

Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> pytest …
On SQLite parquet_copy declines (None) and datasets/parquet.py serves.
"""

import io
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.base import ContentFile
from django.db import connection

from datasets import ingest, parquet, parquet_copy, table_query, tables
from datasets.models import Dataset, Licence
from datasets.table_query import AnyOf, Test
from tests.factories import make_dataset

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's (DATABASE_URL)"
)

HUGE = "9" * 80  # past decimal256: exact text
AWKWARD = (
    "code,name,amount,big,day,year,mixed,ok,note,huge,n\n"
    '007,"Smith, ""Jr""",-12.50,123456789012345678901234567890,2021-03-04,1992,2021,yes,'
    f'"two\nlines",{HUGE},1\n'
    "0042,=SUM(A1:A2),0.00000015,-98765432109876543210,1999-12-31,2000,2021-03-04,no,"
    f'"cr\rhere",1,-9223372036854775808\n'
    ",NULL,,,,,,,,,\n"
    "0100,NA,-0.000,7,2020-02-29,1899,,yes,-5,,9223372036854775807\n"
    "0007,+33 1 23,1234567890.1234567890,-1,2020-01-01,2024,1999,no,+1e3,2,0\n"
    "0,Zürich ☃ 東京,1.10,0,2001-01-01,1900,1900-01-01,,t,3,-1\n"
    '1,"quote "" inside",1e-7,10,2002-02-02,1901,,yes,"a,b ""x""\ny",4,\n'
    "2,'apostrophe,-1,11,0001-01-01,1902,,no,\\.,5,2\n"
    '3,"  spaced  ",100,12,9999-12-31,1903,,yes,f,6,3\n'
)
QUERIES = [
    {},
    {"where": Test(2, "<", 1), "ordering": [(2, True)]},
    {"where": AnyOf((Test(1, "like", "%o%"), Test(0, "=", "007"))), "ordering": [(1, False)]},
    {"where": Test(1, "=", "it's \\ 'quoted'")},  # no row: an empty file of the same types
    {"where": Test(8, "null", True), "columns": [8, 0, 7]},
    {"ordering": [(4, True), (7, False)], "columns": [4, 7, 6, 9]},
    {"where": Test(3, ">", 10)},  # the kept rows' integers fit int64: int64
]


@pytest.fixture
def version():
    upload = ContentFile(AWKWARD.encode(), name="awkward.csv")
    inspection = ingest.inspect(upload, types={"year": "date", "mixed": "date"})
    dataset = Dataset(title="Awkward", slug="awkward", source_name="Us", licence=Licence.CC_BY_4)
    return ingest.import_version(dataset=dataset, inspection=inspection, upload=upload)


def python_file(version, **query):
    columns = query.get("columns") or list(range(len(version.columns)))
    return parquet.parquet_file(
        columns=[version.columns[i] for i in columns],
        rows=table_query.stream(version, **query),
        metadata={"dataset": "awkward"},
    )


def copy_file(version, **query):
    found = parquet_copy.parquet_file(version, metadata={"dataset": "awkward"}, **query)
    assert found is not None
    return found


@on_postgres
@pytest.mark.parametrize("query", QUERIES)
def test_copy_writes_the_python_paths_types_and_values(version, query):
    expected = pq.read_table(python_file(version, **query))
    found = pq.read_table(copy_file(version, **query))
    assert found.schema == expected.schema
    assert found.schema.metadata == expected.schema.metadata
    assert found.to_pylist() == expected.to_pylist()
    assert found.equals(expected)


@on_postgres
def test_the_awkward_values_come_back_exactly(version):
    types = {
        "code": "string",
        "name": "string",
        "amount": "decimal128(20, 10)",
        "big": "decimal128(30, 0)",
        "day": "date32[day]",
        "year": "int32",
        "mixed": "string",
        "ok": "bool",
        "note": "string",
        "huge": "string",
        "n": "int64",
    }
    assert {c["name"]: c["type"] for c in version.columns}["year"] == "date"
    found = pq.read_table(copy_file(version))
    assert {field.name: str(field.type) for field in found.schema} == types
    rows = found.to_pylist()
    assert [row["code"] for row in rows][:3] == ["007", "0042", None]
    assert rows[0]["name"] == 'Smith, "Jr"'
    assert rows[2]["name"] == "NULL"  # a text cell, not a missing one
    assert rows[3]["name"] == "NA"
    assert rows[0]["note"] == "two\nlines"
    assert rows[1]["note"] == "cr\rhere"
    assert rows[5]["name"] == "Zürich ☃ 東京"
    assert rows[0]["big"] == 123456789012345678901234567890
    assert rows[1]["amount"] == Decimal("0.00000015")
    assert rows[1]["amount"].as_tuple().exponent == -10  # the column's scale
    assert str(rows[3]["amount"]) == "0E-10"  # -0.000: numeric has no negative zero
    assert rows[0]["huge"] == HUGE
    assert rows[3]["year"] == 1899
    assert [row["n"] for row in rows][:4] == [1, -(2**63), None, 2**63 - 1]
    assert rows[2] == dict.fromkeys(types) | {"name": "NULL"}
    frame = pd.read_parquet(copy_file(version))
    assert frame["code"].tolist()[:2] == ["007", "0042"]
    assert str(frame["amount"][5]) == "1.1000000000"


@on_postgres
def test_row_groups_of_many_blocks_and_a_row_longer_than_a_block(version, monkeypatch):
    monkeypatch.setattr(parquet_copy, "BLOCK_BYTES", 64)  # a few rows a block
    found = pq.ParquetFile(parquet_copy.parquet_file(version, metadata={}, row_group=4))
    assert [found.metadata.row_group(i).num_rows for i in range(found.num_row_groups)] == [4, 4, 1]
    expected = pq.read_table(python_file(version))
    assert found.read().to_pylist() == expected.to_pylist()


@on_postgres
def test_a_text_cell_longer_than_a_block_fits_its_block(monkeypatch):
    monkeypatch.setattr(parquet_copy, "BLOCK_BYTES", 1024)
    long = '"quoted", x' * 11_000
    quoted = long.replace('"', '""')
    content = f'name,n\n"{quoted}",1\nshort,2\n'.encode()
    version = make_dataset(content=content, slug="long").current_version
    found = pq.read_table(copy_file(version))
    assert found.column("name").to_pylist() == [long, "short"]


def test_off_postgres_it_declines_and_the_python_path_serves(version):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's answer")
    assert parquet_copy.parquet_file(version, metadata={}) is None


@on_postgres
def test_pandas_reads_the_same_frame_from_both(version):
    expected = pd.read_parquet(io.BytesIO(python_file(version).read()))
    found = pd.read_parquet(io.BytesIO(copy_file(version).read()))
    pd.testing.assert_frame_equal(found, expected)
    assert pa.types.is_decimal(pa.Table.from_pandas(found).schema.field("amount").type)


@on_postgres
def test_an_integer_stored_with_a_point_is_read_as_the_python_path_reads_it(version):
    with connection.cursor() as cursor:  # not what the ingest writes, but what the table may hold
        cursor.execute(f"UPDATE {tables.table(version.pk)} SET c10 = 5.0 WHERE c10 = 2")
    expected = pq.read_table(python_file(version))
    found = pq.read_table(copy_file(version))
    assert found.column("n").to_pylist() == expected.column("n").to_pylist()
    assert 5 in found.column("n").to_pylist()
    assert found.equals(expected)
