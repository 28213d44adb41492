"""Who may do what: the Editor and Publisher roles, and the publishing rule.

Editors write drafts, upload data and build charts. Publishers do all that and
also publish, schedule and unpublish. Superusers do everything. The admin, the
publishing functions and the API all ask `can_publish`.
"""

from django.apps import apps as global_apps

EDITORS = "Editors"
PUBLISHERS = "Publishers"
PUBLISH_PERMISSION = "articles.publish_article"
# Editors and publishers work on content; users, groups and settings are not theirs.
CONTENT_APPS = ("articles", "datasets")
# Revisions are written by the code that saves, never by hand: the history stays true.
HISTORY_CODENAMES = ("add_revision", "change_revision", "delete_revision")


def can_publish(user) -> bool:
    """May `user` publish, schedule or unpublish an article (or delete a published one)?"""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def install_roles(apps=global_apps):
    """Create or refresh the Editors and Publishers groups; safe to run any number of times.

    Run by a data migration (with the historical `apps`); a later model's
    permissions reach the groups when another migration runs this again.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = PUBLISH_PERMISSION.split(".")
    content = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS).exclude(
        codename__in=HISTORY_CODENAMES
    )
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(content.exclude(content_type__app_label=app_label, codename=codename))
    publishers, _ = Group.objects.get_or_create(name=PUBLISHERS)
    publishers.permissions.set(content)
