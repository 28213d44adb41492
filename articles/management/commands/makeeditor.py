"""Create a local staff login in one of the roles (or give it a new password) and print it."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.permissions import EDITORS, PUBLISHERS

ROLES = {"editor": EDITORS, "publisher": PUBLISHERS}


class Command(BaseCommand):
    help = (
        "Create a staff login in the Editors group (or, with --role publisher, the "
        "Publishers group) with a fresh password, and print the credentials."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", choices=sorted(ROLES), default="editor")
        parser.add_argument("--username", help="Default: the role's name.")
        parser.add_argument(
            "--password", help="Use this password instead of a new random one (local use)."
        )

    @transaction.atomic
    def handle(self, *args, role, username, password, **options):
        try:
            group = Group.objects.get(name=ROLES[role])  # made by the roles migration
        except Group.DoesNotExist:
            raise CommandError(
                f"There is no {ROLES[role]} group: run `manage.py migrate` first."
            ) from None
        username = username or role
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": "Demo", "last_name": role.capitalize()}
        )
        password = password or secrets.token_urlsafe(12)
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([group])
        self.stdout.write(
            self.style.SUCCESS(
                f"{role.capitalize()} login: username {username!r}, password {password!r}"
            )
        )
