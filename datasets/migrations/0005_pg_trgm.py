"""pg_trgm where the database allows it: the `like` filters' trigram indexes need it.

CREATE EXTENSION may not be permitted (a managed database): then `like` filters
read the table, as before, and the migration goes on. The text indexes of
versions imported before this are built by `manage.py buildindexes` (a version
lacking them counts as unfinished). Backwards, nothing to undo: the extension
may serve others.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)


def install(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:  # not permitted, or not on this server
        logger.warning("pg_trgm is not installed (like filters read the table): %s", error)


class Migration(migrations.Migration):
    dependencies = [
        ("datasets", "0004_exports_have_no_permissions"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
