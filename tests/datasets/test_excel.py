"""datasets/excel.py: a version's rows as an Excel workbook (no database)."""

import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from datasets import excel
from datasets.exactjson import Exact

COLUMNS = [
    {"name": "=code", "type": "string"},
    {"name": "n", "type": "integer"},
    {"name": "amount", "type": "number"},
    {"name": "day", "type": "date"},
    {"name": "ok", "type": "boolean"},
]


def sheet(rows, columns=COLUMNS, title="Papers"):
    with excel.xlsx_file(columns=columns, rows=rows, title=title) as file:
        return openpyxl.load_workbook(file).active


def test_values_keep_their_types_and_their_decimals():
    rows = [
        ["01001", 7, Exact("1.10"), "2024-02-29", True],
        ["x", 123456789012345, Exact("0.00000015"), "2021", False],
        [None, None, None, None, True],
    ]
    cells = list(sheet(rows).iter_rows(min_row=2))
    assert [c.value for c in cells[0]] == ["01001", 7, 1.1, datetime(2024, 2, 29), True]
    assert cells[0][2].number_format == "0.00"  # shown as written: 1.10
    assert cells[0][3].number_format == "yyyy-mm-dd"
    assert [c.value for c in cells[1][1:4]] == [123456789012345, 1.5e-07, 2021]
    assert cells[1][1].number_format == "0"  # not 1.23457E+14
    assert Decimal(str(cells[1][2].value)) == Decimal("0.00000015")
    assert [c.value for c in cells[2]] == [None, None, None, None, True]


def test_text_that_looks_like_a_formula_stays_text():
    rows = [[text, None, None, None, None] for text in ["=1+1", "+33 1", "-minus", "@SUM(A1)"]]
    file = excel.xlsx_file(columns=COLUMNS, rows=rows, title="T")
    xml = zipfile.ZipFile(file).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # no formula anywhere, the header "=code" included
    file.seek(0)
    values = [row[0] for row in openpyxl.load_workbook(file).active.values]
    assert values == ["=code", "=1+1", "+33 1", "-minus", "@SUM(A1)"]


def test_numbers_excel_would_round_are_exact_text():
    rows = [[None, 2**70, Exact("12345678901234567.5"), None, None]]
    values = [c.value for c in next(sheet(rows).iter_rows(min_row=2))]
    assert values[1:3] == [str(2**70), "12345678901234567.5"]


def test_dates_before_1900_and_control_characters_are_written_safely():
    rows = [["a\x01b_x0041_", None, None, "1850-02-28", None]]
    values = [c.value for c in next(sheet(rows).iter_rows(min_row=2))]
    # openpyxl reads Excel's escapes back as written; Excel shows a␁b_x0041_
    assert values[0] == "a_x0001_b_x005F_x0041_"
    assert values[3] == "1850-02-28"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Papers: by [country]/year?", "Papers by country year"),
        ("'History'", "Data"),
        ("", "Data"),
        ("x" * 40, "x" * 31),
        ("'quoted'", "quoted"),
    ],
)
def test_sheet_names_are_ones_excel_accepts(title, name):
    assert excel.sheet_name(title) == name


def test_more_rows_than_a_sheet_holds_is_refused(monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    with pytest.raises(excel.TooManyRows):
        excel.xlsx_file(columns=COLUMNS[:1], rows=[["a"]] * 4, title="T")
    assert sheet([["a"]] * 3, columns=COLUMNS[:1]).max_row == 4


def test_every_row_is_as_wide_as_the_header_when_its_last_cells_are_missing():
    # The World Bank's wide tables (statsmodels' fertility.csv) end most rows with empty
    # years. A streaming reader (openpyxl read-only, which frictionless and many ETL tools
    # use) sizes each row by its last written cell: short rows lose their missing cells.
    rows = [["ABW", 1, Exact("4.82"), None, None], [None, None, None, None, None]]
    with excel.xlsx_file(columns=COLUMNS, rows=rows, title="Fertility") as file:
        streamed = list(openpyxl.load_workbook(file, read_only=True).active.values)
    assert streamed[1:] == [
        ("ABW", 1, 4.82, None, None),
        (None, None, None, None, None),
    ]
