"""A published article's old addresses answer with a permanent redirect."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import ArticleRedirect
from tests.factories import make_article, make_chart, post_change

pytestmark = pytest.mark.django_db


def detail(slug):
    return Client().get(reverse("articles:detail", args=[slug]))


def test_renaming_a_published_article_redirects_its_old_address(editor_client):
    article = make_article(slug="first", charts=[make_chart()])
    post_change(editor_client, article, slug="second")
    response = detail("first")
    assert response.status_code == 301
    assert response.url == reverse("articles:detail", args=["second"])
    assert detail("second").status_code == 200


def test_a_chain_of_renames_collapses_into_one_hop(editor_client):
    article = make_article(slug="a", charts=[make_chart()])
    post_change(editor_client, article, slug="b")
    article.refresh_from_db()
    post_change(editor_client, article, slug="c")
    for old in ("a", "b"):
        response = detail(old)
        assert (response.status_code, response.url) == (301, reverse("articles:detail", args=["c"]))


def test_renaming_back_drops_the_redirect_from_the_live_address(editor_client):
    article = make_article(slug="a", charts=[make_chart()])
    post_change(editor_client, article, slug="b")
    article.refresh_from_db()
    post_change(editor_client, article, slug="a")
    assert list(ArticleRedirect.objects.values_list("old_slug", flat=True)) == ["b"]
    assert detail("a").status_code == 200


def test_renaming_a_draft_leaves_no_redirect(editor_client):
    article = make_article(slug="draft-one", published=False, charts=[make_chart()])
    post_change(editor_client, article, slug="draft-two")
    assert not ArticleRedirect.objects.exists()


def test_an_old_address_of_an_unpublished_article_is_404_for_readers(editor_client):
    article = make_article(slug="first", charts=[make_chart()])
    ArticleRedirect.objects.create(old_slug="gone", article=article)
    article.status = "draft"
    article.save()
    assert detail("gone").status_code == 404


def test_a_new_article_may_take_an_old_address(editor_client):
    moved = make_article(slug="new-home", charts=[make_chart()])
    ArticleRedirect.objects.create(old_slug="taken", article=moved)
    newcomer = make_article(slug="taken")
    assert detail("taken").status_code == 200
    assert newcomer.title in detail("taken").content.decode()
