"""Edits never lost silently: a stale save is refused, and publishing twice is publishing once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles import revisions, services
from articles.models import Article
from articles.share import refresh_share_image
from charts.models import Chart
from tests.factories import (
    change_form,
    chart_form,
    make_article,
    make_chart,
    make_editor,
    make_publisher,
    ready_draft,
)

pytestmark = pytest.mark.django_db

OPENED_AT = re.compile(r'name="opened_at" value="([^"]+)"')


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def opened_at(response):
    """The version a change form carries, as the browser would post it back."""
    return OPENED_AT.search(response.content.decode()).group(1)


@pytest.fixture
def two_editors():
    return (
        signed_in(make_editor(first_name="Ada", last_name="Lovelace")),
        signed_in(make_editor(first_name="Grace", last_name="Hopper")),
    )


def test_the_second_of_two_editors_is_refused_and_keeps_her_text(two_editors):
    ada, grace = two_editors
    article = make_article(charts=[make_chart()], published=False, body="Draft.\n\n[chart 1]")
    url = reverse("admin:articles_article_change", args=[article.pk])
    version_ada, version_grace = opened_at(ada.get(url)), opened_at(grace.get(url))

    saved = ada.post(url, change_form(article, body="Ada's words.", opened_at=version_ada))
    assert saved.status_code == 302
    refused = grace.post(url, change_form(article, body="Grace's words.", opened_at=version_grace))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "was changed by Ada Lovelace at" in page
    assert "since you opened it" in page
    compare = reverse("admin:articles_article_revision_compare", args=[article.pk])
    assert f'href="{compare}' in page
    assert "Grace&#x27;s words." in page  # her text is still in the form
    article.refresh_from_db()
    assert article.body == "Ada's words."  # and Ada's is not reverted


def test_saving_again_after_the_refusal_is_a_deliberate_overwrite(two_editors):
    ada, grace = two_editors
    article = make_article(charts=[make_chart()], published=False)
    url = reverse("admin:articles_article_change", args=[article.pk])
    version = opened_at(ada.get(url))
    ada.post(url, change_form(article, body="Ada's words.", opened_at=version))
    refused = grace.post(url, change_form(article, body="Grace's words.", opened_at=version))
    carried = opened_at(refused)  # the form now carries Ada's version
    again = grace.post(url, change_form(article, body="Grace's words.", opened_at=carried))
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.body == "Grace's words."


def test_one_editor_saving_twice_from_fresh_forms_is_never_refused(editor_client):
    article = make_article(charts=[make_chart()], published=False)
    url = reverse("admin:articles_article_change", args=[article.pk])
    for body in ("One.", "Two."):
        version = opened_at(editor_client.get(url))
        response = editor_client.post(url, change_form(article, body=body, opened_at=version))
        assert response.status_code == 302


def test_a_stale_chart_save_is_refused_and_names_who_changed_it(two_editors):
    ada, grace = two_editors
    chart = make_chart(title="Papers")
    url = reverse("admin:charts_chart_change", args=[chart.pk])
    version = opened_at(ada.get(url))
    assert opened_at(grace.get(url)) == version

    def post(client, title):
        data = chart_form(chart.dataset, title=title, version=str(chart.version_id))
        return client.post(url, {**data, "opened_at": version})

    assert post(ada, "Papers by country").status_code == 302
    refused = post(grace, "Papers, 2024")
    assert refused.status_code == 200
    assert "was changed by Ada Lovelace at" in refused.content.decode()
    assert 'value="Papers, 2024"' in refused.content.decode()
    assert Chart.objects.get(pk=chart.pk).title == "Papers by country"


def test_the_live_preview_of_a_stale_chart_form_still_draws(two_editors):
    ada, grace = two_editors
    chart = make_chart()
    version = opened_at(ada.get(reverse("admin:charts_chart_change", args=[chart.pk])))
    Chart.objects.get(pk=chart.pk).save()  # someone else saves meanwhile
    data = chart_form(chart.dataset, version=str(chart.version_id), opened_at=version)
    response = grace.post(reverse("admin:charts_chart_preview", args=[chart.pk]), data)
    assert "html" in response.json()


def test_publishing_twice_from_two_stale_copies_publishes_once():
    publisher = make_publisher()
    draft = ready_draft()
    first, second = Article.objects.get(pk=draft.pk), Article.objects.get(pk=draft.pk)
    assert services.publish_article(article=first, by=publisher) is not None
    assert (
        services.publish_article(article=second, by=publisher) is None
    )  # already out: nothing to do
    notes = [r.note for r in revisions.history(draft)]
    assert notes.count("Published") == 1


def test_publish_now_submitted_twice_makes_one_revision_and_one_share_image(
    settings, django_capture_on_commit_callbacks
):
    publisher = signed_in(make_publisher())
    draft = ready_draft()
    changelist = reverse("admin:articles_article_changelist")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            publisher.post(changelist, {"action": "publish_now", "_selected_action": [draft.pk]})
    notes = [r.note for r in revisions.history(draft)]
    assert notes.count("Published") == 1
    assert len(share_files(settings)) == 1


def test_two_stale_copies_refreshing_the_share_image_leave_no_orphan_file(
    settings, django_capture_on_commit_callbacks
):
    article = make_article(charts=[make_chart()])
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_share_image(article=first)
    first.title = second.title = "A new headline"  # both draw a new picture
    Article.objects.filter(pk=article.pk).update(title="A new headline")
    with django_capture_on_commit_callbacks(execute=True):
        refresh_share_image(article=first)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_share_image(article=second)  # its idea of the stored file is out of date
    files = share_files(settings)
    assert len(files) == 1
    article.refresh_from_db()
    assert article.share_image.name.endswith(files[0].name)


def share_files(settings):
    return list(settings.MEDIA_ROOT.rglob("*.png"))
