"""The editorial services, called directly (no admin): one write path per operation."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import revisions, services
from articles.models import Article, ArticleRedirect, Status
from chartweek import cachetags
from tests.factories import add_version, make_article, make_chart, make_editor, make_publisher

pytestmark = pytest.mark.django_db

NEW_DATA = b"country,papers,share\nUnited States,9999,0.5\nUnited Kingdom,3560,0.25\n"


def test_save_article_applies_roles_gate_correction_charts_old_address_and_revision():
    editor, publisher = make_editor(), make_publisher()
    article = make_article(published=False, slug="first-slug")
    first, second = make_chart(), make_chart()

    article.status = Status.PUBLISHED
    with pytest.raises(services.NotAllowed) as refused:
        services.save_article(article=article, by=editor, charts=[first])
    assert isinstance(refused.value, PermissionDenied)  # a 403 wherever it is raised
    with pytest.raises(services.PublishRefused):
        services.save_article(article=article, by=publisher, charts=[])
    revision = services.save_article(article=article, by=publisher, charts=[second, first])
    article.refresh_from_db()
    assert article.is_public
    assert [p.chart for p in article.placements.all()] == [second, first]
    assert revision.created_by == publisher

    article.slug, article.correction = "second-slug", "A figure was wrong."
    services.save_article(article=article, by=editor)  # words only: an editor may
    article.refresh_from_db()
    assert article.corrected_at is not None
    assert ArticleRedirect.objects.get(old_slug="first-slug").article == article
    assert revisions.summary(revisions.history(article).first(), Article) == "slug, correction"


def test_save_article_reorders_and_keeps_placements_rather_than_remaking_them():
    first, second, third = make_chart(), make_chart(), make_chart()
    article = make_article(charts=[first, second])
    kept = article.placements.get(chart=second).pk
    services.save_article(article=article, by=make_publisher(), charts=[second, third])
    placements = list(article.placements.all())
    assert [(p.chart, p.position) for p in placements] == [(second, 1), (third, 2)]
    assert placements[0].pk == kept


def test_a_chart_placed_twice_is_refused():
    chart = make_chart()
    article = make_article(published=False)
    with pytest.raises(services.Refused, match="twice"):
        services.save_article(article=article, by=make_editor(), charts=[chart, chart])


def test_a_failure_midway_through_a_save_leaves_nothing_half_saved(monkeypatch):
    old_chart, new_chart = make_chart(), make_chart()
    article = make_article(title="Before", charts=[old_chart])

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is gone")

    monkeypatch.setattr(revisions, "record", broken)  # the last write of the save
    article.title = "After"
    with pytest.raises(RuntimeError):
        services.save_article(article=article, by=make_publisher(), charts=[new_chart])
    article.refresh_from_db()
    assert article.title == "Before"
    assert [p.chart for p in article.placements.all()] == [old_chart]


def test_the_share_image_is_drawn_only_once_the_save_is_committed(
    django_capture_on_commit_callbacks,
):
    article = make_article(charts=[make_chart()])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.save_article(article=article, by=make_publisher())
        assert not Article.objects.get(pk=article.pk).share_image
    # The page cache forgets the article's pages once more after the commit.
    assert any(getattr(callback, "func", None) is cachetags.bump for callback in callbacks)
    for callback in callbacks:
        callback()
    assert Article.objects.get(pk=article.pk).share_image.name.startswith("share/")


def test_a_draft_gets_no_share_image(django_capture_on_commit_callbacks):
    article = make_article(published=False, charts=[make_chart()])
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=article, by=make_editor())
    assert not Article.objects.get(pk=article.pk).share_image


def test_restoring_a_revision_redraws_the_share_image(django_capture_on_commit_callbacks):
    article = make_article(title="The first headline", charts=[make_chart()])
    publisher = make_publisher()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=article, by=publisher)
    first = revisions.history(article).first()
    article.title = "A second headline"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=article, by=publisher)
    drawn_for_second = Article.objects.get(pk=article.pk).share_image.name

    with django_capture_on_commit_callbacks(execute=True):
        services.restore_revision(revision=first, by=publisher)
    article.refresh_from_db()
    assert article.title == "The first headline"
    assert article.share_image.name != drawn_for_second  # the card shows the headline again


def test_publishing_draws_the_share_image_and_unpublishing_keeps_the_revision_trail(
    django_capture_on_commit_callbacks,
):
    article = make_article(published=False, charts=[make_chart()])
    publisher = make_publisher()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=article, by=publisher)
    assert Article.objects.get(pk=article.pk).share_image
    services.unpublish_article(article=article, by=publisher)
    assert [r.note for r in revisions.history(article)][:2] == ["Unpublished", "Published"]


def test_schedule_needs_a_future_time_and_a_publisher():
    article = make_article(published=False, charts=[make_chart()])
    with pytest.raises(services.Refused, match="in the future"):
        services.schedule_article(article=article, by=make_publisher(), at=timezone.now())
    later = timezone.now() + timedelta(days=1)
    with pytest.raises(services.NotAllowed):
        services.schedule_article(article=article, by=make_editor(), at=later)
    services.schedule_article(article=article, by=make_publisher(), at=later)
    assert Article.objects.get(pk=article.pk).state == "Scheduled"


def test_moving_charts_redraws_the_cards_of_published_articles_carrying_them(
    django_capture_on_commit_callbacks,
):
    chart = make_chart()
    article = make_article(charts=[chart])
    add_version(chart.dataset, NEW_DATA)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.move_charts_to_latest_data(charts=[chart], by=make_publisher())
    assert result == services.MoveResult(moved=1)
    assert Article.objects.get(pk=article.pk).share_image


def test_an_editor_restoring_a_published_charts_old_data_is_refused():
    chart = make_chart()
    make_article(charts=[chart])
    on_first = revisions.record(chart, by=make_editor())
    add_version(chart.dataset, NEW_DATA)
    services.move_charts_to_latest_data(charts=[chart], by=make_publisher())
    with pytest.raises(revisions.RestoreRefused, match="only a publisher"):
        services.restore_revision(revision=on_first, by=make_editor())
    chart.refresh_from_db()
    assert chart.version.number == 2
    services.restore_revision(revision=on_first, by=make_publisher())
    chart.refresh_from_db()
    assert chart.version.number == 1


def _imports(module: str) -> set[str]:
    path = Path(__file__).resolve().parents[2] / (module.replace(".", "/") + ".py")
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_revisions_knows_no_model_and_publishing_writes_nothing():
    """The generic revisions module is told about articles; the rules import no writer."""
    in_revisions, in_publishing = _imports("articles.revisions"), _imports("articles.publishing")
    assert not {"articles.models.Article", "charts.models.Chart"} & in_revisions
    assert not {"articles.publishing", "articles.services"} & in_revisions
    assert not {"articles.revisions", "articles.services"} & in_publishing
