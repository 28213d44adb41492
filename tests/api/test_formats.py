"""The table as NDJSON, Parquet and Excel, and every download filtered as the rows API filters."""

import csv
import io
import json
from importlib.resources import files

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from tests.factories import make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

# Real third-party data (the addfips dev dependency's US Census list of counties):
# state and county FIPS codes with leading zeros, "01" and "001".
COUNTIES = files("addfips") / "data" / "counties_2020.csv"
TABLE = (
    b"code,year,amount,day,note,ok,big\n"
    b"01001,2021,-5,2021-03-04,=SUM(A1:A2),yes,12345678901234567890\n"
    b"02002,2020,1234.50,2020-01-31,-minus,no,1\n"
    b"03003,2019,,2019-12-01,,,2\n"
)
FORMATS = ["csv", "json", "ndjson", "parquet", "xlsx"]


@pytest.fixture
def table(db):
    dataset = make_dataset(content=TABLE, slug="table", title="Table: table")
    chart = make_chart(dataset=dataset, label_column="code", value_columns=["amount"])
    make_article(charts=[chart], slug="table-story")
    return dataset


def download(api, kind, slug="table", **params):
    response = api.get(reverse(f"api:dataset-{kind}", args=[slug]), params)
    assert response.status_code == 200, response.content
    assert isinstance(response, StreamingHttpResponse)  # never built whole in memory
    return response, b"".join(response.streaming_content)


def records(kind, body):
    """The rows of a download as pandas reads them, each a dict of column to text."""
    reader = {
        "csv": lambda f: pd.read_csv(f, dtype=str, keep_default_na=False),
        "json": lambda f: pd.read_json(f, dtype=False),
        "ndjson": lambda f: pd.read_json(f, lines=True, dtype=False),
        "parquet": pd.read_parquet,
        "xlsx": lambda f: pd.read_excel(f, dtype=object),
    }[kind]
    return reader(io.BytesIO(body)).to_dict("records")


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("ndjson", "application/x-ndjson"),
        ("parquet", "application/vnd.apache.parquet"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_each_format_is_an_attachment_with_its_type(api, table, kind, content_type):
    response, body = download(api, kind)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="table.{kind}"'
    assert response["ETag"]
    assert response["Last-Modified"]
    assert len(records(kind, body)) == 3
    head = api.head(reverse(f"api:dataset-{kind}", args=["table"]))
    assert head.status_code == 200
    assert head.content == b""


def test_ndjson_is_a_row_object_a_line_with_the_json_downloads_digits(api, table):
    _, body = download(api, "ndjson")
    lines = body.decode().splitlines()
    assert lines[1] == (
        '{"code":"02002","year":"2020","amount":1234.50,"day":"2020-01-31",'
        '"note":"-minus","ok":false,"big":1}'
    )
    _, whole = download(api, "json")
    assert whole.decode() == "[\n" + ",\n".join(lines) + "\n]\n"


def test_parquet_keeps_the_table_schema_types_exactly(api, table):
    _, body = download(api, "parquet")
    parquet = pq.read_table(io.BytesIO(body))
    assert {f.name: str(f.type) for f in parquet.schema} == {
        "code": "string",
        "year": "int32",
        "amount": "decimal128(6, 2)",
        "day": "date32[day]",
        "note": "string",
        "ok": "bool",
        "big": "decimal128(20, 0)",
    }
    assert parquet.column("big").to_pylist()[0] == 12345678901234567890
    assert str(parquet.column("amount").to_pylist()[1]) == "1234.50"
    notes = json.loads(parquet.schema.metadata[b"chartweek"])
    assert notes["schema"]["fields"][1] == {
        "name": "year",
        "type": "year",
        "title": "",
        "unit": "",
        "description": "",
    }


def test_excel_has_numbers_dates_and_text_never_formulas(api, table):
    _, body = download(api, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet.title == "Table table"
    first, second = list(sheet.iter_rows(min_row=2, max_row=3))
    assert [c.value for c in first][:2] == ["01001", 2021]
    assert (first[4].value, first[4].data_type) == ("=SUM(A1:A2)", "s")
    assert first[6].value == "12345678901234567890"  # more digits than Excel keeps: text
    assert (second[2].value, second[2].number_format) == (1234.5, "0.00")
    assert second[3].is_date


@pytest.mark.parametrize("kind", FORMATS)
def test_every_download_takes_the_rows_apis_filters_sort_and_columns(api, table, kind):
    params = {"year__gte": "2020", "sort": "-amount", "columns": "code,amount"}
    response, body = download(api, kind, **params)
    assert response["Content-Disposition"] == f'attachment; filename="table-filtered.{kind}"'
    found = records(kind, body)
    assert [str(row["code"]).zfill(5) for row in found] == ["02002", "01001"]
    assert list(found[0]) == ["code", "amount"]
    whole, _ = download(api, kind)
    assert response["ETag"] != whole["ETag"]


@pytest.mark.parametrize("kind", FORMATS)
def test_a_filter_the_rows_api_refuses_is_a_400_on_every_download(api, table, kind):
    url = reverse(f"api:dataset-{kind}", args=["table"])
    for params in [{"nosuch": "1"}, {"year__gte": "soon"}, {"amount": "\x00"}]:
        response = api.get(url, params)
        assert response.status_code == 400, params
        assert response.json()["detail"]


def test_more_rows_than_excel_holds_is_a_400_before_any_is_written(api, table, monkeypatch):
    monkeypatch.setattr("api.downloads.MAX_ROWS", 2)
    response = api.get(reverse("api:dataset-xlsx", args=["table"]))
    assert response.status_code == 400
    assert "Excel holds at most" in response.json()["detail"]
    _, body = download(api, "xlsx", year__gte="2020")  # two rows: they fit
    assert len(records("xlsx", body)) == 2


def test_real_fips_codes_come_back_unchanged_through_parquet_and_excel(staff_api):
    api = staff_api  # text columns only, so no chart to publish it: an editor's preview
    content = COUNTIES.read_bytes()
    make_dataset(content=content, slug="counties")
    expected = list(csv.DictReader(io.StringIO(content.decode())))
    assert len(expected) > 3000
    _, parquet = download(api, "parquet", slug="counties")
    assert pq.read_table(io.BytesIO(parquet)).to_pylist() == expected
    _, xlsx = download(api, "xlsx", slug="counties")
    rows = openpyxl.load_workbook(io.BytesIO(xlsx)).active.values
    header = next(rows)
    assert [dict(zip(header, row, strict=True)) for row in rows] == expected


def test_the_dataset_page_links_to_every_format(client, table):
    html = client.get(table.get_absolute_url()).content.decode()
    for kind in ["xlsx", "parquet", "json", "ndjson"]:
        assert reverse(f"api:dataset-{kind}", args=["table"]) in html
