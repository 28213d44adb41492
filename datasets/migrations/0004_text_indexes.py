"""pg_trgm where the database allows it, and the text search indexes of existing versions.

CREATE EXTENSION may not be permitted (a managed database): then `like` filters
read the table, as before, and the migration goes on. Each existing version's
table gets the indexes datasets/text_indexes.py builds at import (a version's
pk and columns are all it needs). Backwards, nothing to undo: the indexes go
with their tables, and the extension may serve others.
"""

from django.db import migrations

from datasets import tables, text_indexes


def build(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    text_indexes.install_trigrams(schema_editor.connection.alias)
    DatasetVersion = apps.get_model("datasets", "DatasetVersion")
    existing = set(tables.version_tables())
    for version in DatasetVersion.objects.filter(pk__in=existing).order_by("pk").iterator():
        name, short = tables.table(version.pk), f"v{int(version.pk)}"
        text_indexes.index_text(version, name=name, short=short)


class Migration(migrations.Migration):
    dependencies = [
        ("datasets", "0003_version_exports"),
    ]

    operations = [
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
