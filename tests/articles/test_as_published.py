"""As published: an article keeps its data until an editor moves a chart on, and says so."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import add_version, make_article, make_chart, run_action

pytestmark = pytest.mark.django_db

NEW_DATA = b"country,papers,share\nUnited States,9999,0.5\nUnited Kingdom,3560,0.25\n"


def test_new_data_changes_nothing_readers_see_until_a_chart_moves_on():
    chart = make_chart()
    article = make_article(charts=[chart])
    add_version(chart.dataset, NEW_DATA)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "9,660" in html
    assert "9,999" not in html
    assert "Data updated" not in html


def test_the_article_page_in_the_admin_lists_charts_with_newer_data(editor_client):
    chart = make_chart(title="Papers by country")
    article = make_article(charts=[chart])
    url = reverse("admin:articles_article_change", args=[article.pk])
    html = editor_client.get(url).content.decode()
    assert "Every chart draws its dataset&#x27;s latest data." in html
    add_version(chart.dataset, NEW_DATA)
    html = editor_client.get(url).content.decode()
    assert "“Papers by country” draws version 1 of" in html
    assert "version 2 was uploaded" in html


def test_moving_an_articles_charts_on_shows_readers_data_updated(publisher_client):
    chart = make_chart()
    article = make_article(charts=[chart])
    add_version(chart.dataset, NEW_DATA)
    response = run_action(publisher_client, "move_charts_to_latest_data", article)
    messages = publisher_client.get(response.url).content.decode()
    assert "Moved 1 chart(s) to the latest data." in messages
    chart.refresh_from_db()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "9,999" in html
    assert '<p class="chart__updated">Data updated on <time datetime="' in html
    assert "?version=2" in html  # its download is the data it now draws


def test_a_first_upload_after_publication_is_not_an_update():
    article = make_article(charts=[make_chart()])
    Article.objects.filter(pk=article.pk).update(
        published_at=article.published_at.replace(year=2020)
    )
    assert "Data updated" not in Client().get(article.get_absolute_url()).content.decode()
