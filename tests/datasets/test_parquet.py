"""datasets/parquet.py: a version's rows as Parquet, types kept and values exact (no database)."""

from datetime import date
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq

from datasets.exactjson import Exact
from datasets.parquet import parquet_file

COLUMNS = [
    {"name": "code", "type": "string"},
    {"name": "n", "type": "integer"},
    {"name": "amount", "type": "number"},
    {"name": "day", "type": "date"},
    {"name": "year", "type": "date"},
    {"name": "ok", "type": "boolean"},
]
ROWS = [
    ["01001", 7, Exact("1.10"), "2024-02-29", "2021", True],
    ["=SUM(A1)", -3, Exact("0.00000015"), None, "1999", False],
    [None, None, 12, "1900-01-01", None, None],
]


def read(rows, columns=COLUMNS, **kwargs):
    with parquet_file(columns=columns, rows=rows, **kwargs) as file:
        return pq.read_table(file)


def test_each_table_schema_type_has_its_parquet_type():
    table = read(ROWS)
    assert [str(field.type) for field in table.schema] == [
        "string",
        "int64",
        "decimal128(10, 8)",
        "date32[day]",
        "int32",
        "bool",
    ]
    assert table.to_pylist()[0] == {
        "code": "01001",
        "n": 7,
        "amount": Decimal("1.10000000"),
        "day": date(2024, 2, 29),
        "year": 2021,
        "ok": True,
    }
    assert table.column("amount").to_pylist() == [Decimal("1.1"), Decimal("1.5E-7"), 12]
    assert table.column("code").to_pylist() == ["01001", "=SUM(A1)", None]


def test_the_widest_value_in_a_late_row_group_sets_the_column_type():
    rows = [[str(i), i, Exact("0.5"), "2020-01-01", "2020", True] for i in range(5)]
    rows.append(["big", 2**70, Exact("12345678901234567890.123456"), "2021", "2021", None])
    table = read(rows, row_group=2)
    assert table.schema.field("n").type == pa.decimal128(22, 0)
    assert table.schema.field("amount").type == pa.decimal128(26, 6)
    assert table.schema.field("day").type == pa.string()  # full dates and a bare year
    assert table.column("n").to_pylist()[-1] == 2**70
    assert table.column("amount").to_pylist()[-1] == Decimal("12345678901234567890.123456")
    assert table.column("day").to_pylist()[-2:] == ["2020-01-01", "2021"]
    assert pq.ParquetFile(parquet_file(columns=COLUMNS, rows=rows, row_group=2)).num_row_groups == 3


def test_numbers_past_decimal256_stay_exact_as_text():
    huge = int("9" * 80)
    table = read([[huge, Exact("1." + "1" * 79)]], columns=COLUMNS[1:3])
    assert table.schema.field("n").type == pa.string()
    assert table.column("n").to_pylist() == ["9" * 80]
    assert table.column("amount").to_pylist() == ["1." + "1" * 79]
    wide = read([[int("9" * 50), Exact("1.5")]], columns=COLUMNS[1:3])
    assert wide.schema.field("n").type == pa.decimal256(50, 0)


def test_typed_dates_and_an_empty_version_have_their_types():
    table = read([[date(2024, 1, 2)], [None]], columns=[{"name": "d", "type": "date"}])
    assert table.column("d").to_pylist() == [date(2024, 1, 2), None]
    empty = read([])
    assert empty.num_rows == 0
    assert [str(field.type) for field in empty.schema][:2] == ["string", "int64"]


def test_metadata_travels_in_the_file():
    table = read(ROWS, metadata={"dataset": "papers", "version": 2})
    assert table.schema.metadata[b"chartweek"] == b'{"dataset": "papers", "version": 2}'
