"""The Editors and Publishers groups come from `migrate` (articles.permissions.sync_roles,
a post_migrate receiver), with the permissions the old roles migration gave them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from articles.permissions import EDITORS, PUBLISHERS

pytestmark = pytest.mark.django_db

CONTENT_MODELS = {
    "articles": ["article", "articlechart", "articleredirect", "author", "previewlink", "topic"],
    "datasets": ["dataset", "datasetversion", "importjob"],  # rows: tables of their own
    "charts": ["chart"],
}
# What articles/migrations/0004_roles.py gave the Editors before the migrations were
# reset: every action on every content model, and the history to read, not to write
# (the chart's permissions are now charts.*_chart: the model moved to the charts app).
EDITOR_PERMISSIONS = {
    f"{app}.{action}_{model}"
    for app, models in CONTENT_MODELS.items()
    for model in models
    for action in ("add", "change", "delete", "view")
} | {"articles.view_revision"}
PUBLISHER_PERMISSIONS = EDITOR_PERMISSIONS | {"articles.publish_article"}


def permissions_of(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    ContentType.objects.clear_cache()


def test_migrate_gives_the_roles_the_permissions_the_roles_migration_gave():
    assert permissions_of(EDITORS) == EDITOR_PERMISSIONS
    assert permissions_of(PUBLISHERS) == PUBLISHER_PERMISSIONS


def test_migrating_again_changes_nothing():
    before = (permissions_of(EDITORS), permissions_of(PUBLISHERS))
    migrate()
    assert Group.objects.filter(name__in=[EDITORS, PUBLISHERS]).count() == 2
    assert (permissions_of(EDITORS), permissions_of(PUBLISHERS)) == before


def test_migrate_puts_back_a_permission_taken_from_a_role():
    Group.objects.get(name=EDITORS).permissions.remove(
        Permission.objects.get(content_type__app_label="charts", codename="add_chart")
    )
    migrate()
    assert "charts.add_chart" in permissions_of(EDITORS)


def test_a_model_new_to_the_database_reaches_the_roles_when_migrate_runs():
    # Forgetting the model's content type (and so its permissions) is what a
    # database that has never seen the model looks like.
    ContentType.objects.get(app_label="datasets", model="importjob").delete()
    ContentType.objects.clear_cache()
    assert "datasets.add_importjob" not in permissions_of(EDITORS)
    migrate()
    assert "datasets.add_importjob" in permissions_of(EDITORS)
    assert "datasets.add_importjob" in permissions_of(PUBLISHERS)
    assert permissions_of(PUBLISHERS) == PUBLISHER_PERMISSIONS


def test_the_roles_are_made_after_a_migration_of_articles_alone():
    Group.objects.filter(name__in=[EDITORS, PUBLISHERS]).delete()
    call_command("migrate", "articles", verbosity=0, interactive=False)
    assert permissions_of(EDITORS) == EDITOR_PERMISSIONS
