import io
from datetime import datetime

import openpyxl
from django.core.files.base import ContentFile

from datasets import ingest
from datasets.source_xlsx import padded_text


def workbook_bytes(rows, formats):
    """An xlsx made here by openpyxl: `formats` maps a column letter to its number format."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for letter, number_format in formats.items():
        for cell in sheet[letter][1:]:
            cell.number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def inspect(content):
    inspection = ingest.inspect(ContentFile(content, name="codes.xlsx"))
    types = {c.name: str(c.type) for c in inspection.columns}
    return types, list(inspection.rows())


def test_zip_codes_keep_their_leading_zeros_and_read_as_text():
    content = workbook_bytes(
        [["zip", "code", "as text", "people"], [1001, 7, 42, 1500], [90210, 120, 7, 2500]],
        {"A": "00000", "B": "000", "C": "@"},
    )
    types, rows = inspect(content)
    assert [row[:2] for row in rows] == [["01001", "007"], ["90210", "120"]]
    assert types["zip"] == "string"
    assert types["code"] == "string"
    assert types["people"] != "string"


def test_a_plain_number_format_is_not_padded():
    content = workbook_bytes([["n"], [1001], [12.5]], {"A": "0.00"})
    types, rows = inspect(content)
    assert types["n"] != "string"
    assert [str(row[0]) for row in rows] == ["1001", "12.5"]


def test_padding_rounds_like_excel_and_keeps_the_sign():
    assert padded_text(7, 3) == "007"
    assert padded_text(-5, 3) == "-005"
    assert padded_text(2.5, 3) == "003"
    assert padded_text(123456, 3) == "123456"
    assert padded_text(1001.0, 0) == "1001"


def test_spreadsheet_times_of_day_keep_their_hours_and_midnights_read_as_days():
    hours = [datetime(2010, 1, 1, h) for h in range(3)]
    days = [datetime(2010, 1, d) for d in range(1, 4)]
    content = workbook_bytes(
        [["at", "day", "temp"], *([h, d, 39] for h, d in zip(hours, days, strict=True))],
        {"A": "yyyy-mm-dd hh:mm", "B": "yyyy-mm-dd"},
    )
    types, rows = inspect(content)
    assert types == {"at": "string", "day": "date", "temp": "integer"}
    # A midnight is written as its day (cells.cell_text cannot see the cell's format):
    # nothing is lost, and the text still sorts in time order.
    assert [row[0] for row in rows] == [
        "2010-01-01",
        "2010-01-01T01:00:00",
        "2010-01-01T02:00:00",
    ]
    assert [row[1] for row in rows] == ["2010-01-01", "2010-01-02", "2010-01-03"]
