"""The chart admin's steps view and the form's steps field, through the editor's admin."""

import json

import pytest
from django.urls import reverse

from charts.models import Chart
from tests.factories import chart_form, make_dataset

pytestmark = pytest.mark.django_db

PRICES = b"symbol,date,price\nMSFT,2000-01-01,39.81\nAMZN,2000-01-01,64.56\nMSFT,2000-02-01,36.35\n"
PIVOT = {"op": "pivot", "category": "symbol", "label": "date", "value": "price"}


def test_the_steps_view_shows_each_step_suggests_and_offers_the_columns_made(editor_client):
    dataset = make_dataset(content=PRICES)
    url = reverse("admin:charts_chart_steps")
    data = chart_form(dataset, label_column="date", value_columns=[], transforms="[]")
    answer = editor_client.post(url, data).json()
    assert answer["suggestions"][0]["step"] == PIVOT
    data["transforms"] = json.dumps([PIVOT, {"op": "sort", "column": "<b>no</b>"}])
    answer = editor_client.post(url, data).json()
    assert "2 rows × 3 columns" in answer["html"]
    assert "&lt;b&gt;no&lt;/b&gt;" in answer["html"]  # the step's error, escaped
    assert "<b>no</b>" not in answer["html"]
    data["transforms"] = json.dumps([PIVOT])
    answer = editor_client.post(url, data).json()
    assert [c[0] for c in answer["choices"]["values"]] == ["MSFT", "AMZN"]
    data["transforms"] = "{nope"
    assert editor_client.post(url, data).json()["problems"]


def test_the_steps_view_is_for_editors_only(client):
    dataset = make_dataset(content=PRICES)
    response = client.post(reverse("admin:charts_chart_steps"), chart_form(dataset))
    assert response.status_code == 302  # to the login page


def test_a_chart_saved_with_steps_plots_the_series_they_make(editor_client):
    dataset = make_dataset(content=PRICES)
    data = chart_form(
        dataset,
        title="Prices",
        chart_type="line",
        label_column="date",
        value_columns=["AMZN", "MSFT"],
        alt_text="Two lines.",
        transforms=json.dumps([PIVOT]),
    )
    response = editor_client.post(reverse("admin:charts_chart_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    chart = Chart.objects.get(title="Prices")
    assert chart.spec.transforms[0].category == "symbol"
    page = editor_client.get(reverse("admin:charts_chart_change", args=[chart.pk])).content
    assert b"js/transform-steps.js" in page
    assert b"&quot;op&quot;: &quot;pivot&quot;" in page  # the hidden field holds the steps
