"""The chart admin: its form (columns from the chosen dataset), live preview and annotations."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from charts.models import Chart, ChartType
from tests.factories import (
    MONTHLY_CSV,
    chart_form,
    make_chart,
    make_chart_of_type,
    make_dataset,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_chart_form_offers_the_datasets_own_columns(editor_client):
    dataset = make_dataset()
    response = editor_client.get(reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}")
    html = response.content.decode()
    assert "papers (integer)" in html
    form = response.context["adminform"].form
    assert [c[0] for c in form.fields["value_columns"].choices] == ["papers", "share"]
    assert [c[0] for c in form.fields["label_column"].choices][1:] == ["country", "papers", "share"]


def test_chart_is_created_from_the_datasets_columns(editor_client, editor):
    dataset = make_dataset()
    response = editor_client.post(reverse("admin:charts_chart_add"), chart_form(dataset))
    assert response.status_code == 302
    chart = Chart.objects.get()
    assert chart.spec.value_columns == ["papers"]
    assert chart.created_by == editor


def test_chart_column_from_another_dataset_is_rejected_with_a_message(editor_client):
    dataset = make_dataset()
    make_dataset(content=b"region,total\nNorth,1\n")
    response = editor_client.post(
        reverse("admin:charts_chart_add"),
        chart_form(dataset, label_column="region", value_columns=["total"]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice. region is not one of the available choices." in html
    assert not Chart.objects.exists()


def test_chart_model_validation_message_reaches_the_form(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_add"),
        chart_form(dataset, chart_type="doughnut", value_columns=["papers", "share"]),
    )
    assert "A doughnut chart plots exactly one column." in response.content.decode()
    assert not Chart.objects.exists()


def test_chart_change_page_shows_a_live_preview(editor_client):
    chart = make_chart()
    response = editor_client.get(reverse("admin:charts_chart_change", args=[chart.pk]))
    html = response.content.decode()
    assert f'data-chart="chart-config-{chart.pk}"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "js/chart-preview.js" in html
    assert reverse("admin:charts_chart_preview", args=[chart.pk]) in html
    assert "Colour check:</strong> the colours can be told apart" in html


def test_preview_draws_unsaved_form_data_with_the_readers_template(editor_client):
    dataset = make_dataset()
    url = reverse("admin:charts_chart_preview")
    response = editor_client.post(
        url, chart_form(dataset, title="Not saved yet", chart_type="horizontal_bar")
    )
    assert response.status_code == 200
    html = response.json()["html"]
    assert '<figure class="chart" id="chart-preview"' in html
    assert "Not saved yet" in html
    assert '"indexAxis": "y"' in html  # the config, as json_script writes it
    assert not Chart.objects.exists()


def test_preview_of_a_saved_chart_uses_the_changed_fields_without_saving(editor_client):
    chart = make_chart(title="Before")
    url = reverse("admin:charts_chart_preview", args=[chart.pk])
    response = editor_client.post(url, chart_form(chart.dataset, title="After"))
    assert "After" in response.json()["html"]
    chart.refresh_from_db()
    assert chart.title == "Before"


def test_preview_lists_the_forms_errors(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_preview"),
        chart_form(dataset, chart_type="pie", value_columns=["papers", "share"], alt_text=""),
    )
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert "Value columns: A pie chart plots exactly one column." in errors
    assert not [e for e in errors if e.startswith("Alt text")]  # needed to save, not to see


def test_preview_warns_about_colours(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_preview"),
        chart_form(dataset, value_columns=["papers", "share"], colours="#D62728, #2CA02C"),
    )
    html = response.json()["html"]
    assert "hard to tell apart for readers with deuteranopia" in html


def test_preview_needs_permission_and_post(client, editor_client):
    chart = make_chart()
    url = reverse("admin:charts_chart_preview", args=[chart.pk])
    assert editor_client.get(url).status_code == 405
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_chart"))
    client.force_login(viewer)
    assert client.post(url, chart_form(chart.dataset)).status_code == 403
    assert client.post(reverse("admin:charts_chart_preview")).status_code == 403
    client.logout()
    assert client.post(url, chart_form(chart.dataset)).status_code == 302  # to the login


def test_saving_with_hard_colours_saves_and_warns(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_add"),
        chart_form(dataset, colours="#F0E442"),
        follow=True,
    )
    assert Chart.objects.get().spec.colours == ["#F0E442"]
    assert "Colours: “papers” (#F0E442) has a contrast of 1.28:1" in response.content.decode()


def test_reference_line_and_band_fields_become_the_specs_annotations(editor_client):
    dataset = make_dataset()
    fields = chart_form(
        dataset,
        line_axis="value",
        line_at="5,000",
        line_label="Goal",
        band_axis="category",
        band_from="United States",
        band_to="United Kingdom",
        band_label="Anglosphere",
    )
    response = editor_client.post(reverse("admin:charts_chart_add"), fields)
    assert response.status_code == 302
    chart = Chart.objects.get()
    assert chart.spec.dump()["annotations"] == [
        {"kind": "line", "axis": "value", "value": 5000, "label": "Goal"},
        {
            "kind": "band",
            "axis": "category",
            "from": "United States",
            "to": "United Kingdom",
            "label": "Anglosphere",
        },
    ]
    page = editor_client.get(reverse("admin:charts_chart_change", args=[chart.pk]))
    form = page.context["adminform"].form
    assert (form["line_at"].value(), form["band_to"].value()) == ("5000", "United Kingdom")


def test_an_annotation_error_shows_beside_its_fields(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_add"),
        chart_form(dataset, line_axis="category", line_at="Mars", line_label="Nowhere"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["line_at"] == ["Reference line: “Mars” is not one of the labels."]
    assert not Chart.objects.exists()


def test_text_annotation_and_label_fields_become_the_spec(editor_client):
    dataset = make_dataset(content=MONTHLY_CSV)
    fields = chart_form(
        dataset,
        chart_type="line",
        label_column="month",
        value_columns=["north", "south"],
        note_at="2023-03-01",
        note_text="Launch <b>day</b>",
        direct_labels="on",
    )
    response = editor_client.post(reverse("admin:charts_chart_add"), fields)
    assert response.status_code == 302
    chart = Chart.objects.get()
    assert chart.spec.dump()["annotations"] == [
        {
            "kind": "text",
            "at": "2023-03-01",
            "until": None,
            "value": None,
            "text": "Launch <b>day</b>",
        },
    ]
    assert chart.spec.labels.line_ends is True
    page = editor_client.get(reverse("admin:charts_chart_change", args=[chart.pk]))
    form = page.context["adminform"].form
    assert (form["note_at"].value(), form["note_text"].value()) == (
        "2023-03-01",
        "Launch <b>day</b>",
    )
    assert form["direct_labels"].value() is True
    html = page.content.decode()
    assert "as YYYY-MM-DD (e.g. 2024-01-20)" in html  # the date format, hinted
    assert "Launch <b>day</b>" not in html  # escaped wherever it shows


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"note_text": "Launch"}, "note_at", "give the date or label it is about."),
        ({"note_at": "2023-03-01"}, "note_text", "write its words."),
        ({"note_at": "March", "note_text": "Launch"}, "note_at", "give a date as YYYY-MM-DD."),
    ],
)
def test_a_text_annotation_error_shows_beside_its_fields(editor_client, fields, field, message):
    dataset = make_dataset(content=MONTHLY_CSV)
    form_data = chart_form(
        dataset, chart_type="line", label_column="month", value_columns=["north"], **fields
    )
    response = editor_client.post(reverse("admin:charts_chart_add"), form_data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [f"Text annotation: {message}"]
    assert not Chart.objects.exists()


def test_form_offers_x_and_value_columns_from_the_dataset(editor_client):
    dataset = make_dataset(content=b"day,a,b,name\n2024-01-01,1,2,x\n")
    response = editor_client.get(reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}")
    form = response.context["adminform"].form
    assert [c[0] for c in form.fields["x_column"].choices] == ["", "day", "a", "b"]
    assert [c[0] for c in form.fields["value_columns"].choices] == ["a", "b"]
    assert "line_columns" not in form.fields  # bars or line is chosen beside each column


def test_chart_list_shows_and_filters_by_the_specs_chart_type(editor_client):
    make_chart_of_type(ChartType.LINE, title="Monthly lines")
    make_chart_of_type(ChartType.PIE, title="A round one")
    url = reverse("admin:charts_chart_changelist")
    html = editor_client.get(url).content.decode()
    assert "Monthly lines" in html
    assert ChartType.PIE.label in html  # the type column, read from the spec
    filtered = editor_client.get(url, {"chart_type": "line"}).content.decode()
    assert "Monthly lines" in filtered
    assert "A round one" not in filtered
