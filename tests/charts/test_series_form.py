"""The builder's series and highlight fields (charts/forms_series.py), through the admin."""

import pytest
from django.urls import reverse

from charts.forms_series import MAX_LABELS_OFFERED, first_labels
from charts.models import Chart, ChartType
from tests.factories import COUNTRIES_CSV, chart_form, make_chart_of_type, make_dataset

pytestmark = pytest.mark.django_db


def titled_dataset():
    dataset = make_dataset(content=COUNTRIES_CSV)
    dataset.column_notes = {"exports": {"title": "Exports of goods", "unit": "USD bn"}}
    dataset.save()
    return dataset


def post(editor_client, dataset, rows=(), **fields):
    """The chart form as the browser sends it: one name and one kind per value column row."""
    data = chart_form(dataset, label_column="country", **fields)
    data["series_column"] = [column for column, _, _ in rows]
    data["series_name"] = [name for _, name, _ in rows]
    data["series_kind"] = [kind for _, _, kind in rows]
    return editor_client.post(reverse("admin:charts_chart_add"), data)


def test_each_value_column_offers_a_name_with_the_datasets_title_as_placeholder(editor_client):
    dataset = titled_dataset()
    url = reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}"
    html = editor_client.get(url).content.decode()
    assert 'name="series_name"' in html
    assert 'placeholder="Exports of goods"' in html  # the dataset's title
    assert 'placeholder="imports"' in html  # no title: the column's own name
    assert html.count('name="series_kind"') == 3  # exports, imports, growth


def test_a_series_name_typed_in_the_builder_is_stored_on_the_spec(editor_client):
    dataset = titled_dataset()
    rows = [("exports", "  Goods sold abroad ", "bar"), ("imports", "Ignored: not ticked", "bar")]
    response = post(editor_client, dataset, rows, value_columns=["exports"])
    assert response.status_code == 302, response.context["adminform"].form.errors
    series = Chart.objects.get().spec.series
    assert [(s.column, s.name) for s in series] == [("exports", "Goods sold abroad")]


def test_bars_or_line_is_chosen_beside_each_column(editor_client):
    dataset = titled_dataset()
    rows = [("exports", "", "bar"), ("imports", "", "line"), ("growth", "", "line")]
    fields = {"chart_type": ChartType.BAR_LINE, "value_columns": ["exports", "imports"]}
    response = post(editor_client, dataset, rows, **fields)
    assert response.status_code == 302, response.context["adminform"].form.errors
    kinds = [(s.column, s.kind) for s in Chart.objects.get().spec.series]
    assert kinds == [("exports", "bar"), ("imports", "line")]  # growth is not plotted


def test_a_bars_and_lines_chart_with_no_line_says_so_beside_the_columns(editor_client):
    dataset = titled_dataset()
    rows = [("exports", "", "bar"), ("imports", "", "bar")]
    fields = {"chart_type": ChartType.BAR_LINE, "value_columns": ["exports", "imports"]}
    form = post(editor_client, dataset, rows, **fields).context["adminform"].form
    assert "Choose which of the plotted columns are lines." in form.errors["value_columns"]


def test_a_stored_bars_and_lines_chart_shows_its_line_chosen(editor_client):
    chart = make_chart_of_type(ChartType.BAR_LINE)  # south is a line
    html = editor_client.get(reverse("admin:charts_chart_change", args=[chart.pk])).content
    page = html.decode()
    north, south = (page.split(f'name="series_column" value="{c}"')[1] for c in ("north", "south"))
    assert '<option value="bar" selected>' in north.split("</select>")[0]
    assert '<option value="line" selected>' in south.split("</select>")[0]


def test_several_labels_are_highlighted_from_the_listed_choices(editor_client):
    dataset = titled_dataset()
    url = reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}"
    form = editor_client.get(url).context["adminform"].form
    assert form.fields["highlight"].choices == []  # no label column chosen yet
    response = post(editor_client, dataset, value_columns=["exports"], highlight=["China", "japan"])
    assert response.status_code == 302, response.context["adminform"].form.errors
    chart = Chart.objects.get()
    assert chart.spec.highlight == ["China", "japan"]
    page = editor_client.get(reverse("admin:charts_chart_change", args=[chart.pk]))
    form = page.context["adminform"].form
    choices = [c[0] for c in form.fields["highlight"].choices]
    assert choices[:4] == ["United States of America", "China", "Germany", "Japan"]
    assert form["highlight"].value() == ["China", "Japan"]  # ticked whatever the case


def test_an_unknown_highlight_is_named_with_the_closest_label(editor_client):
    dataset = titled_dataset()
    response = post(editor_client, dataset, value_columns=["exports"], highlight=["Chna"])
    errors = response.context["adminform"].form.errors["highlight"]
    assert errors == ["“Chna” is not one of the labels in “country”. Did you mean “China”?"]


def test_the_labels_offered_are_bounded():
    labels = first_labels([*(f"L{n % 500}" for n in range(2000)), None, ""])
    assert len(labels) == MAX_LABELS_OFFERED
    assert labels[:2] == ["L0", "L1"]


def test_the_preview_lists_the_label_columns_labels_for_the_highlight(editor_client):
    dataset = titled_dataset()
    data = chart_form(dataset, label_column="country", value_columns=["exports"])
    answer = editor_client.post(reverse("admin:charts_chart_preview"), data).json()
    assert answer["labels"][:2] == ["United States of America", "China"]
    assert len(answer["labels"]) == 8
