"""Writes the awkward-file corpus in corpus/ (run once; the files are committed).

    .venv/bin/python tests/datasets/make_corpus.py

Each file is a shape of data editors really bring; test_corpus.py says what each
must become, or the message it must be refused with.
"""

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent / "corpus"

TEXT = {
    # name: (text, encoding)
    "comma.csv": ("country,papers\nChina,9660\nUnited Kingdom,3560\n", "utf-8"),
    "semicolon-decimal-comma.csv": (
        "land;anteil;betrag\nDeutschland;12,5;1.234,50\nÖsterreich;3,25;980\n",
        "utf-8",
    ),
    "tab.tsv": ("name\tvalue\nalpha\t1\nbeta\t2\n", "utf-8"),
    "pipe.txt": ("name|value\nalpha|1\nbeta|2\n", "utf-8"),
    "bom-utf8.csv": ("\ufeffcity,population\nZürich,421878\nGenève,203856\n", "utf-8"),
    "utf16-bom.csv": ("city,population\nZürich,421878\nMalmö,357377\n", "utf-16"),
    "windows-1252.csv": ("city,price\nCafé Crème,€4\nSão Paulo,€5\n", "cp1252"),
    "thousands-separators.csv": (
        'label,comma,space\na,"46,000",46 000\nb,"1,234,567",1 234 567\n',
        "utf-8",
    ),
    "percent-currency-negative.csv": (
        "item,share,cost,change\na,12.5%,$1200,-3\nb,80%,$5.50,(4)\nc,7.5%,$0,−2\n",
        "utf-8",
    ),
    "missing-values.csv": ("k,v\na,1\nb,\nc,NA\nd,N/A\ne,-\nf,..\n", "utf-8"),
    "dates.csv": (
        "iso,european,words,year\n"
        "2024-01-31,31/01/2024,31 January 2024,2021\n"
        "2025-12-01,01/12/2025,1 December 2025,2022\n",
        "utf-8",
    ),
    "booleans.csv": ("name,active\na,yes\nb,no\nc,TRUE\n", "utf-8"),
    "quoted-newlines.csv": ('name,note\na,"line one\nline two"\nb,"say ""hi"""\n', "utf-8"),
    "crlf-trailing-commas.csv": ("a,b,\r\n1,2,\r\n3,4,\r\n", "utf-8"),
    "blank-lines-above.csv": ("\n\nname,value\nx,1\n", "utf-8"),
    # Problems
    "empty.csv": ("", "utf-8"),
    "header-only.csv": ("a,b\n", "utf-8"),
    "no-header.csv": ("2021,9660\n2022,9800\n", "utf-8"),
    "blank-column-name.csv": ("a,,c\n1,2,3\n", "utf-8"),
    "duplicate-columns.csv": ("a,b,A\n1,2,3\n", "utf-8"),
    "ragged.csv": ("a,b\n1,2\n3,4,5\n6,7\n", "utf-8"),
    "json-not-records.json": ('{"a": 1}', "utf-8"),
    "json-nested.json": ('[{"a": 1, "b": {"c": 2}}]', "utf-8"),
}


def workbook(rows, *, sheets=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Summary"
    for row in rows:
        sheet.append(row)
    for title, extra in (sheets or {}).items():
        other = book.create_sheet(title)
        for row in extra:
            other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb():
    """A zip that claims xl/workbook.xml and unpacks far past the limit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (450 * 1024 * 1024))
    return buffer.getvalue()


def main():
    HERE.mkdir(exist_ok=True)
    for name, (text, encoding) in TEXT.items():
        (HERE / name).write_bytes(text.encode(encoding))
    records = [{"year": 2021, "pair": "US–China", "papers": 9660}, {"year": 2021, "pair": "US–UK"}]
    (HERE / "records.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    book = workbook(
        [["country", "papers", "since"], ["China", 9660, date(2020, 1, 1)], ["UK", 3560.0, None]],
        sheets={"Detail": [["year", "count"], [2021, 1], [2022, 2]]},
    )
    (HERE / "workbook.xlsx").write_bytes(book)
    (HERE / "truncated.xlsx").write_bytes(book[: len(book) // 2])
    (HERE / "bomb.xlsx").write_bytes(zip_bomb())
    (HERE / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (HERE / "old-excel.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
    (HERE / "nul-bytes.csv").write_bytes(b"a,b\n1,\x002\n")


if __name__ == "__main__":
    main()
