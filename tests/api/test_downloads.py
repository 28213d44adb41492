import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from frictionless import Package, validate

from datasets.models import Licence
from tests.factories import add_version, make_article, make_chart, make_dataset, publish_version

pytestmark = pytest.mark.django_db

TABLE = (
    b"name,year,amount,day,note,ok\n"
    b"=SUM(A1:A2),2021,-5,2021-03-04,+33 1 23,yes\n"
    b"@home,2020,1234.5,2020-01-31,-minus,no\n"
    b"plain,2019,,2019-12-01,,\n"
)


@pytest.fixture
def table(db):
    dataset = make_dataset(content=TABLE, slug="table", title="A table", description="Rows.")
    make_article(
        charts=[make_chart(dataset=dataset, label_column="name", value_columns=["amount"])]
    )
    return dataset


def body(response):
    assert isinstance(response, StreamingHttpResponse)  # streamed, never built whole
    return b"".join(response.streaming_content).decode()


def test_csv_is_the_whole_table_with_formulas_neutralised_and_numbers_intact(api, table):
    response = api.get(reverse("api:dataset-csv", args=["table"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="table.csv"'
    assert list(csv.reader(io.StringIO(body(response)))) == [
        ["name", "year", "amount", "day", "note", "ok"],
        ["'=SUM(A1:A2)", "2021", "-5", "2021-03-04", "'+33 1 23", "true"],
        ["'@home", "2020", "1234.5", "2020-01-31", "'-minus", "false"],
        ["plain", "2019", "", "2019-12-01", "", ""],
    ]


def test_csv_ignores_the_accept_header(api, table):
    response = api.get(reverse("api:dataset-csv", args=["table"]), HTTP_ACCEPT="text/csv")
    assert response.status_code == 200


def test_json_is_the_whole_table_as_row_objects(api, table):
    response = api.get(reverse("api:dataset-json", args=["table"]))
    assert response["Content-Type"] == "application/json"
    rows = json.loads(body(response))
    assert rows[0] == {
        "name": "=SUM(A1:A2)",
        "year": "2021",
        "amount": -5,
        "day": "2021-03-04",
        "note": "+33 1 23",
        "ok": True,
    }
    assert rows[2]["amount"] is None
    assert len(rows) == 3


def test_downloads_serve_an_older_version_on_request(api, table):
    publish_version(add_version(table, b"name,amount\nnew,1\n"), label_column="name")
    url = reverse("api:dataset-csv", args=["table"])
    assert body(api.get(url)) == "name,amount\r\nnew,1\r\n"
    old = api.get(url, {"version": "1"})
    assert old["Content-Disposition"] == 'attachment; filename="table-v1.csv"'
    assert body(old).startswith("name,year,amount")
    assert json.loads(body(api.get(reverse("api:dataset-json", args=["table"]), {"version": 1})))


def test_head_answers_without_a_body(api, table):
    response = api.head(reverse("api:dataset-csv", args=["table"]))
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


@pytest.mark.parametrize(
    "name", ["api:dataset-csv", "api:dataset-json", "api:dataset-datapackage", "api:dataset-rows"]
)
def test_a_dataset_that_may_not_be_redistributed_is_403_with_the_reason(api, name):
    dataset = make_dataset(
        redistributable=False,
        slug="closed",
        source_name="A cautious office",
        source_url="https://example.org/stats",
    )
    make_article(charts=[make_chart(dataset=dataset)])
    response = api.get(reverse(name, args=["closed"]))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    detail = response.json()["detail"]
    assert "does not allow us to redistribute its data" in detail
    assert "A cautious office (https://example.org/stats)" in detail


def test_datapackage_is_a_valid_tabular_data_package(api, table):
    table.column_notes = {"amount": {"title": "Amount", "unit": "USD", "description": "Paid"}}
    table.attribution = "A table, by the office"
    table.save()
    package = api.get(reverse("api:dataset-datapackage", args=["table"])).json()
    report = Package.validate_descriptor(package)
    assert report.valid, report.flatten(["type", "note"])
    assert package["name"] == "table"
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "CC BY 4.0",
        },
    ]
    assert package["sources"] == [{"title": "A statistics office"}]
    assert package["homepage"] == "http://testserver" + reverse("datasets:detail", args=["table"])
    resource = package["resources"][0]
    assert resource["path"] == "http://testserver/api/v1/datasets/table/data.csv?version=1"
    others = [(r["name"], r["format"], r["path"].split("/")[-1]) for r in package["resources"][1:]]
    assert others == [
        ("table-json", "json", "data.json?version=1"),
        ("table-ndjson", "ndjson", "data.ndjson?version=1"),
        ("table-parquet", "parquet", "data.parquet?version=1"),
        ("table-xlsx", "xlsx", "data.xlsx?version=1"),
    ]
    assert resource["profile"] == "tabular-data-resource"
    assert [(f["name"], f["type"]) for f in resource["schema"]["fields"]] == [
        ("name", "string"),
        ("year", "year"),
        ("amount", "number"),
        ("day", "date"),
        ("note", "string"),
        ("ok", "boolean"),
    ]
    assert resource["schema"]["fields"][2]["unit"] == "USD"


def test_the_served_csv_validates_against_the_datapackage_schema(api, table, tmp_path):
    """Frictionless reads data.csv with the package's schema: every cell fits its type."""
    package = api.get(reverse("api:dataset-datapackage", args=["table"])).json()
    (tmp_path / "data.csv").write_text(body(api.get(reverse("api:dataset-csv", args=["table"]))))
    package["resources"] = package["resources"][:1]  # the others are checked with pyarrow, openpyxl
    package["resources"][0]["path"] = "data.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 3


def test_a_licence_without_an_spdx_identifier_is_left_out_of_the_package(api):
    dataset = make_dataset(slug="other", licence=Licence.OTHER, source_url="https://x.example")
    make_article(charts=[make_chart(dataset=dataset)])
    package = api.get(reverse("api:dataset-datapackage", args=["other"])).json()
    assert "licenses" not in package
    assert package["sources"] == [{"title": "A statistics office", "path": "https://x.example"}]
    assert Package.validate_descriptor(package).valid
