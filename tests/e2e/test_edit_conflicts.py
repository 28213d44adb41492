"""Two editors on one article in Chromium: the second save is refused, her words kept."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.e2e.conftest import PASSWORD, person
from tests.factories import make_article, make_chart, make_editor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def save(page):
    """Save and continue editing, waiting for the page that answers."""
    with page.expect_navigation():
        page.click("input[name=_continue]")


def test_a_stale_save_is_refused_with_who_and_a_compare_link(browser, live_server):
    make_editor(username="ada", first_name="Ada", last_name="Lovelace", password=PASSWORD)
    make_editor(username="grace", first_name="Grace", last_name="Hopper", password=PASSWORD)
    article = make_article(charts=[make_chart()], published=False, body="Draft.\n\n[chart 1]")
    url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    ada, grace = person(browser, live_server, "ada"), person(browser, live_server, "grace")
    ada.goto(url)
    grace.goto(url)  # both open the article before either saves

    ada.fill("#id_body", "Ada's words.\n\n[chart 1]")
    save(ada)
    grace.fill("#id_body", "Grace's words.\n\n[chart 1]")
    save(grace)

    refusal = grace.locator(".errorlist.nonfield")
    assert "was changed by Ada Lovelace at" in refusal.inner_text()
    assert refusal.locator("a", has_text="Compare").count() == 1
    assert grace.input_value("#id_body").startswith("Grace's words.")
    assert Article.objects.get(pk=article.pk).body.startswith("Ada's words.")

    save(grace)  # saving again is her choice to overwrite
    assert Article.objects.get(pk=article.pk).body.startswith("Grace's words.")
    assert not ada.problems
    assert not grace.problems
