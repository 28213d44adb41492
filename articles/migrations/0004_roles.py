"""The Editors and Publishers groups, with their permissions (articles.permissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.permissions import CONTENT_APPS, install_roles


def create_roles(apps, schema_editor):
    # Permissions are normally made after `migrate` ends; the groups need them now.
    for label in CONTENT_APPS:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    install_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow"),
        ("datasets", "0002_import_jobs"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Going back leaves the groups: people may belong to them.
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
