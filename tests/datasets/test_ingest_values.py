"""Uploads whose values used to be altered or crash the import, through the real ingest."""

import csv
import io
from importlib.resources import files

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from datasets import ingest
from datasets.models import Dataset, Licence
from tests.factories import make_dataset

pytestmark = pytest.mark.django_db

# Real third-party data, read from the package that ships it (a dev dependency,
# never copied here): the US Census Bureau's 2020 list of 3,245 counties with
# their state and county FIPS codes ("01", "001"), as the addfips package has it.
COUNTIES = files("addfips") / "data" / "counties_2020.csv"


def site_csv(client, slug):
    response = client.get(reverse("datasets:download", args=[slug]))
    return b"".join(response.streaming_content).decode()


def refusal(content, name="data.csv"):
    """The editor's message for an upload the ingest refuses, after both passes."""
    upload = ContentFile(content, name=name)
    with pytest.raises(ingest.IngestError) as caught:
        ingest.import_version(
            dataset=Dataset(title="T", slug="t", source_name="S", licence=Licence.CC0),
            inspection=ingest.inspect(upload),
            upload=upload,
        )
    assert not Dataset.objects.exists()
    return str(caught.value)


def test_real_fips_codes_keep_their_leading_zeros_through_the_download(editor_client):
    content = COUNTIES.read_bytes()
    dataset = make_dataset(content=content, slug="counties")
    assert [c["type"] for c in dataset.current_version.columns] == ["string"] * 3
    assert dataset.current_version.ordered_rows()[0] == ["01", "001", "Autauga County"]
    assert site_csv(editor_client, "counties").replace("\r\n", "\n") == content.decode()


def test_long_integers_and_decimals_come_back_digit_for_digit(editor_client):
    content = b"id,amount\n9007199254740993,1.10\n12345678901234567890,0.1000000000000000000001\n"
    make_dataset(content=content, slug="exact")
    rows = list(csv.reader(io.StringIO(site_csv(editor_client, "exact"))))
    assert rows[1:] == [
        ["9007199254740993", "1.10"],
        ["12345678901234567890", "0.1000000000000000000001"],
    ]


def test_namibia_stays_na_in_a_text_column():
    dataset = make_dataset(content=b"iso2,country\nNA,Namibia\nZA,South Africa\n")
    assert dataset.current_version.ordered_rows()[0] == ["NA", "Namibia"]


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("1e999", "“1e999” is beyond the numbers this importer stores"),
        ("-Infinity", "“-Infinity” is not a finite number"),
        ("1" * 5000, "is beyond the numbers this importer stores"),
    ],
)
def test_numbers_out_of_range_are_refused_with_row_and_column(cell, says):
    message = refusal(f"region,count\nNorth,3\nSouth,{cell}\nWest,5\n".encode())
    assert says in message
    assert message.endswith("(row 3, column “count”)")


def test_a_five_thousand_digit_number_in_json_is_refused_not_a_crash():
    content = ('[{"n": 1}, {"n": ' + "7" * 5000 + "}]").encode()
    assert "is beyond the numbers this importer stores" in refusal(content, name="data.json")


def test_json_numbers_keep_the_digits_they_were_written_with():
    content = b'[{"n": 1.10, "big": 12345678901234567890}, {"n": 2.5, "big": 1}]'
    dataset = make_dataset(content=content, name="data.json")
    values = dataset.current_version.ordered_rows()[0]
    assert [str(v) for v in values] == ["1.10", "12345678901234567890"]


def test_dates_with_month_names_are_read():
    content = b"day,n\nJan 1 2000,1\n1 January 2025,2\nJanuary 2025,3\nJan-2025,4\nSept 9 2020,5\n"
    dataset = make_dataset(content=content)
    assert dataset.current_version.columns[0]["type"] == "date"
    assert dataset.current_version.column_values("day") == [
        "2000-01-01",
        "2025-01-01",
        "2025-01-01",
        "2025-01-01",
        "2020-09-09",
    ]


def test_a_date_it_cannot_read_is_refused_with_the_forms_it_reads():
    upload = ContentFile(b"day,n\n2020-01-01,1\n1st Jan 2000,2\n", name="d.csv")
    inspection = ingest.inspect(upload, types={"day": "date"})
    with pytest.raises(ingest.IngestError) as caught:
        list(inspection.rows())
    message = str(caught.value)
    assert message.startswith("“1st Jan 2000” in a column of dates is not written in a form")
    assert "Jan 31 2000; January 31, 2000; January 2000; Jan-2000" in message
    assert message.endswith("(row 3, column “day”)")
