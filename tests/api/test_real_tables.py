"""Real third-party tables walked as a data consumer walks them.

Each file of tests/fixtures/real (its README says where it comes from and its licence) is
uploaded through the API, published, queried, grouped and downloaded in every format; the
answers are read back with pandas, pyarrow and openpyxl and compared with the source file,
value by value, as pandas reads it: leading zeros kept, decimals as written, dates as
ISO dates, `NA` in a number column missing. Runs on PostgreSQL and SQLite alike.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from django.db import connection
from django.urls import reverse
from frictionless import validate

from datasets.models import Dataset
from tests.factories import make_article, make_chart

pytestmark = pytest.mark.django_db

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
NUMBERS = {"integer", "number"}


@dataclass
class Real:
    name: str
    types: dict  # the Table Schema types a reader should see
    label: str  # the chart's label and value columns
    value: str
    group: str  # a column to group by, with the aggregates of `value`
    queries: list = field(default_factory=list)  # (rows API parameters, pandas predicate)


TABLES = [
    Real(
        "airports",
        {"iata": "string", "name": "string", "city": "string", "state": "string"}
        | {"country": "string", "latitude": "number", "longitude": "number"},
        label="iata",
        value="latitude",
        group="state",
        queries=[
            ({"iata__prefix": "0", "sort": "-latitude"}, lambda t: t.iata.str.startswith("0")),
            ({"iata": "00M"}, lambda t: t.iata == "00M"),
            ({"q": "international"}, lambda t: t.iata == "CHS"),  # "AFB/International"
            ({"q": "Paul"}, lambda t: t.iata == "SGS"),  # "South St.Paul Municipal"
            (
                {"latitude__gte": "40.63975111", "state__ne": "NY"},
                lambda t: (t.latitude >= 40.63975111) & (t.state != "NY"),
            ),
        ],
    ),
    Real(
        "seattle-weather",
        {"date": "date", "precipitation": "number", "temp_max": "number"}
        | {"temp_min": "number", "wind": "number", "weather": "string"},
        label="date",
        value="precipitation",
        group="weather",
        queries=[
            (
                {"date__gte": "2014", "weather__in": "sun,fog", "sort": "-temp_max,date"},
                lambda t: (t.date >= "2014") & t.weather.isin(["sun", "fog"]),
            ),
            ({"date": "2012-01-01"}, lambda t: t.date == "2012/01/01"),
            (
                {"precipitation__gt": "0", "any": "weather=snow,wind__gte=6"},
                lambda t: (t.precipitation > 0) & ((t.weather == "snow") | (t.wind >= 6)),
            ),
            ({"weather": "hail"}, lambda t: t.weather == "hail"),
        ],
    ),
    Real(
        "penguins",
        {"species": "string", "island": "string", "bill_length_mm": "number"}
        | {"bill_depth_mm": "number", "flipper_length_mm": "integer", "body_mass_g": "integer"}
        | {"sex": "string", "year": "year"},
        label="species",
        value="body_mass_g",
        group="species",
        queries=[
            ({"bill_length_mm__isnull": "true"}, lambda t: t.bill_length_mm.isna()),
            # In a text column NA is text (README): the rows pandas reads as missing.
            ({"sex": "NA"}, lambda t: t.sex.isna()),
            ({"year": "2009", "sort": "body_mass_g"}, lambda t: t.year == 2009),
        ],
    ),
    Real(
        "fertility",
        {"Country Name": "string", "Country Code": "string"}
        | {"Indicator Name": "string", "Indicator Code": "string"}
        | dict.fromkeys(("1960", "1968", "1969", "1973", "2011"), "number")
        | {"2012": "string", "2013": "string"},  # empty in the source: no type to see
        label="Country Name",
        value="1960",
        group="Indicator Code",
        queries=[
            ({"1960__gt": "5", "sort": "-1968"}, lambda t: t["1960"] > 5),
            ({"1960__isnull": "true"}, lambda t: t["1960"].isna()),
            ({"Country Code__in": "USA,ABW"}, lambda t: t["Country Code"].isin(["USA", "ABW"])),
        ],
    ),
    Real(
        "gapminder",
        {"country": "string", "continent": "string", "year": "year", "lifeExp": "number"}
        | {"pop": "integer", "gdpPercap": "number", "iso_alpha": "string"}
        | {"iso_num": "integer", "centroid_lon": "number", "centroid_lat": "number"},
        label="country",
        value="lifeExp",
        group="continent",
        queries=[
            ({"country": "Korea, Rep."}, lambda t: t.country == "Korea, Rep."),
            ({"any": "year=1952,pop__gt=40000000"}, lambda t: (t.year == 1952) | (t["pop"] > 4e7)),
            ({"q": "korea", "sort": "-year"}, lambda t: t.country == "Korea, Rep."),
        ],
    ),
]


def source_text(table: Real) -> list[dict]:
    """The source's rows as pandas reads text, written as every way out writes them."""
    frame = pd.read_csv(REAL / f"{table.name}.csv", dtype=str, keep_default_na=False)
    rows = frame.to_dict("records")
    for row in rows:
        for name, kind in table.types.items():
            if kind in NUMBERS and row[name] == "NA":
                row[name] = ""
            if kind == "date":
                row[name] = row[name].replace("/", "-")
    return rows


