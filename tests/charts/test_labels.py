"""The names readers see (charts/labels.py): a series' own name, else the dataset's title
for the column, else the column's name, on every surface that names a column."""

import pytest
from django.urls import reverse

from charts.choices import ChartType
from charts.config import chart_config, plotted_table
from charts.describe import describe
from charts.labels import shown_header, shown_name
from tests.factories import COUNTRIES_CSV, make_article, make_chart, make_dataset, rows_of

pytestmark = pytest.mark.django_db

NOTES = {
    "exports": {"title": "Exports of goods", "unit": "USD bn"},
    "imports": {"title": "Imports of goods", "unit": ""},
    "country": {"title": "  "},  # blank: the column's own name
}


def titled_chart(**fields):
    dataset = make_dataset(content=COUNTRIES_CSV)
    dataset.column_notes = NOTES
    dataset.save()
    fields.setdefault("label_column", "country")
    fields.setdefault("value_columns", ["exports", "imports"])
    fields.setdefault("chart_type", ChartType.GROUPED_BAR)
    return make_chart(dataset=dataset, **fields)


def test_a_series_is_named_by_its_override_then_the_datasets_title_then_its_column():
    chart = titled_chart(series_names={"imports": "Bought abroad"})
    table = plotted_table(chart)
    names = [shown_name(chart.spec, c, table.titles) for c in table.header]
    assert names == ["country", "Exports of goods", "Bought abroad"]


def test_the_legend_and_tooltips_use_the_shown_names():
    chart = titled_chart(series_names={"imports": "Bought abroad"})
    config = chart_config(chart.spec, plotted_table(chart))
    assert [d["label"] for d in config["data"]["datasets"]] == [
        "Exports of goods",
        "Bought abroad",
    ]


def test_a_scatters_axes_and_tooltip_name_the_columns_by_their_titles():
    chart = titled_chart(
        chart_type=ChartType.SCATTER, x_column="imports", value_columns=["exports"]
    )
    config = chart_config(chart.spec, plotted_table(chart))
    assert config["format"]["x"] == "Imports of goods"
    assert config["options"]["scales"]["x"]["title"]["text"] == "Imports of goods"
    assert config["options"]["scales"]["y"]["title"]["text"] == "Exports of goods"


def test_the_description_uses_the_shown_names():
    chart = titled_chart(series_names={"imports": "Bought abroad"})
    text = describe(chart.spec, plotted_table(chart))
    assert text.startswith("Grouped bar chart of Exports of goods and Bought abroad by country")
    assert "Exports of goods: highest 3,594 (China)" in text


def test_the_data_table_and_the_chart_csv_head_columns_with_names_and_units(client):
    chart = titled_chart()
    make_article(charts=[chart])
    assert shown_header(chart.spec, plotted_table(chart)) == [
        "country",
        "Exports of goods (USD bn)",
        "Imports of goods",
    ]
    rows = rows_of(client.get(reverse("charts:data", args=[chart.pk])))
    assert rows[0] == ["country", "Exports of goods (USD bn)", "Imports of goods"]
    html = client.get(reverse("charts:embed", args=[chart.pk])).content.decode()
    assert '<th scope="col">Exports of goods (USD bn)</th>' in html


def test_after_a_step_the_titles_stay_but_the_units_go():
    # A step's numbers (here a share of the total) are no longer in the column's unit.
    step = {"op": "share", "columns": ["exports"]}
    chart = titled_chart(value_columns=["exports"], chart_type=ChartType.BAR, transforms=[step])
    assert shown_header(chart.spec, plotted_table(chart)) == ["country", "Exports of goods"]


def test_an_editors_title_is_escaped_in_the_page(client):
    chart = titled_chart(series_names={"exports": "<img src=x onerror=alert(1)>"})
    make_article(charts=[chart])
    html = client.get(reverse("charts:embed", args=[chart.pk])).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_api_names_each_plotted_column_as_readers_see_it(client):
    chart = titled_chart(series_names={"imports": "Bought abroad"})
    make_article(charts=[chart])
    body = client.get(reverse("api:chart-detail", args=[chart.pk])).json()
    assert body["data"]["columns"] == ["country", "exports", "imports"]  # to find in the dataset
    assert body["data"]["names"] == ["country", "Exports of goods (USD bn)", "Bought abroad"]
    assert [s["name"] for s in body["spec"]["series"]] == ["", "Bought abroad"]
    labels = [d["label"] for d in body["chartjs"]["data"]["datasets"]]
    assert labels == ["Exports of goods", "Bought abroad"]
