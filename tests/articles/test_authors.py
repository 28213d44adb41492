import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def test_author_page_lists_their_published_articles(client):
    writer = make_user(first_name="Grace", last_name="Hopper")
    mine = make_article(author=writer, title="Mine")
    make_article(author=writer, title="My draft", published=False)
    make_article(title="Someone else's")
    profile = writer.author_profile
    response = client.get(profile.get_absolute_url())
    html = response.content.decode()
    assert profile.get_absolute_url() == "/authors/grace-hopper/"
    assert response.status_code == 200
    assert "<h1>Grace Hopper</h1>" in html
    assert mine.title in html
    assert "My draft" not in html
    assert "Someone else" not in html


def test_byline_links_to_the_author_page(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{article.author.author_profile.get_absolute_url()}">Ada Lovelace</a>' in html


def test_an_author_with_only_drafts_has_no_public_page(editor_client):
    draft = make_article(published=False)
    url = draft.author.author_profile.get_absolute_url()
    assert Client().get(url).status_code == 404
    assert editor_client.get(url).status_code == 200


def test_author_page_query_count_is_fixed(django_assert_num_queries):
    writer = make_user(first_name="Grace", last_name="Hopper")
    for _ in range(12):
        make_article(author=writer)
    # author + user, the paginator's count, the page, the header's topics
    with django_assert_num_queries(4):
        response = Client().get(reverse("articles:author", args=["grace-hopper"]))
        assert response.status_code == 200
