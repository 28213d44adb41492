"""A chart's transforms, end to end: validation, plotted table, CSV, API, share image, format."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from charts.config import chart_config
from charts.plotted import plotted_table
from charts.validation import chart_errors
from tests.factories import build_chart, drawn, make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

PRICES = (
    b"symbol,date,price\nMSFT,2000-01-01,39.81\nAMZN,2000-01-01,64.56\n"
    b"MSFT,2000-02-01,36.35\nAMZN,2000-02-01,68.87\n"
)
PIVOT = {"op": "pivot", "category": "symbol", "label": "date", "value": "price"}


def prices_chart(**fields):
    dataset = make_dataset(content=PRICES, slug="prices")
    fields = {
        "chart_type": "line",
        "label_column": "date",
        "value_columns": ["AMZN", "MSFT"],
        "transforms": [PIVOT],
        **fields,
    }
    return make_chart(dataset=dataset, **fields)


def test_series_made_by_a_pivot_are_valid_and_plotted():
    chart = prices_chart()
    table = plotted_table(chart)
    assert table.header == ["date", "AMZN", "MSFT"]
    assert table.rows[0][1:] == [64.56, 39.81]
    assert isinstance(table.rows[0][1], float)
    exact = plotted_table(chart, exact=True)
    assert str(exact.rows[1][2]) == "36.35"
    config = chart_config(chart.spec, table)
    assert [d["label"] for d in config["data"]["datasets"]] == ["AMZN", "MSFT"]


def test_a_series_the_steps_do_not_make_is_refused():
    dataset = make_dataset(content=PRICES)
    chart = build_chart(
        dataset=dataset,
        chart_type="line",
        label_column="date",
        value_columns=["price"],
        alt_text="x",
        transforms=[PIVOT],
    )
    with pytest.raises(ValidationError) as caught:
        chart.full_clean()
    assert "after its steps" in str(caught.value.message_dict["value_columns"])


def test_a_step_that_cannot_run_is_named_under_transforms():
    dataset = make_dataset(content=PRICES)
    chart = build_chart(
        dataset=dataset,
        chart_type="line",
        label_column="date",
        value_columns=["price"],
        alt_text="x",
        transforms=[{"op": "sort", "column": "nope"}],
    )
    chart.version = dataset.current_version
    errors = chart_errors(chart.spec, chart.version)
    assert list(errors) == ["transforms"]
    assert errors["transforms"][0].startswith("Step 1 ")


def test_the_csv_and_the_api_use_the_plotted_table_and_the_api_states_the_steps(client):
    chart = prices_chart()
    make_article(charts=[chart])
    csv = b"".join(client.get(reverse("charts:data", args=[chart.pk])).streaming_content).decode()
    assert csv.splitlines()[0].split(",")[:3] == ["date", "AMZN", "MSFT"]
    assert "36.35" in csv
    body = client.get(reverse("api:chart-detail", args=[chart.pk])).json()
    assert body["data"]["columns"] == ["date", "AMZN", "MSFT"]
    assert body["spec"]["transforms"] == [{**PIVOT, "aggregate": "sum"}]
    assert body["steps"] == ["Made one series per symbol, from price (total where a label repeats)"]


def test_a_rescale_step_carries_its_unit_to_readers():
    dataset = make_dataset(content=b"sector,jobs\nMining,5696\nRetail,15000\n")
    chart = make_chart(
        dataset=dataset,
        unit="jobs",
        transforms=[{"op": "rescale", "divide_by": 1000}],
    )
    assert chart.spec.shown_format.unit == "thousand jobs"
    config = chart_config(chart.spec, plotted_table(chart))
    assert config["format"]["unit"] == "thousand jobs"
    assert config["data"]["datasets"][0]["data"] == [5.696, 15.0]
    named = make_chart(
        dataset=dataset,
        unit="jobs",
        transforms=[{"op": "rescale", "divide_by": 1000, "unit": "k jobs"}],
    )
    assert named.spec.shown_format.unit == "k jobs"
    axes = drawn(named)
    assert "k jobs" in (axes.get_xlabel(), axes.get_ylabel())
