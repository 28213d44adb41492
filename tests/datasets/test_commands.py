import re

import pytest
from django.core.management import CommandError, call_command

from datasets import columnar
from datasets.models import Dataset
from tests.datasets.corpus_table import BAD_FILES, CORPUS, GOOD_FILES

pytestmark = pytest.mark.django_db


def test_importdataset_creates_a_dataset_and_reports_what_it_read(capsys):
    call_command(
        "importdataset",
        str(CORPUS / "workbook.xlsx"),
        "--title",
        "Papers by country",
        "--source",
        "Somewhere",
        "--licence",
        "CC0-1.0",
        "--sheet",
        "Detail",
    )
    out = capsys.readouterr().out
    assert "Read 2 rows and 2 columns (Excel workbook, sheet “Detail”)." in out
    dataset = Dataset.objects.get(slug="papers-by-country")
    assert dataset.current_version.ordered_rows() == [["2021", 1], ["2022", 2]]
    assert dataset.licence == "CC0-1.0"


def test_importdataset_replace_adds_a_version(capsys):
    call_command("importdataset", str(CORPUS / "comma.csv"), "--title", "Papers")
    call_command(
        "importdataset", str(CORPUS / "tab.tsv"), "--replace", "papers", "--note", "Swapped"
    )
    dataset = Dataset.objects.get(slug="papers")
    assert dataset.versions.count() == 2
    assert dataset.current_version.note == "Swapped"
    assert dataset.current_version.column_names() == ["name", "value"]


def test_importdataset_prints_progress_for_large_files(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(columnar, "BLOCK", 1 << 14)  # the columnar path reports each block
    big = tmp_path / "big.csv"
    big.write_text("k,v\n" + "".join(f"r{i},{i}\n" for i in range(12000)))
    call_command("importdataset", str(big), "--title", "Big")
    err = capsys.readouterr().err
    stored = re.findall(r"([\d,]+) of 12,000 rows stored \((\d+)%\)", err)
    assert len([n for n, _ in stored if n != "12,000"]) >= 2  # as the rows went in


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ragged.csv", "ragged.csv: This row has 3 cells but the header has 2. (row 3)"),
        ("truncated.xlsx", "truncated.xlsx: The workbook is damaged or incomplete"),
        ("picture.png", "picture.png: This file is an image."),
    ],
)
def test_importdataset_refuses_bad_files_with_the_message_and_saves_nothing(name, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("importdataset", str(CORPUS / name), "--title", "Broken")
    assert not Dataset.objects.exists()


def test_importdataset_type_override_and_bad_arguments():
    call_command(
        "importdataset", str(CORPUS / "comma.csv"), "--title", "T", "--type", "papers=string"
    )
    assert Dataset.objects.get().current_version.column_type("papers") == "string"
    with pytest.raises(CommandError, match="use --replace t"):
        call_command("importdataset", str(CORPUS / "comma.csv"), "--title", "T")
    with pytest.raises(CommandError, match="no dataset with the slug “nope”"):
        call_command("importdataset", str(CORPUS / "comma.csv"), "--replace", "nope")
    with pytest.raises(CommandError, match="the type must be one of"):
        call_command(
            "importdataset", str(CORPUS / "comma.csv"), "--title", "X", "--type", "a=float"
        )


@pytest.mark.parametrize("name", sorted(GOOD_FILES))
def test_every_good_corpus_file_imports_on_the_command_line(name):
    call_command("importdataset", str(CORPUS / name), "--title", "Corpus")
    assert Dataset.objects.get().current_version.ordered_rows() == GOOD_FILES[name][1]


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_every_bad_corpus_file_is_refused_on_the_command_line(name):
    with pytest.raises(CommandError) as caught:
        call_command("importdataset", str(CORPUS / name), "--title", "Corpus")
    assert BAD_FILES[name] in str(caught.value)
    assert not Dataset.objects.exists()
