"""Where used: each dataset's and chart's page lists its articles; published ones block deletion."""

import pytest
from django.urls import reverse

from charts.models import Chart
from datasets.models import Dataset
from tests.factories import make_article, make_chart

pytestmark = pytest.mark.django_db


def test_dataset_and_chart_pages_list_the_articles_that_use_them_with_their_state(editor_client):
    chart = make_chart()
    make_article(title="Live one", charts=[chart])
    sibling = make_chart(dataset=chart.dataset)
    make_article(title="Work in progress", charts=[sibling], published=False)
    dataset_page = editor_client.get(
        reverse("admin:datasets_dataset_change", args=[chart.dataset_id])
    ).content.decode()
    assert "Live one</a> · Published since" in dataset_page
    assert "Work in progress</a> · Draft" in dataset_page
    chart_page = editor_client.get(
        reverse("admin:charts_chart_change", args=[chart.pk])
    ).content.decode()
    assert "Live one</a> · Published since" in chart_page
    assert "Work in progress" not in chart_page


def test_a_dataset_shown_by_a_published_article_cannot_be_deleted(editor_client):
    chart = make_chart()
    make_article(title="Live one", charts=[chart])
    response = editor_client.post(
        reverse("admin:datasets_dataset_delete", args=[chart.dataset_id]), {"post": "yes"}
    )
    html = response.content.decode()
    assert "The published article “Live one” shows this dataset: unpublish it, or take" in html
    assert Dataset.objects.filter(pk=chart.dataset_id).exists()


def test_a_chart_in_a_scheduled_article_cannot_be_deleted_from_the_list(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    chart = make_chart()
    make_article(title="Tomorrow", charts=[chart], published_at=timezone.now() + timedelta(days=1))
    response = editor_client.post(
        reverse("admin:charts_chart_changelist"),
        {"action": "delete_selected", "_selected_action": [chart.pk], "post": "yes"},
    )
    assert "The scheduled article “Tomorrow” shows this chart" in response.content.decode()
    assert Chart.objects.filter(pk=chart.pk).exists()


def test_an_unused_dataset_can_still_be_deleted(editor_client):
    from tests.factories import make_dataset

    dataset = make_dataset()
    editor_client.post(reverse("admin:datasets_dataset_delete", args=[dataset.pk]), {"post": "yes"})
    assert not Dataset.objects.filter(pk=dataset.pk).exists()
