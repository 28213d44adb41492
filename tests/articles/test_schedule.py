"""Schedule and embargo: an article, its charts and their data appear together, at the time.

Every public way in is listed in `reader_urls`; the API and feeds add theirs
there, so the embargo is tested on them by the same tests.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from charts.models import Chart
from datasets.models import Dataset, DatasetVersion
from tests.factories import add_version, make_article, make_chart, make_publisher

pytestmark = pytest.mark.django_db


def reader_urls(article):
    """Every address where a reader could meet the article or its data."""
    chart = article.placements.get().chart
    return {
        "page": article.get_absolute_url(),
        "download": reverse("datasets:download", args=[chart.dataset.slug]),
        "download of its version": reverse("datasets:download", args=[chart.dataset.slug])
        + f"?version={chart.version.number}",
    }


def statuses(article):
    reader = Client()
    return {name: reader.get(url).status_code for name, url in reader_urls(article).items()}


def visible_everywhere(article):
    chart = article.placements.get().chart
    return {
        "article": Article.objects.published().filter(pk=article.pk).exists(),
        "chart": Chart.objects.published().filter(pk=chart.pk).exists(),
        "dataset": Dataset.objects.published().filter(pk=chart.dataset_id).exists(),
        "version": DatasetVersion.objects.published().filter(pk=chart.version_id).exists(),
        "home": article.title in Client().get(reverse("articles:home")).content.decode(),
    }


def scheduled(hours=2):
    article = make_article(charts=[make_chart()], published=False, title="Embargoed story")
    services.publish_article(
        article=article, by=make_publisher(), at=timezone.now() + timedelta(hours=hours)
    )
    return article


def test_before_its_time_nothing_of_a_scheduled_article_is_out():
    article = scheduled()
    assert set(statuses(article).values()) == {404}
    assert not any(visible_everywhere(article).values())


def test_at_its_time_the_article_its_chart_and_data_come_out_together():
    article = scheduled(hours=2)
    with time_machine.travel(timezone.now() + timedelta(hours=2, seconds=1)):
        assert set(statuses(article).values()) == {200}
        assert all(visible_everywhere(article).values())


def test_a_second_before_its_time_it_is_still_hidden():
    article = scheduled(hours=2)
    with time_machine.travel(article.published_at - timedelta(seconds=1), tick=False):
        assert set(statuses(article).values()) == {404}


def test_unpublishing_hides_the_article_and_its_data_again():
    article = make_article(charts=[make_chart()])
    assert set(statuses(article).values()) == {200}
    services.unpublish_article(article=article, by=make_publisher())
    assert set(statuses(article).values()) == {404}
    assert not any(visible_everywhere(article).values())


def test_unpublishing_keeps_a_dataset_another_published_article_still_uses():
    shared = make_chart()
    other_chart = make_chart(dataset=shared.dataset)
    going = make_article(charts=[shared])
    staying = make_article(charts=[other_chart])
    services.unpublish_article(article=going, by=make_publisher())
    assert Client().get(going.get_absolute_url()).status_code == 404
    assert not Chart.objects.published().filter(pk=shared.pk).exists()
    assert Dataset.objects.published().filter(pk=shared.dataset_id).exists()
    download = reverse("datasets:download", args=[shared.dataset.slug])
    assert Client().get(download).status_code == 200
    assert staying in Article.objects.published()


def test_new_data_for_an_embargoed_article_waits_for_it():
    """A dataset already public gets new data for a story under embargo: readers keep the old."""
    live_chart = make_chart()
    make_article(charts=[live_chart])
    add_version(live_chart.dataset, b"country,papers\nChina,1\n")
    embargoed_chart = make_chart(dataset=live_chart.dataset)  # drawn from version 2
    article = make_article(charts=[embargoed_chart], published=False)
    services.publish_article(
        article=article, by=make_publisher(), at=timezone.now() + timedelta(hours=1)
    )
    download = reverse("datasets:download", args=[live_chart.dataset.slug])
    assert b"China" not in b"".join(Client().get(download).streaming_content)
    assert Client().get(download, {"version": 2}).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
        assert b"China" in b"".join(Client().get(download).streaming_content)
