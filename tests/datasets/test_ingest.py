import csv
import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from datasets import bulk, ingest, tables
from datasets.models import Dataset, DatasetVersion, Licence
from tests.datasets.corpus_table import BAD_FILES, CORPUS, GOOD_FILES
from tests.factories import add_version, make_dataset

DEMO = Path(__file__).resolve().parents[2] / "articles" / "demo"


def inspect_bytes(content: bytes, **kwargs):
    return ingest.inspect(ContentFile(content, name="upload"), **kwargs)


def table(inspection):
    types = [(c.name, str(c.type)) for c in inspection.columns]
    return types, list(inspection.rows())


def corpus(name, **kwargs):
    with (CORPUS / name).open("rb") as handle:
        inspection = ingest.inspect(handle, **kwargs)
        return inspection, *table(inspection)


@pytest.mark.parametrize("name", sorted(GOOD_FILES))
def test_corpus_file_reads_as_the_right_table(name):
    columns, rows, described = GOOD_FILES[name]
    inspection, got_columns, got_rows = corpus(name)
    assert got_columns == columns
    assert got_rows == rows
    assert inspection.source.describe() == described
    assert inspection.row_count == len(rows)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_corpus_file_is_refused_with_a_message_naming_the_problem(name):
    with pytest.raises(ingest.IngestError) as caught:
        corpus(name)
    assert BAD_FILES[name] in str(caught.value)


def test_every_corpus_file_is_covered():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted({*GOOD_FILES, *BAD_FILES})


def test_workbook_sheet_can_be_named_and_a_wrong_name_lists_the_sheets():
    _, columns, rows = corpus("workbook.xlsx", sheet="Detail")
    assert columns == [("year", "date"), ("count", "integer")]
    assert rows == [["2021", 1], ["2022", 2]]
    with pytest.raises(ingest.IngestError, match=r"no sheet “Nope”\. Its sheets are: “Summary”"):
        corpus("workbook.xlsx", sheet="Nope")


def test_pasted_spreadsheet_cells_read_as_tab_separated():
    inspection = inspect_bytes(b"country\tpapers\nChina\t9,660\n", pasted=True)
    assert inspection.source.format == "paste"
    assert table(inspection) == ([("country", "string"), ("papers", "integer")], [["China", 9660]])


def test_a_first_row_of_times_and_numbers_is_data_not_a_header():
    with pytest.raises(ingest.IngestError, match="The first row holds numbers or dates"):
        inspect_bytes(b"2010/01/01 01:00,39.4\n2010/01/01 02:00,39.2\n")


def test_editor_can_override_a_type_and_a_misfit_names_row_and_column():
    inspection = inspect_bytes(b"code,n\n001,1\n002,2\n", types={"code": "string"})
    assert table(inspection)[1] == [["001", 1], ["002", 2]]
    misfit = inspect_bytes(b"k,v\na,1\nb,two\n", types={"v": "integer"})
    with pytest.raises(ingest.IngestError) as caught:
        list(misfit.rows())
    assert str(caught.value) == (
        "“two” is not a number, but the column holds integer values (row 3, column “v”)"
    )
    with pytest.raises(ingest.IngestError, match="no column called “nope”"):
        inspect_bytes(b"k,v\na,1\n", types={"nope": "string"})


def test_demo_files_parse_with_typed_columns():
    with (DEMO / "ai-research-collaboration-2021.csv").open("rb") as handle:
        columns, rows = table(ingest.inspect(handle))
    assert columns == [("pair", "string"), ("papers", "integer"), ("year", "date")]
    assert rows == [
        ["United States–China", 9660, "2021"],
        ["United States–United Kingdom", 3560, "2021"],
    ]
    with (DEMO / "ai-training-cost-reported.csv").open("rb") as handle:
        columns, rows = table(ingest.inspect(handle))
    assert rows[2][:3] == ["GPT-4", "OpenAI", 600_000_000]
    assert rows[2][3] == 'media report ("more than")'


def test_size_limit_is_checked_before_reading(settings):
    settings.DATASET_MAX_UPLOAD_BYTES = 10
    upload = SimpleUploadedFile("big.csv", b"a,b\n1,2\n3,4\n")
    with pytest.raises(ingest.IngestError, match=r"limit is 0\.0 MB"):
        ingest.inspect(upload)


def test_row_and_column_limits(settings):
    settings.DATASET_MAX_ROWS = 1
    with pytest.raises(ingest.IngestError, match="more than 1 rows, the limit"):
        inspect_bytes(b"a,b\n1,2\n3,4\n")
    settings.DATASET_MAX_ROWS = 10
    settings.DATASET_MAX_COLUMNS = 1
    with pytest.raises(ingest.IngestError, match="2 columns; the limit is 1"):
        inspect_bytes(b"a,b\n1,2\n")


