"""The roles: what an editor, a publisher and a superuser may each do, action by action."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import revisions, services
from articles.models import Article, PreviewLink, Status
from articles.permissions import EDITORS, PUBLISHERS, can_publish
from charts.models import Chart
from datasets.models import Dataset
from tests.factories import (
    add_version,
    article_form,
    change_form,
    chart_form,
    dataset_form,
    make_article,
    make_chart,
    make_editor,
    make_publisher,
    make_user,
    post_change,
    ready_draft,
    run_action,
)

pytestmark = pytest.mark.django_db

ROLES = {
    "editor": make_editor,
    "publisher": make_publisher,
    "superuser": lambda: make_user(is_staff=True, is_superuser=True),
}


def test_the_migration_made_both_roles_with_their_permissions():
    editors = Group.objects.get(name=EDITORS)
    publishers = Group.objects.get(name=PUBLISHERS)
    editor_perms = {f"{p.content_type.app_label}.{p.codename}" for p in editors.permissions.all()}
    publisher_perms = {
        f"{p.content_type.app_label}.{p.codename}" for p in publishers.permissions.all()
    }
    assert {"articles.change_article", "datasets.add_dataset", "charts.add_chart"} <= editor_perms
    assert "articles.publish_article" not in editor_perms
    assert publisher_perms == editor_perms | {"articles.publish_article"}
    assert not any(p.startswith("auth.") for p in publisher_perms)
    assert "articles.delete_revision" not in publisher_perms  # history is not editable


def test_can_publish_follows_the_role_and_the_active_flag():
    assert not can_publish(make_editor())
    assert can_publish(make_publisher())
    assert can_publish(make_user(is_superuser=True))
    assert not can_publish(make_publisher(is_active=False))
    assert not can_publish(make_user())


# Each action: do it as the client's user; return whether it took effect.


def add_draft(client, user):
    client.post(reverse("admin:articles_article_add"), article_form(user, charts=[make_chart()]))
    return Article.objects.filter(slug="chart-of-the-week").exists()


def publish_by_form(client, user):
    article = ready_draft()
    post_change(client, article, status="published")
    article.refresh_from_db()
    return article.status == Status.PUBLISHED


def schedule_by_form(client, user):
    article = ready_draft()
    later = timezone.localtime() + timedelta(days=2)
    post_change(
        client,
        article,
        status="published",
        published_at_0=later.strftime("%d/%m/%Y"),
        published_at_1=later.strftime("%H:%M:%S"),
    )
    article.refresh_from_db()
    return article.status == Status.PUBLISHED and article.published_at > timezone.now()


def publish_by_action(client, user):
    article = ready_draft()
    run_action(client, "publish_now", article)
    return Article.objects.published().filter(pk=article.pk).exists()


def unpublish_by_action(client, user):
    article = make_article(charts=[make_chart()])
    run_action(client, "unpublish", article)
    return not Article.objects.published().filter(pk=article.pk).exists()


def delete_published_article(client, user):
    article = make_article(charts=[make_chart()])
    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    return not Article.objects.filter(pk=article.pk).exists()


def delete_draft(client, user):
    article = make_article(published=False)
    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    return not Article.objects.filter(pk=article.pk).exists()


def submit_by_action(client, user):
    article = ready_draft()
    run_action(client, "submit_for_publication", article)
    article.refresh_from_db()
    return article.submitted_at is not None


def create_share_link(client, user):
    article = ready_draft()
    data = change_form(article, **{"preview_links-TOTAL_FORMS": "1"})
    data["preview_links-0-expires_at_0"] = "01/01/2099"
    data["preview_links-0-expires_at_1"] = "00:00:00"
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    return PreviewLink.objects.filter(article=article, created_by=user).exists()


def restore_revision(client, user):
    article = ready_draft(title="First")
    first = revisions.record(article, by=user)
    Article.objects.filter(pk=article.pk).update(title="Second")
    client.post(reverse("admin:articles_article_revision_restore", args=[article.pk, first.pk]))
    article.refresh_from_db()
    return article.title == "First"


def upload_dataset(client, user):
    client.post(reverse("admin:datasets_dataset_add"), dataset_form(b"pair,papers\nA,1\n"))
    return Dataset.objects.filter(slug="ai-papers").exists()


def build_chart(client, user):
    chart = make_chart()
    client.post(reverse("admin:charts_chart_add"), chart_form(chart.dataset, title="Built"))
    return Chart.objects.filter(title="Built").exists()


def move_chart_to_latest_data(client, user):
    chart = make_chart()
    add_version(chart.dataset, b"country,papers\nChina,1\n")
    client.post(
        reverse("admin:charts_chart_changelist"),
        {"action": "move_to_latest_data", "_selected_action": [chart.pk]},
    )
    chart.refresh_from_db()
    return chart.version.number == 2


def move_published_articles_charts_to_latest_data(client, user):
    chart = make_chart()
    article = make_article(charts=[chart])
    add_version(chart.dataset, b"country,papers\nChina,1\n")
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "move_charts_to_latest_data", "_selected_action": [article.pk]},
    )
    chart.refresh_from_db()
    return chart.version.number == 2


EVERYONE = {"editor", "publisher", "superuser"}
PUBLISHERS_ONLY = {"publisher", "superuser"}
MATRIX = {
    add_draft: EVERYONE,
    submit_by_action: EVERYONE,
    create_share_link: EVERYONE,
    restore_revision: EVERYONE,
    upload_dataset: EVERYONE,
    build_chart: EVERYONE,
    move_chart_to_latest_data: EVERYONE,
    delete_draft: EVERYONE,
    publish_by_form: PUBLISHERS_ONLY,
    schedule_by_form: PUBLISHERS_ONLY,
    publish_by_action: PUBLISHERS_ONLY,
    unpublish_by_action: PUBLISHERS_ONLY,
    delete_published_article: PUBLISHERS_ONLY,
    move_published_articles_charts_to_latest_data: PUBLISHERS_ONLY,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MATRIX, ids=lambda action: action.__name__)
def test_each_role_may_do_exactly_its_actions(client, role, action):
    user = ROLES[role]()
    client.force_login(user)
    assert action(client, user) == (role in MATRIX[action])


def test_an_editor_sees_publication_fields_read_only_and_no_publishing_actions(editor_client):
    article = ready_draft()
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "published_at" not in form.fields
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "submit_for_publication" in actions
    assert "publish_now" not in actions
    assert "unpublish" not in actions


def test_a_publisher_gets_the_fields_and_the_actions(publisher_client):
    article = ready_draft()
    response = publisher_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert {"status", "published_at"} <= set(response.context["adminform"].form.fields)
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert {"publish_now", "unpublish"} <= set(actions)


def test_an_editor_deleting_a_published_article_from_the_list_is_refused_with_the_reason(
    editor_client,
):
    article = make_article(title="Live story")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    assert "“Live story” is published: only a publisher can take it down." in (
        response.content.decode()
    )
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("verb", [services.publish_article, services.unpublish_article])
def test_the_publishing_functions_refuse_an_editor(verb):
    with pytest.raises(PermissionDenied):
        verb(article=ready_draft(), by=make_editor())


def test_an_editor_opening_the_delete_page_of_a_published_article_is_told_why_not(
    editor_client,
):
    article = make_article(title="Live story")
    response = editor_client.get(
        reverse("admin:articles_article_delete", args=[article.pk]), follow=True
    )
    assert "“Live story” is published: only a publisher can take it down." in (
        response.content.decode()
    )
