"""Who may do what: the Editor and Publisher roles, and the publishing rule.

Editors write drafts, upload data and build charts. Publishers do all that and
also publish, schedule and unpublish. Superusers do everything. The admin, the
publishing functions and the API all ask `can_publish`.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

EDITORS = "Editors"
PUBLISHERS = "Publishers"
PUBLISH_PERMISSION = "articles.publish_article"
# Editors and publishers work on content; users, groups and settings are not theirs.
CONTENT_APPS = ("articles", "datasets", "charts")
# Revisions are written by the code that saves, never by hand: the history stays true.
HISTORY_CODENAMES = ("add_revision", "change_revision", "delete_revision")


def can_publish(user) -> bool:
    """May `user` publish, schedule or unpublish an article (or delete a published one)?"""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def install_roles(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create or refresh the Editors and Publishers groups; safe to run any number of times.

    Run after every `migrate` (and every test database flush) by `sync_roles`,
    so a new model's permissions reach the groups with the migration that adds it.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = PUBLISH_PERMISSION.split(".")
    content = (
        Permission.objects.using(using)
        .filter(content_type__app_label__in=CONTENT_APPS)
        .exclude(codename__in=HISTORY_CODENAMES)
    )
    editors, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    editors.permissions.set(content.exclude(content_type__app_label=app_label, codename=codename))
    publishers, _ = Group.objects.using(using).get_or_create(name=PUBLISHERS)
    publishers.permissions.set(content)


def sync_roles(sender, *, apps=global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver (connected in ArticlesConfig.ready): the roles, in step
    with the models. `apps` is the migrated state, so a partial migrate is served too."""
    # Django makes each app's permissions in that app's own post_migrate, and
    # articles comes after the apps it builds on: make every content app's permissions first.
    for label in CONTENT_APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)
    install_roles(apps=apps, using=using)
