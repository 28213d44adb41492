from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db

PAYLOAD = "Fish & chips <script>alert('x')</script>"


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(("name", "version"), [("feed", "rss20"), ("feed-atom", "atom10")])
def test_site_feeds_are_valid_and_list_published_articles_newest_first(client, name, version):
    older = make_article(title="Older", published_at=timezone.now() - timedelta(days=7))
    newer = make_article(title="Newer", topics=[make_topic(name="Trade")])
    make_article(title="Secret draft", published=False)
    make_article(title="Not yet", published_at=timezone.now() + timedelta(hours=1))
    response, feed = read(client, reverse(f"articles:{name}"))
    assert feed.version == version
    assert [e.title for e in feed.entries] == [newer.title, older.title]
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + newer.get_absolute_url()
    assert entry.author == "Ada Lovelace"
    assert [t.term for t in entry.tags] == ["Trade"]
    assert b"Secret draft" not in response.content
    assert b"Not yet" not in response.content


@pytest.mark.parametrize("name", ["feed", "feed-atom"])
def test_editor_text_in_feeds_is_escaped_and_read_back_as_typed(client, name):
    make_article(title=PAYLOAD, standfirst=PAYLOAD)
    response, feed = read(client, reverse(f"articles:{name}"))
    assert b"<script>" not in response.content
    assert feed.entries[0].title == PAYLOAD
    # The standfirst is plain text: a reader shows it as text, never as markup.
    assert "<script" not in feed.entries[0].summary


@pytest.mark.parametrize(
    ("name", "version"), [("topic-feed", "rss20"), ("topic-feed-atom", "atom10")]
)
def test_topic_feeds_list_that_topics_published_articles(client, name, version):
    topic = make_topic(name="Energy", slug="energy")
    on_topic = make_article(topics=[topic])
    make_article(title="Off topic")
    make_article(title="Energy draft", topics=[topic], published=False)
    _, feed = read(client, reverse(f"articles:{name}", args=["energy"]))
    assert feed.version == version
    assert feed.feed.title == "chartweek: Energy"
    assert [e.title for e in feed.entries] == [on_topic.title]


def test_a_topic_only_drafts_carry_has_no_feed(client):
    topic = make_topic(slug="planned")
    make_article(topics=[topic], published=False)
    assert client.get(reverse("articles:topic-feed", args=["planned"])).status_code == 404


def test_feeds_use_site_url_when_set(client, settings):
    settings.SITE_URL = "https://charts.example.org"
    article = make_article()
    _, feed = read(client, reverse("articles:feed"))
    assert feed.entries[0].link == "https://charts.example.org" + article.get_absolute_url()
    assert feed.feed.link == "https://charts.example.org/"


def test_pages_advertise_the_feeds(client):
    html = client.get(reverse("articles:home")).content.decode()
    assert (
        f'type="application/rss+xml" title="chartweek (RSS)" href="{reverse("articles:feed")}"'
        in html
    )
    assert reverse("articles:feed-atom") in html
