from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db


def test_topic_page_lists_its_published_articles_newest_first(client):
    ai = make_topic(name="AI", slug="ai", description="Machines that learn.")
    older = make_article(topics=[ai], published_at=timezone.now() - timedelta(days=9))
    newer = make_article(topics=[ai])
    make_article(title="Other topic")
    make_article(title="AI draft", topics=[ai], published=False)
    make_article(title="AI later", topics=[ai], published_at=timezone.now() + timedelta(days=1))
    response = client.get(ai.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>AI</h1>" in html
    assert "Machines that learn." in html
    assert html.index(newer.title) < html.index(older.title)
    for absent in ("Other topic", "AI draft", "AI later"):
        assert absent not in html
    assert reverse("articles:topic-feed", args=["ai"]) in html


def test_a_topic_only_drafts_carry_is_404_for_readers_but_not_editors(editor_client):
    planned = make_topic(name="Secret merger")
    make_article(topics=[planned], published=False)
    assert Client().get(planned.get_absolute_url()).status_code == 404
    assert editor_client.get(planned.get_absolute_url()).status_code == 200


def test_header_and_topic_index_show_public_topics_only(client):
    shown = make_topic(name="Shown topic")
    make_article(topics=[shown])
    make_article(topics=[make_topic(name="Planned topic")], published=False)
    home = client.get(reverse("articles:home")).content.decode()
    index = client.get(reverse("articles:topics")).content.decode()
    for html in (home, index):
        assert "Shown topic" in html
        assert "Planned topic" not in html
    assert "1 chart<" in index


def test_topic_page_paginates(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    topic = make_topic()
    for day in range(5):
        make_article(
            title=f"Week {day}",
            topics=[topic],
            published_at=timezone.now() - timedelta(days=day + 1),
        )
    page3 = client.get(topic.get_absolute_url(), {"page": 3}).content.decode()
    assert "Week 4" in page3
    assert "Week 0" not in page3
    assert client.get(topic.get_absolute_url(), {"page": "x"}).status_code == 404


def test_topic_query_counts_are_fixed(django_assert_num_queries):
    topic = make_topic()
    for _ in range(12):
        make_article(topics=[topic, make_topic()])
    # topic, the paginator's count, the page (authors joined), the header's topics
    with django_assert_num_queries(4):
        assert Client().get(topic.get_absolute_url()).status_code == 200
    with django_assert_num_queries(2):  # the topics with their counts, the header's topics
        assert Client().get(reverse("articles:topics")).status_code == 200
