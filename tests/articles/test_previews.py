"""Previews: editors see a draft as readers will; reviewers open it through a share link."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import PreviewLink
from tests.factories import change_form, make_article, make_chart, make_editor

pytestmark = pytest.mark.django_db


def share(article, **fields):
    return PreviewLink.objects.create(article=article, created_by=make_editor(), **fields)


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_the_change_page_links_to_the_preview_of_the_public_page(editor_client):
    draft = make_article(published=False, charts=[make_chart()])
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[draft.pk])
    ).content.decode()
    assert f'href="{draft.get_absolute_url()}"' in html
    assert "Preview it as readers will see it" in html


def test_the_editors_preview_is_the_readers_page_with_a_banner(editor_client):
    draft = make_article(published=False, charts=[make_chart(title="Exports")], body="Words.")
    response = editor_client.get(draft.get_absolute_url())
    html = response.content.decode()
    assert "<strong>Draft</strong>: readers cannot see this article." in html
    assert "Exports" in html
    assert "Words." in html
    assert_private(response)


def test_a_share_link_shows_the_draft_without_a_login():
    draft = make_article(published=False, charts=[make_chart(title="Exports")])
    link = share(draft)
    response = Client().get(link.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Exports" in html
    assert "This preview link works until" in html
    assert "/admin/" not in html  # no edit link for a reviewer
    assert response["Referrer-Policy"] == "no-referrer"
    assert_private(response)


def test_share_link_tokens_are_long_and_unique():
    draft = make_article(published=False)
    first, second = share(draft), share(draft)
    assert len(first.token) >= 40
    assert first.token != second.token


def test_an_expired_share_link_is_404():
    link = share(make_article(published=False))
    assert Client().get(link.get_absolute_url()).status_code == 200
    with time_machine.travel(link.expires_at + timedelta(seconds=1)):
        assert Client().get(link.get_absolute_url()).status_code == 404


def test_a_revoked_share_link_is_404():
    link = share(make_article(published=False), revoked_at=timezone.now())
    assert Client().get(link.get_absolute_url()).status_code == 404


def test_an_unknown_token_is_404():
    assert Client().get(reverse("articles:preview", args=["nope"])).status_code == 404


def test_a_share_link_to_a_published_article_leads_to_its_page():
    article = make_article()
    response = Client().get(share(article).get_absolute_url())
    assert response.status_code == 302
    assert response.url == article.get_absolute_url()


def test_an_editor_creates_then_revokes_a_share_link_from_the_article_page(editor_client, editor):
    draft = make_article(published=False, charts=[make_chart()])
    url = reverse("admin:articles_article_change", args=[draft.pk])
    data = change_form(draft, **{"preview_links-TOTAL_FORMS": "1"})
    in_a_week = timezone.localtime() + timedelta(days=7)
    data["preview_links-0-expires_at_0"] = in_a_week.strftime("%d/%m/%Y")
    data["preview_links-0-expires_at_1"] = in_a_week.strftime("%H:%M:%S")
    assert editor_client.post(url, data).status_code == 302
    link = PreviewLink.objects.get(article=draft)
    assert link.created_by == editor
    assert link.get_absolute_url() in editor_client.get(url).content.decode()

    data = change_form(draft, **{"preview_links-TOTAL_FORMS": "1"})
    data.update(
        {
            "preview_links-INITIAL_FORMS": "1",
            "preview_links-0-id": str(link.pk),
            "preview_links-0-article": str(draft.pk),
            "preview_links-0-expires_at_0": in_a_week.strftime("%d/%m/%Y"),
            "preview_links-0-expires_at_1": in_a_week.strftime("%H:%M:%S"),
            "preview_links-0-revoke": "on",
        }
    )
    assert editor_client.post(url, data).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(link.get_absolute_url()).status_code == 404
    assert "Revoked" in editor_client.get(url).content.decode()
