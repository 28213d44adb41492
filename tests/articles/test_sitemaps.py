import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_chart, make_topic

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def test_sitemap_lists_published_pages_only(client):
    topic = make_topic(slug="public-topic")
    chart = make_chart()
    live = make_article(topics=[topic], charts=[chart])
    draft_topic = make_topic(slug="draft-topic")
    draft_chart = make_chart()
    draft = make_article(published=False, topics=[draft_topic], charts=[draft_chart])
    scheduled = make_article(published_at=timezone.now() + timedelta(days=2))
    urls = sitemap_urls(client)
    base = "http://testserver"
    assert base + live.get_absolute_url() in urls
    assert base + topic.get_absolute_url() in urls
    assert base + reverse("datasets:detail", args=[chart.dataset.slug]) in urls
    assert base + reverse("articles:home") in urls
    for hidden in (
        draft.get_absolute_url(),
        scheduled.get_absolute_url(),
        draft_topic.get_absolute_url(),
        reverse("datasets:detail", args=[draft_chart.dataset.slug]),
    ):
        assert base + hidden not in urls


def test_sitemap_uses_site_url_when_set(client, settings):
    settings.SITE_URL = "https://charts.example.org"
    article = make_article()
    assert "https://charts.example.org" + article.get_absolute_url() in sitemap_urls(client)


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
