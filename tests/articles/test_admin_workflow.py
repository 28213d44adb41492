"""The workflow buttons on an article's admin page (articles/admin_workflow.py) and the one
wording of where an article stands (articles.querysets.State) on every admin surface."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.admin import StateFilter
from articles.models import Article, State, Status
from tests.factories import make_article, make_chart, ready_draft

pytestmark = pytest.mark.django_db


def step_url(article, step):
    return reverse("admin:articles_article_workflow", args=[article.pk, step])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def buttons(client, article):
    workflow = client.get(change_url(article)).context["workflow"]
    return [button["name"] for button in workflow["buttons"]]


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# -- which buttons, for whom --------------------------------------------------------------


def test_an_editor_is_offered_submit_only(editor_client):
    assert buttons(editor_client, ready_draft()) == ["submit"]


def test_a_publisher_is_offered_submit_and_publish_on_a_draft(publisher_client):
    assert buttons(publisher_client, ready_draft()) == ["submit", "publish"]


def test_schedule_is_offered_only_with_a_future_time_saved(publisher_client):
    later = timezone.now() + timedelta(days=1)
    assert "schedule" in buttons(publisher_client, ready_draft(published_at=later))
    assert "schedule" not in buttons(publisher_client, ready_draft())


def test_a_published_article_offers_a_publisher_unpublish_and_an_editor_nothing(
    publisher_client, editor
):
    article = make_article(charts=[make_chart()])
    assert buttons(publisher_client, article) == ["unpublish"]
    publisher_client.force_login(editor)
    assert buttons(publisher_client, article) == []


def test_each_button_says_what_it_will_do(publisher_client):
    later = timezone.now() + timedelta(days=1)
    html = publisher_client.get(change_url(ready_draft(published_at=later))).content.decode()
    assert "Checks the saved version is ready, then asks a publisher to publish it." in html
    assert "Readers see the saved version at once." in html
    assert "Readers see the saved version from " in html


# -- pressing them -------------------------------------------------------------------------


def test_an_editor_submits_from_the_page(editor_client, editor):
    article = ready_draft()
    response = editor_client.post(step_url(article, "submit"), follow=True)
    article.refresh_from_db()
    assert article.workflow_state == State.SUBMITTED
    assert article.submitted_by == editor
    assert response.redirect_chain[-1][0] == change_url(article)
    assert f"“{article}” submitted: it is now “Waiting for a publisher”." in messages_of(response)


def test_a_refused_submission_shows_what_to_fix_and_changes_nothing(editor_client):
    article = make_article(published=False)  # no chart placed
    response = editor_client.post(step_url(article, "submit"), follow=True)
    (message,) = messages_of(response)
    assert f"“{article}” was not submitted. Fix these first:" in message
    assert "Place at least one chart in the article." in message
    assert Article.objects.get(pk=article.pk).workflow_state == State.DRAFT


def test_a_publisher_publishes_then_unpublishes_from_the_page(publisher_client):
    article = ready_draft(submitted_at=timezone.now())
    publisher_client.post(step_url(article, "publish"))
    assert Article.objects.published().filter(pk=article.pk).exists()
    publisher_client.post(step_url(article, "unpublish"))
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_a_publisher_schedules_at_the_saved_time(publisher_client):
    later = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    article = ready_draft(published_at=later)
    publisher_client.post(step_url(article, "schedule"))
    article.refresh_from_db()
    assert article.workflow_state == State.SCHEDULED
    assert article.published_at == later


@pytest.mark.parametrize("step", ["publish", "schedule", "unpublish"])
def test_a_forged_publishing_post_from_an_editor_is_refused(editor_client, step):
    later = timezone.now() + timedelta(days=1)
    draft, live = ready_draft(published_at=later), make_article(charts=[make_chart()])
    article = live if step == "unpublish" else draft
    before = (article.status, article.published_at)
    assert editor_client.post(step_url(article, step)).status_code == 403
    article.refresh_from_db()
    assert (article.status, article.published_at) == before


def test_a_step_that_no_longer_applies_changes_nothing_and_says_so(publisher_client):
    article = make_article(charts=[make_chart()])
    response = publisher_client.post(step_url(article, "submit"), follow=True)
    assert messages_of(response) == [f"“{article}” is published: nothing was submitted."]
    assert Article.objects.get(pk=article.pk).submitted_at is None


def test_the_steps_answer_only_csrf_protected_posts(editor, publisher_client):
    article = ready_draft()
    assert publisher_client.get(step_url(article, "publish")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(step_url(article, "submit")).status_code == 403
    assert Article.objects.get(pk=article.pk).submitted_at is None


def test_an_unknown_step_or_article_is_404(publisher_client):
    article = ready_draft()
    assert publisher_client.post(step_url(article, "delete")).status_code == 404
    missing = reverse("admin:articles_article_workflow", args=[article.pk + 1, "publish"])
    assert publisher_client.post(missing).status_code == 404


# -- one wording -----------------------------------------------------------------------------


def test_a_submitted_article_says_so_on_its_page_list_and_preview(editor_client, publisher):
    article = ready_draft(submitted_at=timezone.now())
    page = editor_client.get(change_url(article))
    assert page.context["workflow"]["state"] == "Waiting for a publisher"
    assert "status" not in page.context["adminform"].form.fields  # no read-only "Draft"
    listing = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert '<td class="field-state">Waiting for a publisher</td>' in listing
    preview = editor_client.get(article.get_absolute_url()).content.decode()
    assert "<strong>Waiting for a publisher</strong>: readers cannot see this article." in preview

    editor_client.force_login(publisher)
    form = editor_client.get(change_url(article)).context["adminform"].form
    assert dict(form.fields["status"].choices) == {
        "draft": "Waiting for a publisher",
        "published": "Published",
    }


def test_a_scheduled_article_reads_scheduled_in_the_publishers_choice(publisher_client):
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    form = publisher_client.get(change_url(article)).context["adminform"].form
    assert dict(form.fields["status"].choices)["published"] == "Scheduled"


def test_the_list_filter_offers_the_states_in_their_words(editor_client):
    article = ready_draft(submitted_at=timezone.now())
    assert [label for _, label in StateFilter.lookups(None, None, None)] == State.labels
    response = editor_client.get(
        reverse("admin:articles_article_changelist"), {"state": "submitted"}
    )
    assert list(response.context["cl"].result_list) == [article]
