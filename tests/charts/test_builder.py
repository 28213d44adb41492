"""The chart builder leads: the preview says what to choose next and draws before the texts."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from charts.admin import next_choice
from charts.models import Chart
from tests.factories import chart_form, make_dataset


def _data(**fields):
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def test_next_choice_walks_an_editor_through_the_choices():
    assert next_choice(_data()).startswith("Choose a dataset")
    assert "label column" in next_choice(_data(dataset="3"))
    assert "value columns" in next_choice(_data(dataset="3", label_column="year"))
    ready = _data(dataset="3", label_column="year", value_columns=["a"], chart_type="bar")
    assert next_choice(ready) == ""
    scatter = _data(dataset="3", label_column="year", value_columns=["a"], chart_type="scatter")
    assert "X column" in next_choice(scatter)


@pytest.mark.django_db
def test_the_empty_form_gets_a_next_step_not_errors(editor_client):
    response = editor_client.post(reverse("admin:charts_chart_preview"), {})
    assert response.json() == {
        "next": "Choose a dataset to start: its columns are then offered under What to plot.",
        "labels": [],  # the highlight's choices: none before a label column
    }


@pytest.mark.django_db
def test_a_chosen_dataset_asks_for_columns_not_for_a_title(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_preview"), {"dataset": dataset.pk, "chart_type": "bar"}
    )
    assert "label column" in response.json()["next"]


@pytest.mark.django_db
def test_the_preview_draws_without_title_and_alt_text(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_preview"), chart_form(dataset, title="", alt_text="")
    )
    html = response.json()["html"]
    assert '<figure class="chart" id="chart-preview"' in html
    assert "Untitled chart" in html
    assert not Chart.objects.exists()


@pytest.mark.django_db
def test_saving_still_needs_title_and_alt_text(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_add"), chart_form(dataset, title="", alt_text="")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() >= {"title", "alt_text"}
    assert not Chart.objects.exists()
