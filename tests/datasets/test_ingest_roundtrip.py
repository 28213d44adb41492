"""Property: any table written in any supported dialect reads back equal."""

import csv
import io
import json
from datetime import date

import openpyxl
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasets import ingest

TEXT_CHARS = "abcxyzABCéüß ,;|\"'\n"
KINDS = ["integer", "number", "string", "date", "boolean"]


def text_value():
    # Starts and ends with a letter, so it never reads as a number, date or "NA".
    middle = st.text(alphabet=TEXT_CHARS, max_size=12)
    return st.builds(
        lambda a, m, b: f"{a}{m}{b}", st.sampled_from("kqwz"), middle, st.sampled_from("kqwz")
    )


VALUES = {
    "integer": st.integers(min_value=-(10**12), max_value=10**12),
    "number": st.integers(min_value=-(10**6), max_value=10**6).map(lambda n: n / 8),
    "string": text_value(),
    "date": st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    "boolean": st.booleans(),
}


@st.composite
def tables(draw):
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5))
    names = [f"col{i}_{kind}" for i, kind in enumerate(kinds)]
    n_rows = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for _ in range(n_rows):
        row = [draw(st.one_of(st.none(), VALUES[kind])) for kind in kinds]
        if all(value is None for value in row):
            row[0] = draw(VALUES[kinds[0]])  # a blank row is skipped, by design
        rows.append(row)
    return names, kinds, rows


def cell(value, decimal="."):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    return str(value)


def expected(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_text(names, rows, delimiter, encoding):
    decimal = "," if delimiter == ";" else "."
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([[cell(v, decimal) for v in row] for row in rows])
    return buffer.getvalue().encode(encoding)


def write_xlsx(names, rows):
    book = openpyxl.Workbook()
    book.active.append(names)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_json(names, rows):
    records = [{n: expected(v) for n, v in zip(names, row, strict=True)} for row in rows]
    return json.dumps(records).encode()


DIALECTS = st.one_of(
    st.tuples(
        st.just("text"),
        st.sampled_from(",;\t|"),
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    ),
    st.tuples(st.just("xlsx"), st.none(), st.none()),
    st.tuples(st.just("json"), st.none(), st.none()),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), dialect=DIALECTS)
def test_any_table_in_any_dialect_reads_back_equal(table, dialect):
    names, kinds, rows = table
    kind, delimiter, encoding = dialect
    if kind == "text":
        content = write_text(names, rows, delimiter, encoding)
    elif kind == "xlsx":
        content = write_xlsx(names, rows)
    else:
        content = write_json(names, rows)
    inspection = ingest.inspect(ContentFile(content, name="roundtrip"))
    assert [c.name for c in inspection.columns] == names
    for column, kind_written in zip(inspection.columns, kinds, strict=True):
        if kind_written == "string":
            assert column.type == "string"
    assert list(inspection.rows()) == [[expected(v) for v in row] for row in rows]