def test_checksum_is_sha256_of_the_file():
    content = b"a,b\nx,2\n"
    assert inspect_bytes(content).source.checksum == hashlib.sha256(content).hexdigest()


def test_a_long_file_reads_across_chunk_boundaries():
    lines = ["id,label,value"] + [
        f"{i},row {i} with a longer label,{i * 1.5}" for i in range(20000)
    ]
    content = "\r\n".join(lines).encode()  # CRLF: some "\r\n" fall across 64 KiB chunks
    inspection = inspect_bytes(content)
    rows = list(inspection.rows())
    assert inspection.row_count == 20000
    assert rows[-1] == [19999, "row 19999 with a longer label", 29998.5]


@pytest.mark.django_db
def test_import_stores_a_versioned_table_and_the_file():
    dataset = make_dataset(slug="papers")
    dataset.refresh_from_db()
    version = dataset.current_version
    assert version.number == 1
    assert (version.row_count, version.column_count) == (2, 3)
    assert version.columns[1] == {"name": "papers", "type": "integer"}
    assert version.ordered_rows() == [["United States", 9660, 0.5], ["United Kingdom", 3560, 0.25]]
    assert version.file.storage.exists(version.file.name)


@pytest.mark.django_db
def test_replacing_data_adds_an_immutable_version():
    dataset = make_dataset()
    first = dataset.current_version
    second = add_version(dataset, b"country,papers\nChina,1\n", note="New year")
    dataset.refresh_from_db()
    assert dataset.current_version == second
    assert second.number == 2
    assert second.note == "New year"
    first.refresh_from_db()
    assert first.row_count == 2
    assert len(first.ordered_rows()) == 2


def stored_files(settings):
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.*"))


@pytest.mark.django_db
@pytest.mark.parametrize("columnar", [False, True], ids=["python", "columnar"])
def test_a_failure_midway_through_the_bulk_load_leaves_nothing_behind(
    settings, monkeypatch, columnar
):
    lines = "\n".join(["k,v"] + [f"r{i},{i}" for i in range(12000)]).encode()
    upload = ContentFile(lines, name="big.csv")
    inspection = ingest.inspect(upload)
    assert inspection.columnar
    inspection.columnar = columnar  # on SQLite the rows take the Python path either way
    real_rows, real_csv = bulk.load_rows, bulk.load_csv

    def rows_then_fail(version, rows, **kwargs):
        def interrupted():
            for count, values in enumerate(rows):
                if count == 7000:  # after the first batch reached the database
                    raise RuntimeError("worker killed mid-upload")
                yield values

        return real_rows(version, interrupted(), **kwargs)

    def csv_then_fail(version, blocks, **kwargs):
        def interrupted():
            yield next(blocks)  # the rows reached the database
            raise RuntimeError("worker killed mid-upload")

        return real_csv(version, interrupted(), **kwargs)

    monkeypatch.setattr(bulk, "load_rows", rows_then_fail)
    monkeypatch.setattr(bulk, "load_csv", csv_then_fail)
    dataset = Dataset(title="Big", slug="big", source_name="s", licence=Licence.CC0)
    with pytest.raises(RuntimeError, match="worker killed"):
        ingest.import_version(dataset=dataset, inspection=inspection, upload=upload)
    assert not Dataset.objects.exists()
    assert not DatasetVersion.objects.exists()
    assert tables.version_tables() == []  # the table went with the transaction
    assert stored_files(settings) == []
    assert dataset.pk is None


@pytest.mark.django_db
def test_a_failed_new_version_keeps_the_old_one_current(settings):
    dataset = make_dataset()
    before = stored_files(settings)
    inspection = inspect_bytes(b"k,v\na,1\nb,x\n", types={"v": "integer"})
    with pytest.raises(ingest.IngestError, match="row 3"):
        ingest.import_version(
            dataset=dataset, inspection=inspection, upload=ContentFile(b"k,v\n", name="n.csv")
        )
    dataset.refresh_from_db()
    assert dataset.current_version.number == 1
    assert dataset.versions.count() == 1
    assert stored_files(settings) == before


def write_csv(rows, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_full_storage_is_a_clear_message_and_nothing_is_saved(monkeypatch, settings):
    import errno

    from django.core.files.storage import FileSystemStorage

    def full(self, name, content, max_length=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full)
    upload = ContentFile(b"k,v\na,1\n", name="full.csv")
    dataset = Dataset(title="Full", slug="full", source_name="s", licence=Licence.CC0)
    with pytest.raises(ingest.IngestError, match="no room left in the file storage"):
        ingest.import_version(dataset=dataset, inspection=ingest.inspect(upload), upload=upload)
    assert not Dataset.objects.exists()
