import pytest
from django.urls import reverse

from articles.models import Article, Status
from tests.factories import article_form, make_article, make_chart, make_topic

pytestmark = pytest.mark.django_db


def test_editor_composes_an_article_with_charts_then_a_publisher_publishes_it(
    editor_client, editor, publisher
):
    first, second = make_chart(), make_chart()
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(editor, charts=[second, first])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="chart-of-the-week")
    assert article.status == Status.DRAFT
    assert article.created_by == editor
    assert [p.chart for p in article.placements.all()] == [second, first]

    editor_client.force_login(publisher)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at is not None
    assert article in Article.objects.published()


def test_publishing_from_the_form_without_a_time_means_now(publisher_client, publisher):
    response = publisher_client.post(
        reverse("admin:articles_article_add"),
        article_form(publisher, charts=[make_chart()], status="published"),
    )
    assert response.status_code == 302
    assert Article.objects.published().filter(slug="chart-of-the-week").exists()


def test_add_form_defaults_the_author_to_the_editor(editor_client, editor):
    response = editor_client.get(reverse("admin:articles_article_add"))
    assert response.context["adminform"].form.initial["author"] == editor.pk


def test_unpublish_action_hides_the_article(publisher_client):
    article = make_article()
    publisher_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert not Article.objects.published().exists()


def test_changelist_shows_state_and_chart_count(editor_client):
    make_article(title="Live one", charts=[make_chart(), make_chart()])
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Live one" in html
    assert "Published" in html
    assert '<td class="field-chart_count">2</td>' in html


def test_editor_tags_an_article_with_topics(editor_client, editor):
    ai, china = make_topic(name="AI"), make_topic(name="China")
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(editor, topics=[str(ai.pk), str(china.pk)]),
    )
    assert response.status_code == 302
    assert set(Article.objects.get(slug="chart-of-the-week").topics.all()) == {ai, china}


def test_saving_a_published_article_makes_its_share_image_and_author_page(
    publisher_client, publisher, django_capture_on_commit_callbacks
):
    chart = make_chart()
    with django_capture_on_commit_callbacks(execute=True):  # drawn once the save is committed
        response = publisher_client.post(
            reverse("admin:articles_article_add"),
            article_form(publisher, charts=[chart], status="published"),
        )
    assert response.status_code == 302
    article = Article.objects.get(slug="chart-of-the-week")
    assert article.share_image.name.startswith("share/")
    assert publisher.author_profile.slug == "pub-lisher"
    change = publisher_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert article.get_share_image_url() in change.content.decode()


def test_a_draft_gets_no_share_image_until_published(
    publisher_client, publisher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publisher_client.post(
            reverse("admin:articles_article_add"), article_form(publisher, charts=[make_chart()])
        )
    article = Article.objects.get(slug="chart-of-the-week")
    assert not article.share_image
    with django_capture_on_commit_callbacks(execute=True):
        publisher_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_now", "_selected_action": [article.pk]},
        )
    article.refresh_from_db()
    assert article.share_image


# Committed for real: the picture is drawn after the commit, within the editor's request.
@pytest.mark.django_db(transaction=True)
def test_a_failing_share_image_warns_but_keeps_the_article(
    publisher_client, publisher, monkeypatch
):
    def broken(**kwargs):
        raise ValueError("no fonts")

    monkeypatch.setattr("articles.services.refresh_share_image", broken)
    response = publisher_client.post(
        reverse("admin:articles_article_add"),
        article_form(publisher, charts=[make_chart()], status="published"),
        follow=True,
    )
    assert Article.objects.published().filter(slug="chart-of-the-week").exists()
    assert "share image could not be made" in response.content.decode()


def test_topic_admin_lists_topics_with_article_counts(editor_client):
    topic = make_topic(name="Energy")
    make_article(topics=[topic])
    html = editor_client.get(reverse("admin:articles_topic_changelist")).content.decode()
    assert "Energy" in html
    assert '<td class="field-article_count">1</td>' in html
