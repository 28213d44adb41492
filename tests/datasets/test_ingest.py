import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError

from datasets import ingest
from datasets.models import Dataset, Licence
from tests.factories import make_dataset

DEMO = Path(__file__).resolve().parents[2] / "articles" / "demo"


def read(content: bytes, name="upload.csv"):
    return ingest.read_table(ContentFile(content, name=name))


def types(table):
    return {c["name"]: c["type"] for c in table.columns}


def test_demo_collaboration_file_parses_with_typed_columns():
    table = ingest.read_table((DEMO / "ai-research-collaboration-2021.csv").open("rb"))
    assert types(table) == {"pair": "string", "papers": "integer", "year": "integer"}
    assert table.rows == [
        ["United States–China", 9660, 2021],
        ["United States–United Kingdom", 3560, 2021],
    ]
    assert table.encoding == "UTF-8"


def test_demo_cost_file_keeps_quoted_commas_inside_cells():
    table = ingest.read_table((DEMO / "ai-training-cost-reported.csv").open("rb"))
    assert types(table)["reported_cost_usd"] == "integer"
    assert table.rows[2][0] == "GPT-4"
    assert table.rows[2][3] == 'media report ("more than")'
    assert "USD 2 per H800 GPU-hour" in table.rows[0][3]


def test_every_demo_file_parses():
    for path in DEMO.glob("*.csv"):
        assert ingest.read_table(path.open("rb")).row_count >= 2, path


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1", "2", "-3"], "integer"),
        (["46,000", "1,234,567"], "integer"),
        (["1.5", "2", "1e3"], "number"),
        (["1,234.5", "3"], "number"),
        (["2024-01-31", "2025-12-01"], "date"),
        (["31/01/2024", ""], "date"),
        (["yes", "no", "NA"], "boolean"),
        (["1", "two"], "string"),
        (["", "NA", ".."], "string"),
    ],
)
def test_column_types_are_inferred_from_every_value(cells, expected):
    assert ingest.infer_type(cells) == expected


def test_missing_values_become_none_and_numbers_lose_separators():
    table = read(b'name,value,when\na,"46,000",2024-01-31\nb,NA,\nc,-,31/12/2023\n')
    assert types(table) == {"name": "string", "value": "integer", "when": "date"}
    assert [row[1] for row in table.rows] == [46000, None, None]
    assert [row[2] for row in table.rows] == ["2024-01-31", None, "2023-12-31"]


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
def test_delimiter_is_sniffed(delimiter, name):
    text = f"a{delimiter}b\nx{delimiter}1\ny{delimiter}2\n".encode()
    table = read(text)
    assert [c["name"] for c in table.columns] == ["a", "b"]
    assert table.delimiter_name == name


def test_byte_order_mark_and_windows_1252_are_detected():
    assert read("\ufeffcity,n\nZürich,1\n".encode()).encoding == "UTF-8 (with BOM)"
    latin = read("city,n\nZürich,1\n".encode("cp1252"))
    assert latin.encoding == "Windows-1252"
    assert latin.rows[0][0] == "Zürich"
    utf16 = read("city,n\nZürich,1\n".encode("utf-16"))
    assert utf16.rows == [["Zürich", 1]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"a,b\n", "no data rows"),
        (b"a,,c\n1,2,3\n", "Column 2 of the header row has no name"),
        (b"a,b,A\n1,2,3\n", "Two columns are called"),
        (b"a,b\n1,2\n3,4,5\n", "row 3"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_unreadable_files_raise_a_message_for_the_editor(content, message):
    with pytest.raises(ingest.IngestError, match=message):
        read(content)


def test_file_over_the_size_limit_is_refused_before_parsing(settings):
    settings.DATASET_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ingest.IngestError, match="limit"):
        read(b"a,b\n1,2\n3,4\n")


def test_row_and_column_limits(settings):
    settings.DATASET_MAX_ROWS = 1
    with pytest.raises(ingest.IngestError, match="2 rows; the limit is 1"):
        read(b"a,b\n1,2\n3,4\n")
    settings.DATASET_MAX_ROWS = 10
    settings.DATASET_MAX_COLUMNS = 1
    with pytest.raises(ingest.IngestError, match="2 columns; the limit is 1"):
        read(b"a,b\n1,2\n")


def test_checksum_is_sha256_of_the_file():
    content = b"a,b\n1,2\n"
    assert read(content).checksum == hashlib.sha256(content).hexdigest()


@pytest.mark.django_db
def test_save_dataset_stores_table_file_and_counts():
    dataset = make_dataset(slug="papers")
    dataset.refresh_from_db()
    assert dataset.row_count == 2
    assert dataset.column_count == 3
    assert dataset.columns[1] == {"name": "papers", "type": "integer"}
    assert dataset.file.storage.exists(dataset.file.name)


@pytest.mark.django_db
def test_failed_save_leaves_no_row_and_no_stored_file(settings):
    make_dataset(slug="taken")
    upload = ContentFile(b"a,b\nx,1\n", name="second.csv")
    table = ingest.read_table(upload)
    media = Path(settings.MEDIA_ROOT)
    files_before = sorted(media.rglob("*.csv"))
    dataset = Dataset(title="Clash", slug="taken", source_name="s", licence=Licence.CC0)
    with pytest.raises((IntegrityError, ValidationError)):
        ingest.save_dataset(dataset=dataset, table=table, upload=upload)
    assert Dataset.objects.count() == 1
    assert sorted(media.rglob("*.csv")) == files_before


@pytest.mark.django_db
def test_database_failure_after_the_file_is_written_removes_the_file(settings, monkeypatch):
    upload = ContentFile(b"a,b\nx,1\n", name="doomed.csv")
    table = ingest.read_table(upload)
    real_save = Dataset.save

    def save_then_fail(self, *args, **kwargs):
        real_save(self, *args, **kwargs)  # the file reaches storage, the row is inserted
        raise IntegrityError("simulated failure after the insert")

    monkeypatch.setattr(Dataset, "save", save_then_fail)
    dataset = Dataset(title="Doomed", slug="doomed", source_name="s", licence=Licence.CC0)
    with pytest.raises(IntegrityError):
        ingest.save_dataset(dataset=dataset, table=table, upload=upload)
    assert not Dataset.objects.filter(slug="doomed").exists()
    assert list(Path(settings.MEDIA_ROOT).rglob("doomed*")) == []
