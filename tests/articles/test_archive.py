from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime(year, month, day, 12, tzinfo=UTC)


def test_month_urls_have_two_digit_months():
    assert reverse("articles:archive-month", args=[2025, 1]) == "/archive/2025/01/"


def test_archive_lists_months_with_published_articles_and_counts(client):
    make_article(published_at=at(2025, 1, 10))
    make_article(published_at=at(2025, 1, 20))
    make_article(published_at=at(2024, 11, 3))
    make_article(published=False)
    make_article(published_at=timezone.now() + timedelta(days=40))
    html = client.get(reverse("articles:archive")).content.decode()
    assert html.index("January 2025") < html.index("November 2024")
    assert "2 charts" in html
    assert "1 chart<" in html
    assert reverse("articles:archive-month", args=[2025, 1]) in html
    assert html.count('href="/archive/20') == 2  # no month for the draft or the scheduled one


def test_month_page_lists_that_months_published_articles_only(client):
    january = make_article(title="January story", published_at=at(2025, 1, 10))
    make_article(title="February story", published_at=at(2025, 2, 1))
    make_article(title="January draft", published=False, published_at=at(2025, 1, 12))
    response = client.get(reverse("articles:archive-month", args=[2025, 1]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>January 2025</h1>" in html
    assert january.title in html
    assert "February story" not in html
    assert "January draft" not in html


def test_a_month_with_nothing_published_is_404(client):
    make_article(published=False, published_at=at(2025, 3, 1))
    assert client.get(reverse("articles:archive-month", args=[2025, 3])).status_code == 404
    assert client.get("/archive/2025/13/").status_code == 404
    assert client.get("/archive/2025/1/").status_code == 404


def test_month_page_paginates(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for day in range(1, 6):
        make_article(title=f"Day {day}", published_at=at(2025, 1, day))
    url = reverse("articles:archive-month", args=[2025, 1])
    page2 = client.get(url, {"page": 2}).content.decode()
    assert "Day 3" in page2
    assert "Day 5" not in page2
    assert 'rel="prev"' in page2
    assert 'rel="next"' in page2
    assert client.get(url, {"page": 4}).status_code == 404


def test_archive_query_counts_are_fixed(django_assert_num_queries):
    for day in range(1, 13):
        make_article(published_at=at(2025, 1 + day % 3, day))
    with django_assert_num_queries(2):  # the months, the header's topics
        assert Client().get(reverse("articles:archive")).status_code == 200
    with django_assert_num_queries(3):  # the paginator's count, the page, the header's topics
        url = reverse("articles:archive-month", args=[2025, 1])
        assert Client().get(url).status_code == 200