def source_frame(table: Real) -> pd.DataFrame:
    return pd.read_csv(REAL / f"{table.name}.csv")


def body(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


@pytest.fixture(params=TABLES, ids=lambda table: table.name)
def real(request, staff_api):
    table = request.param
    with open(REAL / f"{table.name}.csv", "rb") as file:
        response = staff_api.post(
            reverse("api:dataset-list"),
            {"title": table.name, "source_name": "pypi", "licence": "CC-BY-4.0", "file": file},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    dataset_slug = response.json()["slug"]
    dataset = Dataset.objects.get(slug=dataset_slug)
    chart = make_chart(
        dataset=dataset, chart_type="line", label_column=table.label, value_columns=[table.value]
    )
    make_article(charts=[chart])
    return table, dataset_slug


def test_the_table_schema_types_are_what_the_source_holds(api, real):
    table, slug = real
    fields = api.get(reverse("api:dataset-detail", args=[slug])).json()["schema"]["fields"]
    assert {f["name"]: f["type"] for f in fields} == table.types


@pytest.mark.parametrize("kind", ["csv", "json", "ndjson"])
def test_text_downloads_give_back_every_value_as_written(api, real, kind):
    table, slug = real
    content = body(api.get(reverse(f"api:dataset-{kind}", args=[slug])))
    if kind == "csv":
        got = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False).to_dict("records")
    else:
        lines = [content] if kind == "json" else content.splitlines()
        rows = [json.loads(line, parse_float=str, parse_int=str) for line in lines]
        records = rows[0] if kind == "json" else rows
        got = [{k: "" if v is None else str(v) for k, v in row.items()} for row in records]
    assert got == source_text(table)


def test_parquet_holds_each_value_in_its_type(api, real):
    table, slug = real
    content = body(api.get(reverse("api:dataset-parquet", args=[slug])))
    arrow = pq.read_table(io.BytesIO(content))
    assert arrow.column_names == list(table.types)
    for row, want in zip(arrow.to_pylist(), source_text(table), strict=True):
        for name, kind in table.types.items():
            value, text = row[name], want[name]
            if text == "":
                assert value is None, (name, value)
            elif kind == "number":
                assert value == Decimal(text), (name, value, text)
            elif kind == "date":
                assert value == date.fromisoformat(text)
            else:
                assert str(value) == text, (name, value, text)
    assert pd.read_parquet(io.BytesIO(content)).shape == (arrow.num_rows, len(table.types))


def test_excel_holds_each_value_and_every_row_is_as_wide_as_the_header(api, real):
    table, slug = real
    content = body(api.get(reverse("api:dataset-xlsx", args=[slug])))
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    header, *rows = list(sheet.values)
    assert list(header) == list(table.types)
    assert len(rows) == len(source_text(table))
    for row, want in zip(rows, source_text(table), strict=True):
        assert len(row) == len(header)  # a streaming reader sees every missing cell
        for name, value in zip(header, row, strict=True):
            text, kind = want[name], table.types[name]
            if text == "":
                assert value is None
            elif kind in NUMBERS and isinstance(value, (int, float)):
                assert value == float(text), (name, value, text)
            elif kind == "date":
                assert value == datetime.fromisoformat(text)
            else:  # text, years, and numbers a double would round: the exact text
                assert str(value) == text, (name, value, text)
    assert pd.read_excel(io.BytesIO(content)).shape == (len(rows), len(header))


def test_rows_queries_answer_what_pandas_answers(api, real):
    table, slug = real
    frame = source_frame(table)
    expected_text = source_text(table)
    label = table.label
    for params, predicate in table.queries:
        wanted = frame[predicate(frame)]
        if "sort" in params:
            keys = params["sort"].split(",")
            wanted = wanted.sort_values(
                [k.lstrip("-") for k in keys], ascending=[not k.startswith("-") for k in keys]
            )
        response = api.get(reverse("api:dataset-rows", args=[slug]), params)
        assert response.status_code == 200, (params, response.content)
        answer = response.json()
        assert answer["count"] == len(wanted), params
        got = [str(row[label]) for row in answer["results"]]
        want = [expected_text[i][label] for i in wanted.index]
        if "sort" not in params:
            got, want = sorted(got), sorted(want)
        assert got == want, params


def test_groups_answer_what_exact_arithmetic_on_the_source_answers(api, real):
    table, slug = real
    value, group = table.value, table.group
    response = api.get(
        reverse("api:dataset-groups", args=[slug]),
        {"group_by": group, "aggregate": f"count,sum:{value},mean:{value},min:{value},max:{value}"},
    )
    assert response.status_code == 200, response.content
    answer = json.loads(response.content, parse_float=Decimal)
    rows = source_text(table)
    groups = sorted({row[group] for row in rows})
    assert [str(g[group]) for g in answer["results"]] == groups
    exact = connection.vendor == "postgresql"  # SQLite adds doubles (README: groups)
    for got in answer["results"]:
        cells = [row[value] for row in rows if row[group] == str(got[group])]
        numbers = [Decimal(cell) for cell in cells if cell != ""]
        assert got["count"] == len(cells)
        assert Decimal(str(got[f"min:{value}"])) == min(numbers)
        assert Decimal(str(got[f"max:{value}"])) == max(numbers)
        total, mean = Decimal(str(got[f"sum:{value}"])), Decimal(str(got[f"mean:{value}"]))
        if exact:
            assert total == sum(numbers)
        assert abs(total - sum(numbers)) <= abs(sum(numbers)) * Decimal("1e-12")
        assert abs(mean - sum(numbers) / len(numbers)) <= abs(mean) * Decimal("1e-12")


def test_filtered_csv_is_the_rows_the_rows_api_gives(api, real):
    table, slug = real
    params, _ = table.queries[0]
    rows = api.get(reverse("api:dataset-rows", args=[slug]), {**params, "page_size": 1000})
    results = json.loads(rows.content, parse_float=str)["results"]
    content = body(api.get(reverse("api:dataset-csv", args=[slug]), params)).decode()
    assert list(csv.DictReader(io.StringIO(content))) == [
        {k: "" if v is None else str(v) for k, v in row.items()} for row in results
    ]


def test_frictionless_validates_the_csv_and_excel_resources_of_the_datapackage(api, real, tmp_path):
    """The Data Package as a portal harvests it, its files saved beside it (frictionless
    reads no JSON, NDJSON or remote Parquet without extras)."""
    table, slug = real
    package = api.get(reverse("api:dataset-datapackage", args=[slug])).json()
    kept = []
    for resource in package["resources"]:
        if resource["format"] in ("csv", "xlsx"):
            kind = resource["format"]
            (tmp_path / f"data.{kind}").write_bytes(
                body(api.get(reverse(f"api:dataset-{kind}", args=[slug])))
            )
            kept.append({**resource, "path": f"data.{kind}"})
    (tmp_path / "datapackage.json").write_text(json.dumps({**package, "resources": kept}))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["title", "rowNumber", "fieldName", "type"])[:5]
    assert [task.stats["rows"] for task in report.tasks] == [len(source_text(table))] * 2
