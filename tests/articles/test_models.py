from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.body import render_blocks, render_markdown
from articles.models import Article, Author, Status, Topic
from tests.factories import make_article, make_chart, make_topic, make_user

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
            title="t",
            slug="t",
            standfirst="s",
            body="b",
            author=make_user(),
            status=Status.PUBLISHED,
            published_at=None,
        )


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


def test_a_topic_is_published_only_through_a_published_article():
    shown, planned, unused = make_topic(), make_topic(), make_topic()
    make_article(topics=[shown])
    make_article(topics=[planned], published=False)
    make_article(topics=[planned], published_at=timezone.now() + timedelta(days=1))
    assert list(Topic.objects.published()) == [shown]
    assert unused not in Topic.objects.published()


def test_author_profiles_take_a_unique_slug_from_the_name():
    first = make_user(first_name="Ada", last_name="Lovelace")
    second = make_user(first_name="Ada", last_name="Lovelace")
    nameless = make_user(username="ed.itor@example.org")
    assert Author.objects.for_user(first).slug == "ada-lovelace"
    assert Author.objects.for_user(second).slug == "ada-lovelace-2"
    assert Author.objects.for_user(first).slug == "ada-lovelace"  # found, not made again
    # A login name never becomes a public address.
    assert Author.objects.for_user(nameless).slug == "author"


def test_an_author_is_published_only_with_a_published_article():
    article = make_article(published=False)
    assert not Author.objects.published().exists()
    article.publish()
    article.save()
    assert list(Author.objects.published()) == [article.author.author_profile]


@pytest.mark.parametrize(
    ("zone", "month"), [("Europe/London", (2025, 1)), ("Asia/Tokyo", (2025, 2))]
)
def test_in_month_counts_months_in_the_site_time_zone(settings, zone, month):
    settings.TIME_ZONE = zone
    make_article(published_at=datetime(2025, 1, 31, 23, 30, tzinfo=UTC))
    with timezone.override(zone):
        assert Article.objects.published().in_month(*month).count() == 1
        assert Article.objects.published().in_month(2024, 12).count() == 0


def test_related_articles_share_topics_first_then_are_recent():
    ai, china = make_topic(), make_topic()
    article = make_article(topics=[ai, china])
    both = make_article(topics=[ai, china], published_at=timezone.now() - timedelta(days=30))
    one = make_article(topics=[china], published_at=timezone.now() - timedelta(days=20))
    recent = make_article(published_at=timezone.now() - timedelta(days=1))
    older = make_article(published_at=timezone.now() - timedelta(days=2))
    make_article(topics=[ai, china], published=False)
    related = Article.objects.published().related_to(article, topic_ids=[ai.pk, china.pk])
    assert list(related) == [both, one, recent, older]
    plain = Article.objects.published().related_to(older, topic_ids=[])
    assert list(plain)[:2] == [article, recent]
