"""The pathological corpus (tests/datasets/shapes.py) at small sizes: each shape is
refused with its message or imported, and the splitters agree with a plain reading
whatever the chunk boundaries. Timings per MB are bench/pathological.py's."""

import io
import json
import random
import re

import pytest
from django.core.files.base import ContentFile

from datasets import ingest, source_json, sources
from datasets.models import Dataset, Licence
from tests.datasets.shapes import SHAPES, outcome_fits

SMALL = 150_000


def outcome(data, name):
    try:
        inspection = ingest.inspect(ContentFile(data, name=name))
        for _ in inspection.rows():
            pass
    except ingest.IngestError as exc:
        return str(exc)
    return "ok"


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_pathological_shape_is_refused_with_its_message_or_imported(name):
    result = outcome(SHAPES[name](SMALL), name)
    assert outcome_fits(name, result), result


def test_a_single_2_mb_line_is_refused_as_too_long_a_line():
    result = outcome(b"a," + b"x" * 2_000_000, "one-line.csv")
    assert result.startswith("A line is longer than 1,048,576 characters")


def test_the_cell_limit_holds_even_when_a_library_raised_the_csv_modules():
    import csv

    before = csv.field_size_limit(10**9)  # as frictionless does on import
    try:
        result = outcome(SHAPES["long-cell.csv"](SMALL), "cell.csv")
    finally:
        csv.field_size_limit(before)
    assert result.startswith("A cell is longer than 131,072 characters")


def test_a_nul_byte_after_the_first_4_kb_names_its_line():
    data = SHAPES["nul-late.csv"](SMALL)
    lines = data.count(b"\n")
    assert outcome(data, "nul.csv").endswith(f"(row {lines})")


@pytest.mark.django_db
def test_lone_surrogates_in_json_are_stored_as_replacement_characters():
    data = b'[{"name": "caf\\u00e9 \\ud800", "n": 1}, {"name": "\\udfff ok", "n": 2}]'
    inspection = ingest.inspect(ContentFile(data, name="s.json"))
    dataset = Dataset(title="S", slug="s", source_name="x", licence=Licence.CC0)
    version = ingest.import_version(
        dataset=dataset, inspection=inspection, upload=ContentFile(data, name="s.json")
    )
    assert version.ordered_rows() == [["café \ufffd", 1], ["\ufffd ok", 2]]


def test_a_nul_inside_a_json_string_is_refused():
    data = b'[{"name": "a\\u0000b"}]'
    assert "NUL character" in outcome(data, "nul.json")


def _reference_lines(text):
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_lines_split_the_same_whatever_the_chunk_boundaries(monkeypatch, chunk):
    monkeypatch.setattr(sources, "CHUNK", chunk)
    rng = random.Random(chunk)
    for _ in range(40):
        text = "".join(rng.choice("ab,\r\n\r\né") for _ in range(rng.randint(0, 60)))
        got = list(sources._lines(io.BytesIO(text.encode()), "utf-8"))
        assert got == _reference_lines(text), repr(text)


@pytest.mark.parametrize("chunk", [1, 3, 5, 16])
def test_json_records_read_the_same_whatever_the_chunk_boundaries(monkeypatch, chunk):
    monkeypatch.setattr(source_json, "CHUNK", chunk)
    records = [
        {"n": 12345.5, "t": "caf\u00e9 \u20ac", "b": True, "z": None},
        {"n": -1e-7, "t": 'quote " and \\ slash', "b": False},
        {"t": "\U0001f600"},
    ]
    data = (" \n" + json.dumps(records, indent=1) + "\n ").encode()
    columns = source_json.json_columns(io.BytesIO(data), "utf-8")
    assert columns == ["n", "t", "b", "z"]
    rows = list(source_json.json_records(io.BytesIO(data), "utf-8", columns))
    assert rows == [
        (0, ["n", "t", "b", "z"]),
        (1, ["12345.5", "café €", "true", ""]),
        (2, ["-1e-07", 'quote " and \\ slash', "false", ""]),
        (3, ["", "\U0001f600", "", ""]),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[1, 2]", "must be an array of records"),
        (b'[{"a": 1} {"a": 2}]', "expected , or ]"),
        (b'[{"a": 1}] trailing', "more after the array"),
        (b'[{"a": 1}', "not valid JSON"),
        (b'[{"a": tru}]', "not valid JSON"),
    ],
)
def test_broken_json_is_refused_with_a_reason(data, message):
    assert message in outcome(data, "bad.json")


def test_a_workbook_with_too_many_sheets_is_refused_before_it_is_opened(settings):
    settings.DATASET_MAX_XLSX_SHEETS = 10
    result = outcome(SHAPES["many-sheets.xlsx"](20 * 400), "sheets.xlsx")
    assert result.startswith("The workbook has 20 sheets; the limit is 10.")


def test_a_workbook_with_a_huge_string_table_is_refused_before_it_is_opened(settings):
    settings.DATASET_MAX_XLSX_STRINGS_BYTES = 10_000
    result = outcome(SHAPES["shared-strings.xlsx"](SMALL), "strings.xlsx")
    assert "text cells take" in result
    assert "over the limit of 0.0 MB" in result


def test_a_workbook_declaring_the_whole_sheet_reads_only_its_stored_rows():
    inspection = ingest.inspect(ContentFile(SHAPES["dimension.xlsx"](0), name="d.xlsx"))
    assert inspection.row_count == 1
    assert [c.name for c in inspection.columns] == ["name", "value"]
    assert list(inspection.rows()) == [["x", 1]]
