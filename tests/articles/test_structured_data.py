import json
import re

import pytest

from articles.share import refresh_share_image
from tests.factories import make_article, make_chart, make_topic

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_page_describes_a_news_article(client, settings):
    settings.SITE_URL = "https://charts.example.org"
    article = make_article(charts=[make_chart()], topics=[make_topic(name="Trade")], slug="t")
    refresh_share_image(article=article)
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["url"] == "https://charts.example.org/articles/t/"
    assert data["author"][0]["name"] == "Ada Lovelace"
    assert data["author"][0]["url"] == "https://charts.example.org/authors/ada-lovelace/"
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["keywords"] == ["Trade"]
    assert data["image"][0].startswith("https://charts.example.org/articles/t/share.png?v=")
    assert data["publisher"]["name"] == "chartweek"


def test_editor_text_cannot_break_out_of_the_json_ld(client):
    payload = "</script><script>alert('x')</script> & more"
    article = make_article(title=payload, standfirst=payload)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "\\u003C/script\\u003E" in html
    assert json_ld(html)["headline"] == payload  # read back exactly as typed
