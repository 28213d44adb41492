"""Readers' pages are cached, and a change shows on the very next request."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import add_version, make_article, make_chart

pytestmark = pytest.mark.django_db


def page(url):
    response = Client().get(url)
    return response.status_code, response.content.decode()


def test_a_second_request_is_served_from_the_cache(django_assert_num_queries):
    article = make_article(title="Cached")
    Client().get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = Client().get(article.get_absolute_url())
    assert "Cached" in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert "s-maxage=60" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]  # browsers revalidate: 304 or the news
    assert response["ETag"]
    assert response["Last-Modified"]


def test_conditional_request_gets_304():
    article = make_article()
    first = Client().get(article.get_absolute_url())
    again = Client().get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_an_edit_shows_on_the_next_request(editor_client):
    article = make_article(title="Before")
    assert "Before" in page(article.get_absolute_url())[1]
    article.title = "After"
    article.save()
    assert "After" in page(article.get_absolute_url())[1]
    assert "After" in page(reverse("articles:home"))[1]


def test_publishing_and_unpublishing_through_the_admin_show_at_once(publisher_client):
    draft = make_article(title="Fresh draft", published=False, charts=[make_chart()])
    assert page(draft.get_absolute_url())[0] == 404
    changelist = reverse("admin:articles_article_changelist")
    publisher_client.post(changelist, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert page(draft.get_absolute_url())[0] == 200
    assert "Fresh draft" in page(reverse("articles:home"))[1]
    publisher_client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert page(draft.get_absolute_url())[0] == 404
    assert "Fresh draft" not in page(reverse("articles:home"))[1]
    assert "Fresh draft" not in page(reverse("articles:feed"))[1]


def test_new_data_shows_once_the_chart_moves_to_it():
    chart = make_chart()
    article = make_article(charts=[chart])
    assert "9,660" in page(article.get_absolute_url())[1]
    version = add_version(chart.dataset, b"country,papers,share\nUnited States,12345,0.5\n")
    assert "9,660" in page(article.get_absolute_url())[1]  # the chart keeps its version
    chart.version = version
    chart.save()
    assert "12,345" in page(article.get_absolute_url())[1]


def test_a_scheduled_article_appears_when_its_time_comes_with_no_job(monkeypatch):
    soon = timezone.now() + timedelta(minutes=5)
    article = make_article(title="Embargoed", published_at=soon)
    make_article(title="Already out")
    assert page(article.get_absolute_url())[0] == 404
    assert "Embargoed" not in page(reverse("articles:home"))[1]

    later = soon + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert page(article.get_absolute_url())[0] == 200
    assert "Embargoed" in page(reverse("articles:home"))[1]
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_editors_never_get_a_cached_page(editor_client):
    draft = make_article(title="Secret", published=False)
    assert page(draft.get_absolute_url())[0] == 404  # a reader's 404 is cached
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Secret" in response.content.decode()
