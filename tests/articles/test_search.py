from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.search import highlight
from tests.factories import make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    return client.get(reverse("articles:search"), {"q": q, **params})


def test_search_finds_an_article_by_a_word_in_its_body(client):
    found = make_article(title="Trade", body="Exports of soybeans rose sharply last year.")
    make_article(title="Elections", body="Turnout fell.")
    html = search(client, "soybeans").content.decode()
    assert found.title in html
    assert "Elections" not in html
    assert "<mark>soybeans</mark>" in html


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="ranking is PostgreSQL full-text search; SQLite only matches words (icontains)",
)
def test_a_title_match_ranks_before_body_and_standfirst_matches():
    in_body = make_article(title="Harvest", body="Soybeans, soybeans and more soybeans.")
    in_standfirst = make_article(title="Farms", standfirst="Soybean prices fell.")
    in_title = make_article(title="Soybean exports", body="Shipments rose.")
    found = list(Article.objects.published().search("soybeans"))
    assert found == [in_title, in_standfirst, in_body]
    assert found[0].rank > found[1].rank > found[2].rank


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgres_search_stems_words():
    make_article(title="Exporting", body="The country exported more.")
    assert Article.objects.published().search("exports").count() == 1


def test_drafts_and_scheduled_articles_are_never_found(client):
    make_article(title="Draft tariffs", body="tariffs", published=False)
    make_article(title="Later tariffs", published_at=timezone.now() + timedelta(days=1))
    html = search(client, "tariffs").content.decode()
    assert "Draft tariffs" not in html
    assert "Later tariffs" not in html
    assert "No article matches" in html


def test_search_finds_published_datasets_only(client):
    used = make_dataset(title="Wheat yields", description="Tonnes of wheat per hectare.")
    make_article(charts=[make_chart(dataset=used)])
    unused = make_dataset(title="Wheat prices")
    only_draft = make_dataset(title="Wheat stocks")
    make_article(charts=[make_chart(dataset=only_draft)], published=False)
    html = search(client, "wheat").content.decode()
    assert reverse("datasets:detail", args=[used.slug]) in html
    assert unused.title not in html
    assert only_draft.title not in html


def test_editor_html_in_a_matched_passage_is_escaped(client):
    make_article(body="Beware <script>alert('x')</script> of tomatoes & <b>onions</b>.")
    html = search(client, "tomatoes").content.decode()
    assert "<script>alert" not in html
    assert "<b>onions" not in html
    assert "<mark>tomatoes</mark>" in html
    # Shown as text (SQLite) or dropped by ts_headline's parser (PostgreSQL), never as markup.
    assert "onions" in html


def test_the_query_is_shown_escaped_and_kept_in_page_links(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    make_article(body="maize one")
    make_article(body="maize two")
    response = search(client, 'maize "<i>')
    html = response.content.decode()
    assert "<i>" not in html.split("<main", 1)[1]
    page = search(client, "maize")
    assert "?q=maize&amp;page=2" in page.content.decode()
    assert search(client, "maize", page=2).status_code == 200


def test_an_empty_query_shows_the_form_and_no_results(client):
    make_article()
    response = search(client, "   ")
    assert response.status_code == 200
    assert "Search results" not in response.content.decode()
    assert 'content="noindex"' in response.content.decode()


def test_highlight_marks_every_match_around_the_first():
    text = "## Heading\n\n" + "filler " * 50 + "Rice and rice again [chart 1]"
    html = highlight(text, ["rice"])
    assert html.count("<mark>") == 2
    assert "##" not in html
    assert "[chart" not in html


def test_search_query_count_is_fixed(django_assert_num_queries):
    for _ in range(12):
        make_article(body="barley harvest")
    # the paginator's count, the page, the datasets, the header's topics
    with django_assert_num_queries(4):
        assert search(Client(), "barley").status_code == 200
