import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.rendering import render_article
from articles.share import refresh_share_image
from charts.rendering import render_chart
from chartweek.pagecache import content_changed
from tests.factories import make_article, make_chart, make_dataset, make_topic, make_user

pytestmark = pytest.mark.django_db


def test_home_leads_with_the_latest_article_then_the_archive(client):
    older = make_article(title="Older", published_at=timezone.now() - timedelta(days=7))
    latest = make_article(title="Latest", published_at=timezone.now() - timedelta(hours=1))
    make_article(title="Secret draft", published=False)
    html = client.get(reverse("articles:home")).content.decode()
    assert html.index(latest.title) < html.index(older.title)
    assert "Secret draft" not in html


def test_home_shares_the_lead_charts_image(client):
    lead = make_article(charts=[make_chart(alt_text="Bars compare.")])
    refresh_share_image(article=lead)
    html = client.get(reverse("articles:home")).content.decode()
    image = "http://testserver" + lead.get_share_image_url()
    assert f'<meta property="og:image" content="{image.replace("&", "&amp;")}">' in html
    assert '<meta property="og:image:alt" content="Bars compare.">' in html


def test_home_paginates_the_archive(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for days in range(5):
        make_article(title=f"Week {days}", published_at=timezone.now() - timedelta(days=days + 1))
    page2 = client.get(reverse("articles:home"), {"page": 2})
    assert page2.status_code == 200
    assert "Week 2" in page2.content.decode()
    assert client.get(reverse("articles:home"), {"page": 9}).status_code == 404


def test_published_article_shows_its_charts_with_data_table_and_credits(client):
    dataset = make_dataset(source_name="Stanford HAI", attribution="AI Index 2022")
    chart = make_chart(dataset=dataset, title="Papers by pair", notes="Counts differ.")
    article = make_article(charts=[chart], body="Intro.\n\n[chart 1]\n\nMore.")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<script id="chart-config-{chart.pk}" type="application/json">' in html
    assert '<th scope="row">United States</th><td>9,660</td>' in html
    assert "Source: Stanford HAI" in html
    assert "CC BY 4.0" in html
    assert "Counts differ." in html
    assert reverse("datasets:download", args=[dataset.slug]) in html
    assert html.index("Intro.") < html.index("Papers by pair") < html.index("More.")
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert re.search(r"By <a href=\"[^\"]+\">Ada Lovelace</a>", html)


def test_article_page_has_no_inline_script_and_sends_a_csp(client):
    article = make_article(charts=[make_chart()])
    response = client.get(article.get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    html = response.content.decode()
    # Every <script> either loads a static file or carries JSON data (chart configs,
    # JSON-LD): data blocks, which browsers never run and the CSP need not allow.
    data_types = ('type="application/json"', 'type="application/ld+json"')
    for tag in html.split("<script")[1:]:
        head = tag.split(">", 1)[0]
        assert "src=" in head or any(t in head for t in data_types), head


def test_editor_text_is_escaped_on_the_article_page(client):
    payload = "<script>alert('x')</script>"
    dataset = make_dataset(source_name=payload)
    chart = make_chart(dataset=dataset, title=payload, alt_text=payload, notes=payload)
    article = make_article(title=payload, standfirst=payload, charts=[chart], body=payload)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_draft_is_404_for_readers_and_non_staff_users(client):
    draft = make_article(published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_user())
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_scheduled_article_is_404_until_its_time(client):
    article = make_article(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editor_sees_a_draft_with_a_banner_never_cached_or_indexed(editor_client):
    draft = make_article(published=False)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft</strong>: readers cannot see this article." in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_published_article_shows_updated_time_only_when_edited_later(client):
    article = make_article()
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
    Article.objects.filter(pk=article.pk).update(
        updated_at=article.published_at + timedelta(days=1)
    )
    content_changed()  # a bulk update sends no save signal
    assert "Updated" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("chart_count", [1, 10])
def test_article_page_query_count_is_fixed(client, django_assert_num_queries, chart_count):
    article = make_article(charts=[make_chart() for _ in range(chart_count)])
    render_article(article)  # as the services do on every save
    anonymous = Client()
    # the article with its author, stored page and what that page depends on; the
    # related articles; the header's topics. Nothing per chart, nothing per row.
    with django_assert_num_queries(3):
        assert anonymous.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("article_count", [5, 100])
def test_home_query_count_is_fixed(django_assert_num_queries, article_count):
    chart = make_chart()
    for _ in range(article_count):
        make_article(charts=[chart])
    render_chart(chart)  # as the services do on every save
    # the paginator's count, the page, the lead's first chart with its version and its
    # stored fragments, the header's topics
    with django_assert_num_queries(4):
        assert Client().get(reverse("articles:home")).status_code == 200


def test_article_page_lists_related_articles_sharing_topics_first(client):
    trade = make_topic()
    article = make_article(topics=[trade])
    shared = make_article(
        title="Shares a topic", topics=[trade], published_at=timezone.now() - timedelta(days=60)
    )
    recent = make_article(title="Just recent")
    make_article(title="Related draft", topics=[trade], published=False)
    html = client.get(article.get_absolute_url()).content.decode()
    related = html.split('id="related-heading"', 1)[1]
    assert related.index(shared.title) < related.index(recent.title)
    assert "Related draft" not in html
