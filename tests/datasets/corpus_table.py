"""The checked-in upload corpus (tests/datasets/corpus/) and what reading each file gives.

Shared by the ingest, admin and command tests: GOOD_FILES, each file's columns with
their types, its rows and how it was read; BAD_FILES, each file's refusal.
"""

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

# name: (columns and types, rows, how it was read)
GOOD_FILES = {
    "comma.csv": (
        [("country", "string"), ("papers", "integer")],
        [["China", 9660], ["United Kingdom", 3560]],
        "UTF-8 text, comma-separated",
    ),
    "semicolon-decimal-comma.csv": (
        [("land", "string"), ("anteil", "number"), ("betrag", "number")],
        [["Deutschland", 12.5, 1234.5], ["Österreich", 3.25, 980]],
        "UTF-8 text, semicolon-separated",
    ),
    "tab.tsv": (
        [("name", "string"), ("value", "integer")],
        [["alpha", 1], ["beta", 2]],
        "UTF-8 text, tab-separated",
    ),
    "pipe.txt": (
        [("name", "string"), ("value", "integer")],
        [["alpha", 1], ["beta", 2]],
        "UTF-8 text, pipe-separated",
    ),
    "bom-utf8.csv": (
        [("city", "string"), ("population", "integer")],
        [["Zürich", 421878], ["Genève", 203856]],
        "UTF-8 (with BOM) text, comma-separated",
    ),
    "utf16-bom.csv": (
        [("city", "string"), ("population", "integer")],
        [["Zürich", 421878], ["Malmö", 357377]],
        "UTF-16 text, comma-separated",
    ),
    "windows-1252.csv": (
        [("city", "string"), ("price", "integer")],
        [["Café Crème", 4], ["São Paulo", 5]],
        "Windows-1252 text, comma-separated",
    ),
    "thousands-separators.csv": (
        [("label", "string"), ("comma", "integer"), ("space", "integer")],
        [["a", 46000, 46000], ["b", 1234567, 1234567]],
        "UTF-8 text, comma-separated",
    ),
    "percent-currency-negative.csv": (
        [("item", "string"), ("share", "number"), ("cost", "number"), ("change", "integer")],
        [["a", 12.5, 1200, -3], ["b", 80, 5.5, -4], ["c", 7.5, 0, -2]],
        "UTF-8 text, comma-separated",
    ),
    "missing-values.csv": (
        [("k", "string"), ("v", "integer")],
        [["a", 1], ["b", None], ["c", None], ["d", None], ["e", None], ["f", None]],
        "UTF-8 text, comma-separated",
    ),
    "dates.csv": (
        [("iso", "date"), ("european", "date"), ("words", "date"), ("year", "date")],
        [
            ["2024-01-31", "2024-01-31", "2024-01-31", "2021"],
            ["2025-12-01", "2025-12-01", "2025-12-01", "2022"],
        ],
        "UTF-8 text, comma-separated",
    ),
    "booleans.csv": (
        [("name", "string"), ("active", "boolean")],
        [["a", True], ["b", False], ["c", True]],
        "UTF-8 text, comma-separated",
    ),
    "quoted-newlines.csv": (
        [("name", "string"), ("note", "string")],
        [["a", "line one\nline two"], ["b", 'say "hi"']],
        "UTF-8 text, comma-separated",
    ),
    "crlf-trailing-commas.csv": (
        [("a", "integer"), ("b", "integer")],
        [[1, 2], [3, 4]],
        "UTF-8 text, comma-separated",
    ),
    "blank-lines-above.csv": (
        [("name", "string"), ("value", "integer")],
        [["x", 1]],
        "UTF-8 text, comma-separated",
    ),
    "records.json": (
        [("year", "date"), ("pair", "string"), ("papers", "integer")],
        [["2021", "US–China", 9660], ["2021", "US–UK", None]],
        "JSON records, UTF-8",
    ),
    "workbook.xlsx": (
        [("country", "string"), ("papers", "integer"), ("since", "date")],
        [["China", 9660, "2020-01-01"], ["UK", 3560, None]],
        "Excel workbook, sheet “Summary”",
    ),
}

BAD_FILES = {
    "empty.csv": "The file is empty.",
    "header-only.csv": "The file has a header row but no data rows.",
    "no-header.csv": "The first row holds numbers or dates, not column names: add a header row. "
    "(row 1)",
    "blank-column-name.csv": "Column 2 of the header row has no name. (row 1)",
    "duplicate-columns.csv": "Two columns are called “A”. (row 1)",
    "ragged.csv": "This row has 3 cells but the header has 2. (row 3)",
    "json-not-records.json": "A JSON file must be an array of records",
    "json-nested.json": "Nested values are not supported: give each record flat values "
    "(row 1, column “b”)",
    "truncated.xlsx": "The workbook is damaged or incomplete",
    "bomb.xlsx": "The workbook unpacks to",
    "picture.png": "This file is an image.",
    "old-excel.xls": "This file is an old Excel (.xls) or Office file: save it as .xlsx or CSV.",
    "nul-bytes.csv": "This looks like a binary file",
}
