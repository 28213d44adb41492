"""Moving a published (or scheduled) article's charts to newer data is publishing:
publishers only, whichever way it is done; editors are told why not."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from tests.factories import (
    add_version,
    chart_form,
    make_article,
    make_chart,
    make_editor,
    make_publisher,
    run_action,
)

pytestmark = pytest.mark.django_db

NEW_DATA = b"country,papers,share\nUnited States,9999,0.5\nUnited Kingdom,3560,0.25\n"
REFUSAL = "is in a published or scheduled article: moving it to other data publishes"


def chart_with_new_data(**article_fields):
    chart = make_chart(title="Papers by country")
    article = make_article(charts=[chart], **article_fields)
    add_version(chart.dataset, NEW_DATA)
    return chart, article


@pytest.mark.parametrize("when", ["published", "scheduled"])
def test_an_editor_moving_an_articles_charts_is_refused_with_the_reason(editor_client, when):
    later = {"published_at": timezone.now() + timedelta(days=1)} if when == "scheduled" else {}
    chart, article = chart_with_new_data(**later)
    response = run_action(editor_client, "move_charts_to_latest_data", article)
    html = editor_client.get(response.url).content.decode()
    assert "Moved 0 chart(s)" in html
    assert f"Not moved: “Papers by country” {REFUSAL}" in html
    chart.refresh_from_db()
    assert chart.version.number == 1
    assert "9,999" not in Client().get(article.get_absolute_url()).content.decode()


def test_a_publisher_moves_them_and_readers_see_the_new_data(publisher_client):
    chart, article = chart_with_new_data()
    run_action(publisher_client, "move_charts_to_latest_data", article)
    chart.refresh_from_db()
    assert chart.version.number == 2
    assert "9,999" in Client().get(article.get_absolute_url()).content.decode()


def test_an_editor_may_still_move_a_drafts_charts(editor_client):
    chart, article = chart_with_new_data(published=False)
    run_action(editor_client, "move_charts_to_latest_data", article)
    chart.refresh_from_db()
    assert chart.version.number == 2


def test_the_chart_lists_action_follows_the_same_rule(editor_client):
    chart, _ = chart_with_new_data()
    editor_client.post(
        reverse("admin:charts_chart_changelist"),
        {"action": "move_to_latest_data", "_selected_action": [chart.pk]},
    )
    chart.refresh_from_db()
    assert chart.version.number == 1


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_changing_a_published_charts_version_on_its_form_is_for_publishers(client, role):
    chart, _ = chart_with_new_data()
    client.force_login(make_editor() if role == "editor" else make_publisher())
    latest = chart.dataset.current_version
    data = chart_form(chart.dataset, title=chart.title, version=latest.pk)
    response = client.post(reverse("admin:charts_chart_change", args=[chart.pk]), data)
    chart.refresh_from_db()
    if role == "editor":
        assert response.status_code == 200
        assert REFUSAL in response.content.decode()
        assert chart.version.number == 1
    else:
        assert response.status_code == 302
        assert chart.version.number == 2


def test_an_editor_may_edit_a_published_charts_words_on_its_version(editor_client):
    chart, _ = chart_with_new_data()
    data = chart_form(chart.dataset, title="Clearer", version=chart.version_id)
    response = editor_client.post(reverse("admin:charts_chart_change", args=[chart.pk]), data)
    assert response.status_code == 302
    chart.refresh_from_db()
    assert (chart.title, chart.version.number) == ("Clearer", 1)


def test_the_function_refuses_an_editor_and_lets_a_publisher():
    chart, _ = chart_with_new_data()
    assert services.move_charts_to_latest_data(charts=[chart], by=make_editor()).moved == 0
    assert services.move_charts_to_latest_data(
        charts=[chart], by=make_publisher()
    ) == services.MoveResult(moved=1)
