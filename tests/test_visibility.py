"""chartweek.visibility: who may see which articles, charts, datasets and versions."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles import services
from charts.models import Chart
from chartweek import visibility
from datasets.models import Dataset
from tests.factories import (
    add_version,
    make_article,
    make_chart,
    make_dataset,
    make_editor,
    make_publisher,
    make_user,
    publish_version,
)

pytestmark = pytest.mark.django_db

NEW = b"country,papers,share\nUnited States,1,0.5\n"


@pytest.fixture
def story():
    """A published article whose dataset has had new data since (version 2, not drawn)."""
    chart = make_chart()
    article = make_article(charts=[chart])
    newer = add_version(chart.dataset, NEW)
    return chart, article, newer


def test_only_active_staff_with_the_view_permission_preview():
    assert not visibility.can_preview(None, Dataset)
    assert not visibility.can_preview(AnonymousUser(), Dataset)
    assert not visibility.can_preview(make_user(), Dataset)
    assert not visibility.can_preview(make_user(is_staff=True), Dataset)  # no permission
    assert not visibility.can_preview(make_editor(is_active=False), Dataset)
    assert visibility.can_preview(make_editor(), Dataset)


def test_for_user_says_whether_it_is_a_preview(story):
    chart, _, _ = story
    hidden = make_chart()
    everything, preview = visibility.for_user(Chart.objects.all(), make_editor())
    assert preview
    assert set(everything) == {chart, hidden}
    public, preview = visibility.for_user(Chart.objects.all(), AnonymousUser())
    assert not preview
    assert list(public) == [chart]


def test_readers_see_published_articles_only():
    live = make_article()
    make_article(published=False)
    make_article(published_at=timezone.now() + timedelta(hours=1))
    gone = make_article()
    services.unpublish_article(article=gone, by=make_publisher())
    assert list(visibility.articles()) == [live]
    assert visibility.articles(user=make_editor()).count() == 4


def test_a_dataset_is_visible_while_a_public_article_draws_it(story):
    chart, article, _ = story
    make_dataset()  # used by nothing
    assert list(visibility.datasets()) == [chart.dataset]
    services.unpublish_article(article=article, by=make_publisher())
    assert not visibility.datasets().exists()


def test_new_data_for_a_public_dataset_stays_hidden_until_an_article_draws_it(story):
    chart, _, newer = story
    assert [v.number for v in visibility.versions(dataset=chart.dataset)] == [1]
    assert visibility.reader_version(chart.dataset) == chart.version
    assert chart.dataset.current_version == newer  # the editors' latest, not the readers'
    publish_version(newer)
    assert [v.number for v in visibility.versions(dataset=chart.dataset)] == [2, 1]
    assert visibility.reader_version(chart.dataset) == newer


def test_a_scheduled_articles_data_appears_at_its_time(story):
    chart, _, newer = story
    later = make_chart(dataset=chart.dataset, version=newer)
    make_article(charts=[later], published_at=timezone.now() + timedelta(days=1))
    assert visibility.reader_version(chart.dataset).number == 1
    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    with mock.patch("articles.models.timezone.now", return_value=tomorrow):
        assert visibility.reader_version(chart.dataset).number == 2


def test_a_version_no_public_chart_draws_any_more_is_hidden(story):
    chart, _, newer = story
    Chart.objects.filter(pk=chart.pk).update(version=newer)  # moved on
    assert [v.number for v in visibility.versions(dataset=chart.dataset)] == [2]


def test_editors_preview_the_latest_upload(story):
    chart, _, newer = story
    editor = make_editor()
    assert visibility.reader_version(chart.dataset, user=editor) == newer
    assert visibility.versions(user=editor, dataset=chart.dataset).count() == 2


def test_attach_reader_versions_sets_each_datasets_in_one_query(story, django_assert_num_queries):
    chart, _, _ = story
    other = publish_version(add_version(make_dataset(), NEW)).dataset
    hidden = make_dataset()
    datasets = list(Dataset.objects.filter(pk__in=[chart.dataset.pk, other.pk, hidden.pk]))
    with django_assert_num_queries(1):
        visibility.attach_reader_versions(datasets)
    found = {d.pk: d.reader_version and d.reader_version.number for d in datasets}
    assert found == {chart.dataset.pk: 1, other.pk: 2, hidden.pk: None}


@pytest.mark.parametrize(
    ("number", "found"),
    [
        (None, 1),
        ("", 1),
        ("1", 1),
        (1, 1),
        ("2", None),
        ("3", None),
        ("abc", None),
        ("-1", None),
        ("1.0", None),
        ("9" * 30, None),
    ],
)
def test_find_version_finds_only_what_readers_may_see(story, number, found):
    chart, _, _ = story
    version = visibility.find_version(chart.dataset, number=number)
    assert (version.number if version else None) == found


def test_may_download_follows_the_licence_for_readers_and_not_for_staff(story):
    chart, _, _ = story
    assert visibility.may_download(chart.dataset)
    chart.dataset.redistributable = False
    assert not visibility.may_download(chart.dataset, user=AnonymousUser())
    assert not visibility.may_download(chart.dataset, user=make_user())
    assert visibility.may_download(chart.dataset, user=make_editor())


def test_an_embargoed_upload_moves_no_date_until_readers_get_its_data():
    chart = make_chart()
    make_article(charts=[chart])
    dataset = chart.dataset
    dataset.refresh_from_db()
    before = visibility.reader_updated_at(dataset, visibility.reader_version(dataset))
    later = timezone.now() + timedelta(days=30)
    with mock.patch.object(timezone, "now", return_value=later):
        newer = add_version(dataset, NEW)
    dataset.refresh_from_db()
    assert dataset.updated_at < later  # the upload is not a metadata edit
    assert visibility.reader_updated_at(dataset, visibility.reader_version(dataset)) == before
    dated = visibility.with_reader_updated_at(Dataset.objects.filter(pk=dataset.pk)).get()
    assert dated.reader_updated_at == before

    publish_version(newer)
    assert visibility.reader_updated_at(dataset, visibility.reader_version(dataset)) == later
    dated = visibility.with_reader_updated_at(Dataset.objects.filter(pk=dataset.pk)).get()
    assert dated.reader_updated_at == later
