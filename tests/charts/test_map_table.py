"""Maps and tables as chart types (issue 16): spec, checks, join report, page, API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pydantic import ValidationError as SpecError

from charts.config import plotted_table
from charts.describe import describe
from charts.maptable import drawing_config, join_report
from charts.models import ChartType
from charts.spec import read_spec
from tests.factories import build_chart, make_article, make_chart, make_dataset

# 40 countries as sources write them: names with variants, ISO alpha-2, alpha-3 and
# numeric codes (one with its zeros lost); four rows name nothing on the map.
MIXED = [
    "United States of America",
    "USA",
    "GB",
    "FRA",
    "276",
    "Côte d'Ivoire",
    "Czechia",
    "Türkiye",
    "Korea, Rep.",
    "Japan",
    "CN",
    "IND",
    "Brazil",
    "MEX",
    "Canada",
    "AU",
    "Argentina",
    "ZAF",
    "Egypt, Arab Rep.",
    "Nigeria",
    "KE",
    "ETH",
    "Russian Federation",
    "Ukraine",
    "PL",
    "ESP",
    "Italy",
    "Portugal",
    "Norway",
    "SE",
    "FIN",
    "Viet Nam",
    "Thailand",
    "Indonesia",
    "PHL",
    "Chile",
    "Peru",
    "Atlantis",
    "Untied Kingdom",
    "Frnace",
]
# "USA" and "United States of America" are the same shape: the second is a duplicate.
UNMATCHED = {2: "USA", 38: "Atlantis", 39: "Untied Kingdom", 40: "Frnace"}


def mixed_csv():
    lines = ["country,value"] + [f'"{name}",{n + 1}' for n, name in enumerate(MIXED)]
    return "\n".join(lines).encode()


def map_fields(**fields):
    return {
        "chart_type": ChartType.MAP,
        "alt_text": "A map of the values.",
        "map_region_column": "country",
        "map_value_column": "value",
        **fields,
    }


def test_a_map_spec_needs_its_map_settings():
    with pytest.raises(SpecError):
        read_spec({"chart_type": "map", "columns": {"label": "c"}})


def test_a_table_spec_bounds_its_page_size():
    document = {"chart_type": "table", "columns": {"label": "c"}, "table": {"columns": ["c"]}}
    assert read_spec(document).table.page_size == 25
    with pytest.raises(SpecError):
        read_spec({**document, "table": {"columns": ["c"], "page_size": 10_000}})


def test_old_documents_still_read_without_map_or_table():
    spec = read_spec({"chart_type": "bar", "columns": {"label": "c"}})
    assert spec.map is None
    assert spec.table is None


@pytest.mark.django_db
def test_the_builder_reports_exactly_the_rows_that_do_not_match():
    dataset = make_dataset(content=mixed_csv())
    chart = build_chart(
        dataset=dataset, title="Mixed", version=dataset.current_version, **map_fields()
    )
    report = join_report(chart.spec, plotted_table(chart))
    assert {m["row"]: m["key"] for m in report["misses"]} == UNMATCHED
    assert report["matched"] == len(MIXED) - len(UNMATCHED)
    suggested = {m["key"]: (m["suggestion"] or {}).get("name") for m in report["misses"]}
    assert suggested["Untied Kingdom"] == "United Kingdom"
    with pytest.raises(ValidationError) as caught:
        chart.full_clean()
    message = " ".join(caught.value.message_dict["label_column"])
    assert message.startswith("4 rows match no shape")
    assert "Row 39, “Untied Kingdom”" in message
    assert "Did you mean United Kingdom?" in message


@pytest.mark.django_db
def test_accepted_matches_join_the_rows_they_name():
    dataset = make_dataset(content=b"country,value\nUntied Kingdom,1\nFrance,2\n")
    matches = {"Untied Kingdom": "826"}
    fields = map_fields(map_matches=matches)
    chart = build_chart(dataset=dataset, title="M", version=dataset.current_version, **fields)
    chart.full_clean()
    settings = drawing_config(chart.spec, plotted_table(chart), title="M")
    assert settings["map"]["values"] == {"826": 1.0, "250": 2.0}
    assert settings["addresses"]["boundary"].endswith("countries-110m.json")


@pytest.mark.django_db
def test_a_map_is_described_by_its_highest_and_lowest_regions():
    csv = b"state,rate\nCA,5\nTX,4\nNY,9\nFL,1\nWA,2\n"
    fields = map_fields(
        map_boundary="us-states", map_region_column="state", map_value_column="rate"
    )
    chart = make_chart(dataset=make_dataset(content=csv), **fields)
    text = describe(chart.spec, plotted_table(chart))
    assert "5 states with data" in text
    assert "Highest: New York 9; California 5; Texas 4." in text
    assert "Lowest: Florida 1; Washington 2; Texas 4." in text


@pytest.mark.django_db
def test_table_columns_must_exist():
    chart = build_chart(
        dataset=make_dataset(),
        chart_type=ChartType.TABLE,
        alt_text="A table.",
        table_columns=["country", "nope"],
    )
    with pytest.raises(ValidationError) as caught:
        chart.full_clean()
    assert "“nope” is not a column" in caught.value.message_dict["table_columns"][0]


@pytest.mark.django_db
def test_article_page_draws_a_map_and_renders_a_table(client):
    dataset = make_dataset(content=b"country,value\nFrance,2\nGermany,3\n")
    a_map = make_chart(dataset=dataset, **map_fields())
    table = make_chart(
        dataset=dataset,
        chart_type=ChartType.TABLE,
        alt_text="A table.",
        table_columns=["country", "value"],
        table_styles={"value": "bar"},
    )
    article = make_article(charts=[a_map, table])
    page = client.get(article.get_absolute_url()).content.decode()
    assert '"boundary": "world"' in page
    assert "countries-110m" in page
    assert "data-table" in page
    assert 'data-style="bar"' in page
    assert '<th scope="row">Germany</th>' in page
    assert "data-module-map=" in page


@pytest.mark.django_db
def test_the_api_returns_a_maps_spec(client):
    dataset = make_dataset(content=b"country,value\nFrance,2\n")
    chart = make_chart(dataset=dataset, **map_fields())
    make_article(charts=[chart])
    body = client.get(reverse("api:chart-detail", args=[chart.pk])).json()
    assert body["spec"]["map"]["boundary"] == "world"
    assert body["chartjs"]["map"]["values"] == {"250": 2.0}


def share_texts(chart):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from charts.share import draw_chart

    figure = Figure()
    FigureCanvasAgg(figure)
    draw_chart(figure, chart, top=0.7)
    figure.canvas.draw()
    axes = figure.axes[0]
    if axes.tables:
        return [cell.get_text().get_text() for cell in axes.tables[0].get_celld().values()]
    return [label.get_text() for label in axes.get_yticklabels()]


@pytest.mark.django_db
def test_a_maps_share_image_ranks_its_top_regions():
    csv = b"state,rate\nCA,5\nTX,4\nNY,9\nFL,1\n"
    fields = map_fields(
        map_boundary="us-states", map_region_column="state", map_value_column="rate"
    )
    texts = share_texts(make_chart(dataset=make_dataset(content=csv), **fields))
    assert texts == ["New York", "California", "Texas", "Florida"]


@pytest.mark.django_db
def test_a_tables_share_image_shows_its_first_rows():
    chart = make_chart(
        dataset=make_dataset(),
        chart_type=ChartType.TABLE,
        alt_text="A table.",
        table_columns=["country", "papers"],
    )
    texts = share_texts(chart)
    assert "United States" in texts
    assert "9,660" in texts


@pytest.mark.django_db
def test_the_builder_preview_lists_every_unmatched_row_and_its_suggestion(editor_client):
    dataset = make_dataset(content=mixed_csv())
    form = {
        "dataset": dataset.pk,
        "title": "Mixed",
        "chart_type": "map",
        "label_column": "country",
        "value_columns": ["value"],
        "map_boundary": "world",
        "sort": "data",
        "number_format": "grouped",
        "locale": "en-GB",
        "alt_text": "A map.",
    }
    response = editor_client.post(reverse("admin:charts_chart_preview"), form)
    [error] = response.json()["errors"]
    assert error.startswith("Label column: 4 rows match no shape")
    for row, key in UNMATCHED.items():
        assert f"Row {row}, “{key}”" in error
    assert error.count("Row ") == len(UNMATCHED)

    form["title"] = "Table"
    form |= {"chart_type": "table", "table_columns": ["value"], "table_bar_columns": ["value"]}
    response = editor_client.post(reverse("admin:charts_chart_preview"), form)
    assert 'data-style="bar"' in response.json()["html"]
