"""Dot, range and arrow plots (issue 16): spec, checks, config, order, description, data
table, share image, builder and API, on Minnesota's barley yields of 1931 and 1932."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pydantic import ValidationError as SpecError

from charts.config import chart_config, ordered_rows, plotted_table
from charts.describe import describe
from charts.dots import MAX_DOT_ROWS, gap_of, gap_words, with_gaps
from charts.models import ChartType
from charts.spec import read_spec
from charts.spec_fields import fields_from_spec, spec_from_fields
from tests.factories import (
    BARLEY_PIVOT,
    barley_csv,
    build_chart,
    chart_form,
    drawn,
    make_article,
    make_chart,
    make_dataset,
)

pytestmark = pytest.mark.django_db

# Barley yields pivoted by year, the mean per site: Morris is the one site whose
# yields rose (Cleveland's famous anomaly).


@pytest.fixture
def barley():
    return make_dataset(content=barley_csv(), title="Barley yields in Minnesota")


def barley_chart(dataset, **fields):
    fields = {
        "chart_type": ChartType.DOT,
        "label_column": "site",
        "value_columns": ["1931", "1932"],
        "transforms": [BARLEY_PIVOT],
        "unit": "bushels/acre",
        "alt_text": "Barley yields fell at five of six sites from 1931 to 1932.",
        **fields,
    }
    return make_chart(dataset=dataset, **fields)


def test_a_dot_plot_is_one_type_with_a_style_and_a_sort(barley):
    chart = barley_chart(barley, dot_style="arrow", dot_sort_by="last", sort="value_asc")
    chart.refresh_from_db()
    document = chart.spec.dump()
    assert document["chart_type"] == "dot"
    assert document["dots"] == {"style": "arrow", "sort_by": "last", "gap_labels": True}
    assert document["axes"]["orientation"] == "horizontal"
    assert [s["kind"] for s in document["series"]] == ["point", "point"]
    assert fields_from_spec(chart.spec)["dot_style"] == "arrow"


def test_a_dot_spec_without_its_part_reads_as_a_range_plot_and_bad_styles_are_refused():
    base = {"chart_type": "dot", "columns": {"label": "site"}}
    spec = read_spec({**base, "series": [{"column": "a", "kind": "point"}]})
    assert spec.dots is None
    assert chart_config_style(spec) == "range"
    with pytest.raises(SpecError):
        read_spec({**base, "dots": {"style": "lollipop"}})
    with pytest.raises(SpecError):
        read_spec({**base, "dots": {"sort_by": "label; drop table"}})
    with pytest.raises(ValidationError) as refused:
        spec_from_fields(chart_type=ChartType.DOT, label_column="site", dot_style="spiral")
    assert "dot_style" in refused.value.message_dict


def chart_config_style(spec):
    from charts.dots import dots_drawing

    return dots_drawing(spec)["style"]


def test_a_dot_plot_needs_two_columns(barley):
    chart = build_chart(
        dataset=barley,
        chart_type=ChartType.DOT,
        label_column="site",
        value_columns=["1931"],
        transforms=[BARLEY_PIVOT],
        alt_text="Yields.",
    )
    with pytest.raises(ValidationError) as refused:
        chart.full_clean()
    assert "at least two columns" in str(refused.value.message_dict["value_columns"])


def test_a_dot_plot_of_too_many_rows_is_refused():
    many = b"name,a,b\n" + b"".join(b"n%d,%d,%d\n" % (i, i, i + 1) for i in range(MAX_DOT_ROWS + 1))
    chart = build_chart(
        dataset=make_dataset(content=many),
        chart_type=ChartType.DOT,
        label_column="name",
        value_columns=["a", "b"],
        alt_text="Many.",
    )
    with pytest.raises(ValidationError) as refused:
        chart.full_clean()
    assert "too many for a dot plot" in str(refused.value.message_dict["chart_type"])


def test_the_config_draws_points_along_x_labels_down_y_and_no_zero_baseline(barley):
    chart = barley_chart(barley)
    config = chart_config(chart.spec, plotted_table(chart))
    assert config["type"] == "line"
    assert config["options"]["indexAxis"] == "y"
    assert config["options"]["scales"]["y"]["type"] == "category"
    assert config["options"]["scales"]["y"]["offset"] is True  # rows in bands, as bars
    assert "beginAtZero" not in config["options"]["scales"]["x"]  # yields, not lengths
    assert config["options"]["interaction"] == {"mode": "index", "intersect": False, "axis": "y"}
    datasets = config["data"]["datasets"]
    assert [d["label"] for d in datasets] == ["1931", "1932"]
    assert all(d["showLine"] is False for d in datasets)
    assert config["dots"] == {"style": "range", "gapLabels": True}
    assert len(config["data"]["labels"]) == 6


def gaps(chart):
    table = plotted_table(chart)
    rows = ordered_rows(chart.spec, table)
    return [(row[0], gap_of(row[1:])) for row in rows]


def test_rows_sort_by_the_gap_either_way_and_by_either_value(barley):
    by_gap = gaps(barley_chart(barley, sort="value_desc"))
    assert by_gap[0][0] == "Morris"  # the one rise
    assert [g for _, g in by_gap] == sorted((g for _, g in by_gap), reverse=True)
    assert gaps(barley_chart(barley, sort="value_asc"))[0][0] == "Crookston"
    first = barley_chart(barley, sort="value_desc", dot_sort_by="first")
    assert ordered_rows(first.spec, plotted_table(first))[0][0] == "Waseca"  # 54.3 in 1931
    last = barley_chart(barley, sort="value_asc", dot_sort_by="last")
    assert ordered_rows(last.spec, plotted_table(last))[0][0] == "Grand Rapids"  # 20.8 in 1932
    assert [s for s, _ in gaps(barley_chart(barley, sort="label"))][:2] == ["Crookston", "Duluth"]


def test_rows_missing_a_value_sort_last_whichever_way():
    dataset = make_dataset(content=b"name,a,b\nx,1,5\ny,2,\nz,3,4\n")
    for sort in ("value_desc", "value_asc"):
        chart = make_chart(
            dataset=dataset,
            chart_type=ChartType.DOT,
            label_column="name",
            value_columns=["a", "b"],
            sort=sort,
        )
        assert [row[0] for row in ordered_rows(chart.spec, plotted_table(chart))][-1] == "y"


def test_the_description_names_the_largest_gap_and_how_many_rose(barley):
    text = describe(barley_chart(barley).spec, plotted_table(barley_chart(barley)))
    assert text.startswith("Range plot of 1931 and 1932 by site, 6 rows; the gap is 1932 minus")
    assert "The largest gap is Crookston: from 43.66 bushels/acre to 31.18 bushels/acre" in text
    assert "(\N{MINUS SIGN}12.48 bushels/acre)" in text
    assert "Morris: from 29.29 bushels/acre to 41.51 bushels/acre (+12.23 bushels/acre)" in text
    assert "1932 is higher than 1931 in 1 row and lower in 5." in text


def test_an_arrow_plots_description_says_so():
    dataset = make_dataset(content=b"name,before,after\nx,1,1\n")
    chart = make_chart(
        dataset=dataset,
        chart_type=ChartType.DOT,
        label_column="name",
        value_columns=["before", "after"],
        dot_style="arrow",
    )
    text = describe(chart.spec, plotted_table(chart))
    assert text.startswith("Arrow plot of before and after by name, 1 row;")
    assert "x: from 1 to 1 (no change)" in text


def test_gaps_are_written_with_their_sign():
    assert gap_words(6.6, str) == "+6.6"
    assert gap_words(-2, str) == "\N{MINUS SIGN}2"
    assert gap_of([29.3, 35.9]) == 6.6
    assert gap_of([None, 1]) is None


def test_the_data_table_adds_each_rows_gap(barley):
    chart = barley_chart(barley)
    header, rows = with_gaps(chart.spec, ["site", "1931", "1932"], [["Morris", 29.3, 35.9]])
    assert header[-1] == "Gap (1932 \N{MINUS SIGN} 1931)"
    assert rows == [["Morris", 29.3, 35.9, 6.6]]
    article = make_article(charts=[chart])
    page = article_page(article)
    assert "Gap (1932 \N{MINUS SIGN} 1931)" in page
    assert "The largest gap is Crookston" in page


def article_page(article):
    from django.test import Client

    return Client().get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("style", ["dots", "range", "arrow"])
def test_the_share_image_draws_each_row_with_its_gap(barley, style):
    chart = barley_chart(barley, dot_style=style, sort="value_desc")
    axes = drawn(chart)
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels[0] == "Morris"
    texts = [t.get_text() for t in axes.texts]
    assert "+12.23" in texts  # a figure: the axis says the unit
    assert len(axes.collections) == 2  # a scatter per year
    arrows = [t for t in axes.texts if t.get_text() == ""]
    assert len(arrows) == (6 if style == "arrow" else 0)


def test_the_builder_offers_the_style(editor_client):
    page = editor_client.get(reverse("admin:charts_chart_add")).content.decode()
    assert '<option value="dot">Dot, range or arrow plot' in page
    assert 'name="dot_style"' in page
    assert 'name="dot_sort_by"' in page


def test_the_builders_preview_draws_an_arrow_plot_of_the_pivoted_table(editor_client, barley):
    form = chart_form(
        barley,
        chart_type="dot",
        label_column="site",
        value_columns=["1931", "1932"],
        transforms=json.dumps([BARLEY_PIVOT]),
        dot_style="arrow",
        dot_sort_by="gap",
        dot_gap_labels="on",
        sort="value_desc",
    )
    html = editor_client.post(reverse("admin:charts_chart_preview"), form).json()["html"]
    config = json.loads(re.search(r'id="chart-config-preview"[^>]*>(.*?)</script>', html)[1])
    assert config["dots"] == {"style": "arrow", "gapLabels": True}
    assert config["data"]["labels"][0] == "Morris"
    assert "Arrow plot of 1931 and 1932 by site" in html


def test_the_api_returns_the_dot_spec(client, barley):
    chart = barley_chart(barley, dot_style="arrow")
    make_article(charts=[chart])
    body = client.get(reverse("api:chart-detail", args=[chart.pk])).json()
    assert body["spec"]["chart_type"] == "dot"
    assert body["spec"]["dots"]["style"] == "arrow"
