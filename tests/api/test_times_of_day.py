"""A column of dates with times of day (seattle-temps.csv's shape: NOAA, one row per hour)
is text, kept as written: the rows API, every download and a chart give the times back,
so the rows stay apart. Run on SQLite and on PostgreSQL (DATABASE_URL), where rows go in
through COPY."""

import csv
import io
import json

import pytest
from django.urls import reverse

from charts.config import chart_config, plotted_table
from charts.models import ChartType
from tests.factories import make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

TIMES = [
    "2010/01/01 00:00",
    "2010/01/01 01:00",
    "2010/01/01 02:00",
    "2010-01-01T03:00:00Z",
    "2010-01-01T04:00:00.5+05:30",
    "2010-01-02 00:00",
]
TEMPS = ["39.4", "39.2", "39.0", "38.9", "38.8", "40.1"]
CONTENT = (
    "date,temp\n" + "".join(f"{t},{v}\n" for t, v in zip(TIMES, TEMPS, strict=True))
).encode()


@pytest.fixture
def hourly():
    return make_dataset(content=CONTENT, slug="seattle-temps")


def streamed(response):
    assert response.status_code == 200, response
    return b"".join(response.streaming_content).decode()


def test_the_column_is_text_and_says_so_in_the_schema(hourly):
    assert [c["type"] for c in hourly.current_version.columns] == ["string", "number"]


def test_rows_and_downloads_give_each_time_back_as_written(hourly, staff_api):
    rows = staff_api.get(reverse("api:dataset-rows", args=["seattle-temps"]))
    assert rows.status_code == 200, rows.content
    assert [r["date"] for r in rows.json()["results"]] == TIMES

    served = list(
        csv.reader(
            io.StringIO(streamed(staff_api.get(reverse("api:dataset-csv", args=["seattle-temps"]))))
        )
    )
    assert served == [["date", "temp"], *map(list, zip(TIMES, TEMPS, strict=True))]

    records = json.loads(
        streamed(staff_api.get(reverse("api:dataset-json", args=["seattle-temps"])))
    )
    assert [r["date"] for r in records] == TIMES


def test_filters_and_sort_read_the_times_as_text(hourly, staff_api):
    url = reverse("api:dataset-rows", args=["seattle-temps"])
    one = staff_api.get(url, {"date": "2010/01/01 01:00"})
    assert one.status_code == 200, one.content
    assert [r["temp"] for r in one.json()["results"]] == [39.2]
    day = staff_api.get(url, {"date__prefix": "2010/01/01 0"})
    assert [r["date"] for r in day.json()["results"]] == TIMES[:3]
    ordered = staff_api.get(url, {"sort": "-date"})
    assert ordered.status_code == 200, ordered.content
    assert [r["date"] for r in ordered.json()["results"]] == sorted(TIMES, reverse=True)


@pytest.mark.parametrize("name", ["dataset-xlsx", "dataset-parquet", "dataset-datapackage"])
def test_every_other_download_serves(hourly, staff_api, name):
    response = staff_api.get(reverse(f"api:{name}", args=["seattle-temps"]))
    assert response.status_code == 200


def test_a_line_along_the_times_labels_each_point_as_written(hourly):
    chart = make_chart(
        dataset=hourly, chart_type=ChartType.LINE, label_column="date", value_columns=["temp"]
    )
    config = chart_config(chart.spec, plotted_table(chart))
    assert config["options"]["scales"]["x"]["type"] == "category"
    assert config["data"]["labels"] == TIMES


def test_the_chart_and_its_article_serve_to_readers(hourly, client):
    chart = make_chart(
        dataset=hourly, chart_type=ChartType.LINE, label_column="date", value_columns=["temp"]
    )
    article = make_article(charts=[chart])
    for url in (chart.get_absolute_url(), article.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "2010-01-01T03:00:00Z" in client.get(chart.get_absolute_url()).content.decode()
