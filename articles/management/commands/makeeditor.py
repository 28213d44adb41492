"""Create the local editor login (or give it a new password) and print it."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

EDITOR_GROUP = "Editors"
# Editors work on content; they do not manage users or groups.
EDITOR_APPS = ("articles", "datasets")


class Command(BaseCommand):
    help = "Create the 'editor' staff login with a fresh password and print the credentials."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument(
            "--password", help="Use this password instead of a new random one (local use)."
        )

    @transaction.atomic
    def handle(self, *args, username, password, **options):
        group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": "Demo", "last_name": "Editor"}
        )
        password = password or secrets.token_urlsafe(12)
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(f"Editor login: username {username!r}, password {password!r}")
        )
