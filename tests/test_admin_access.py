"""Who may open which admin page: anonymous, signed-in non-staff, editor, publisher, superuser.

Every registered model's list, add, change, history and delete pages, plus the
pages chartweek adds (dataset comparison, import progress, chart preview). Writes
are checked where the workflow draws a line: an editor may not delete a
published article; a publisher may.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from datasets.models import ImportJob
from tests.factories import (
    make_article,
    make_chart,
    make_editor,
    make_publisher,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "editor", "publisher", "superuser"]


def client_for(role):
    client = Client()
    users = {
        "member": lambda: make_user(),
        "editor": lambda: make_editor(),
        "publisher": lambda: make_publisher(),
        "superuser": lambda: get_user_model().objects.create_superuser(
            "root", "r@example.org", "x"
        ),
    }
    if role in users:
        client.force_login(users[role]())
    return client


@pytest.fixture
def objects():
    chart = make_chart()
    published = make_article(charts=[chart], topics=[make_topic()])
    draft = make_article(published=False)
    job = ImportJob.objects.create(dataset_title="x", original_name="x.csv", state="done")
    return {
        "article": published,
        "draft": draft,
        "topic": published.topics.get(),
        "author": published.author.author_profile
        if hasattr(published.author, "author_profile")
        else None,
        "dataset": chart.dataset,
        "chart": chart,
        "job": job,
    }


def pages(o):
    """(name, url) of every admin page under test."""
    urls = [("index", reverse("admin:index"))]
    for key, model in [
        ("article", "articles_article"),
        ("topic", "articles_topic"),
        ("dataset", "datasets_dataset"),
        ("chart", "charts_chart"),
    ]:
        pk = o[key].pk
        urls += [
            (f"{model} list", reverse(f"admin:{model}_changelist")),
            (f"{model} add", reverse(f"admin:{model}_add")),
            (f"{model} change", reverse(f"admin:{model}_change", args=[pk])),
            (f"{model} history", reverse(f"admin:{model}_history", args=[pk])),
        ]
    urls += [
        ("draft delete", reverse("admin:articles_article_delete", args=[o["draft"].pk])),
        ("compare versions", reverse("admin:datasets_dataset_compare", args=[o["dataset"].pk])),
        ("import progress", reverse("admin:datasets_dataset_import", args=[o["job"].pk])),
        ("user list", reverse("admin:auth_user_changelist")),
        ("group list", reverse("admin:auth_group_changelist")),
    ]
    return urls


# What each role gets: 200 (the page), "login" (sent to sign in), 403.
EXPECTED = {
    "anonymous": lambda name: "login",
    "member": lambda name: "login",
    "editor": lambda name: 403 if name.startswith(("user", "group")) else 200,
    "publisher": lambda name: 403 if name.startswith(("user", "group")) else 200,
    "superuser": lambda name: 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_by_role(role, objects):
    client = client_for(role)
    for name, url in pages(objects):
        response = client.get(url)
        got = response.status_code
        if got == 302 and "/admin/login/" in response["Location"]:
            got = "login"
        assert got == EXPECTED[role](name), (role, name, url, response.status_code)


@pytest.mark.parametrize(
    ("role", "deleted"), [("editor", False), ("publisher", True), ("superuser", True)]
)
def test_deleting_a_published_article_is_for_publishers(role, deleted, objects):
    from articles.models import Article

    client = client_for(role)
    article = objects["article"]
    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists() is not deleted


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_no_admin_write_without_staff(role, objects):
    from articles.models import Article

    client = client_for(role)
    response = client.post(
        reverse("admin:articles_article_delete", args=[objects["draft"].pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert Article.objects.filter(pk=objects["draft"].pk).exists()
