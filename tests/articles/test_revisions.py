"""Revisions: every save keeps one; editors compare two and restore one; corrections."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import revisions
from articles.models import Article, ArticleRedirect
from charts.models import Chart
from tests.factories import (
    add_version,
    article_form,
    chart_form,
    make_article,
    make_chart,
    make_editor,
    post_change,
)

pytestmark = pytest.mark.django_db


def test_each_admin_save_of_an_article_keeps_a_revision_with_what_changed(editor_client, editor):
    chart = make_chart(title="Exports")
    editor_client.post(reverse("admin:articles_article_add"), article_form(editor, charts=[chart]))
    article = Article.objects.get()
    post_change(editor_client, article, title="A better title", body="New words.\n\n[chart 1]")
    post_change(editor_client, article, title="A better title", body="New words.\n\n[chart 1]")
    history = list(revisions.history(article))
    assert len(history) == 2  # the save that changed nothing kept nothing
    latest, first = history
    assert first.note == "Created"
    assert first.data["charts"] == [{"chart": chart.pk, "position": 1, "title": "Exports"}]
    assert latest.created_by == editor
    assert revisions.summary(latest, Article) == "title, body"


def test_each_admin_save_of_a_chart_keeps_a_revision(editor_client, editor):
    chart = make_chart()
    data = chart_form(chart.dataset, title="Clearer", alt_text="Bars, clearer.")
    data["version"] = str(chart.version_id)
    editor_client.post(reverse("admin:charts_chart_change", args=[chart.pk]), data)
    [revision] = revisions.history(chart)
    assert revision.data["title"] == "Clearer"
    assert revision.created_by == editor


def test_moving_a_chart_to_new_data_keeps_a_revision(editor_client):
    chart = make_chart()
    add_version(chart.dataset, b"country,papers\nChina,1\n")
    editor_client.post(
        reverse("admin:charts_chart_changelist"),
        {"action": "move_to_latest_data", "_selected_action": [chart.pk]},
    )
    assert revisions.history(chart).first().note == "Moved to data version 2"


def revised_article():
    editor = make_editor()
    article = make_article(
        title="Old title", body="One.\nTwo.\nThree.", charts=[make_chart(title="First chart")]
    )
    first = revisions.record(article, by=editor)
    Article.objects.filter(pk=article.pk).update(title="New title", body="One.\n2.\nThree.")
    article.refresh_from_db()
    second = revisions.record(article, by=editor)
    return article, first, second


def test_compare_shows_old_and_new_per_field_and_text_as_a_line_diff(editor_client):
    article, first, second = revised_article()
    response = editor_client.get(
        reverse("admin:articles_article_revision_compare", args=[article.pk]),
        {"old": first.pk, "new": second.pk},
    )
    fields = {f.name: f for f in response.context["fields"]}
    assert (fields["title"].old, fields["title"].new, fields["title"].changed) == (
        "Old title",
        "New title",
        True,
    )
    assert [(line.old, line.new, line.kind) for line in fields["body"].lines] == [
        ("One.", "One.", "equal"),
        ("Two.", "2.", "replace"),
        ("Three.", "Three.", "equal"),
    ]
    assert not fields["standfirst"].changed
    html = response.content.decode()
    assert "<del>Two.</del>" in html
    assert "<ins>2.</ins>" in html


def test_the_history_page_lists_revisions_to_compare(editor_client):
    article, first, _ = revised_article()
    html = editor_client.get(
        reverse("admin:articles_article_history", args=[article.pk])
    ).content.decode()
    assert "changed title, body" in html
    assert f'name="old" value="{first.pk}"' in html


def test_restoring_brings_the_old_words_back_as_a_new_revision(editor_client):
    article, first, _ = revised_article()
    response = editor_client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, first.pk])
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Old title", "One.\nTwo.\nThree.")
    latest = revisions.history(article).first()
    assert latest.note.startswith("Restored the revision of ")
    assert revisions.summary(latest, Article) == "title, body"
    assert revisions.history(article).count() == 3


def test_restoring_never_changes_whether_the_article_is_published(editor_client):
    article = make_article(published=False, charts=[make_chart()])
    draft_revision = revisions.record(article, by=make_editor())
    Article.objects.filter(pk=article.pk).update(
        status="published", published_at=timezone.now() - timedelta(hours=1)
    )
    editor_client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, draft_revision.pk])
    )
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_restoring_the_charts_and_an_old_slug_of_a_published_article(publisher_client):
    # A publisher: placing other charts in a published article publishes their data.
    first_chart, second_chart = make_chart(title="First"), make_chart(title="Second")
    article = make_article(slug="old-slug", charts=[first_chart])
    before = revisions.record(article, by=make_editor())
    Article.objects.filter(pk=article.pk).update(slug="new-slug")
    ArticleRedirect.objects.create(old_slug="old-slug", article=article)
    article.placements.update(chart=second_chart)
    publisher_client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, before.pk])
    )
    article.refresh_from_db()
    assert [p.chart for p in article.placements.all()] == [first_chart]
    assert article.slug == "old-slug"
    response = Client().get(reverse("articles:detail", args=["new-slug"]))
    assert response.status_code == 301
    assert response.url == article.get_absolute_url()
    assert not ArticleRedirect.objects.filter(old_slug="old-slug").exists()


def test_an_editor_restoring_other_charts_into_a_published_article_is_refused(editor_client):
    first_chart, second_chart = make_chart(title="First"), make_chart(title="Second")
    article = make_article(charts=[first_chart])
    before = revisions.record(article, by=make_editor())
    article.placements.update(chart=second_chart)
    response = editor_client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, before.pk]),
        follow=True,
    )
    html = response.content.decode()
    assert "Not restored:" in html
    assert "placing “First” in it publishes that data, so only a publisher can do it" in html
    assert [p.chart for p in article.placements.all()] == [second_chart]


def test_a_restore_that_would_break_a_published_article_is_refused(editor_client):
    chart = make_chart()
    article = make_article(charts=[chart], published=False)
    empty = revisions.record(article, by=make_editor())
    article.placements.all().delete()
    empty.data["charts"] = []
    empty.save()
    # Published later, with a chart; restoring the chartless revision would break it.
    Article.objects.filter(pk=article.pk).update(
        status="published", published_at=timezone.now() - timedelta(hours=1)
    )
    article.placements.create(chart=chart, position=1)
    response = editor_client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, empty.pk]),
        follow=True,
    )
    assert "Not restored:" in response.content.decode()
    assert "Place at least one chart in the article." in response.content.decode()
    assert article.placements.count() == 1


def test_restoring_a_chart_checks_it_against_its_data(editor_client):
    chart = make_chart()
    before = revisions.record(chart, by=make_editor())
    before.data["spec"]["columns"]["label"] = "no-such-column"
    before.save()
    response = editor_client.post(
        reverse("admin:charts_chart_revision_restore", args=[chart.pk, before.pk]), follow=True
    )
    assert "Not restored:" in response.content.decode()
    assert Chart.objects.get(pk=chart.pk).spec.columns.label == "country"


def test_a_correction_is_shown_to_readers_with_its_date(editor_client):
    article = make_article(charts=[make_chart()])
    post_change(editor_client, article, correction="The 2021 figure was 9,660, not 6,960.")
    article.refresh_from_db()
    assert article.corrected_at is not None
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "<strong>Correction</strong>" in html
    assert "The 2021 figure was 9,660, not 6,960." in html
    assert f'datetime="{timezone.localtime(article.corrected_at).isoformat()}"' in html


def test_history_still_reads_a_revision_with_a_field_the_model_has_lost(editor_client):
    chart = make_chart()
    revision = revisions.record(chart, by=make_editor())
    revision.changed = ["old_setting"]
    revision.save()
    assert revisions.summary(revision, Chart) == "old setting"
    url = reverse("admin:charts_chart_history", args=[chart.pk])
    assert "changed old setting" in editor_client.get(url).content.decode()
