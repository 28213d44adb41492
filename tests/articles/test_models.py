from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.body import render_blocks, render_markdown
from articles.models import Article, Status
from tests.factories import make_article, make_chart, make_user

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled_articles():
    live = make_article()
    make_article(published=False)
    make_article(published_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_when_its_time_comes():
    article = make_article(published_at=timezone.now() + timedelta(seconds=1))
    assert article not in Article.objects.published()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert article in Article.objects.published()


def test_published_article_must_have_a_publication_time():
    with pytest.raises(IntegrityError):
        Article.objects.create(
            title="t", slug="t", standfirst="s", body="b", author=make_user(),
            status=Status.PUBLISHED, published_at=None,
        )  # fmt: skip


def test_article_slug_is_unique():
    make_article(slug="same")
    with pytest.raises(IntegrityError):
        make_article(slug="same")


def test_publish_keeps_an_earlier_publication_time():
    first = timezone.now() - timedelta(days=3)
    article = make_article(published=False, published_at=first)
    article.publish()
    assert article.status == Status.PUBLISHED
    assert article.published_at == first


def test_updated_is_shown_only_after_a_real_later_edit():
    article = make_article()
    article.updated_at = article.published_at + timedelta(minutes=1)
    assert not article.show_updated
    article.updated_at = article.published_at + timedelta(hours=2)
    assert article.show_updated


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as text, not run


def test_chart_markers_place_charts_and_unplaced_charts_follow():
    first, second, third = make_chart(), make_chart(), make_chart()
    blocks = render_blocks(
        "Intro\n\n[chart 2]\n\nMiddle\n\n[chart 9]\n\nEnd", [first, second, third]
    )
    kinds = [b.chart or b.html.strip() for b in blocks]
    assert kinds == ["<p>Intro</p>", second, "<p>Middle</p>\n<p>End</p>", first, third]
