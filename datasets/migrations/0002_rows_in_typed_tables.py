"""Each version's rows move from DatasetRow (JSON documents) to a typed table of its own.

The copy uses this migration's model state and datasets.tables, which needs
only a version's pk and its columns; then DatasetRow goes. Backwards, the
tables are dropped (the rows are not copied back: DatasetRow comes back empty).
"""

from django.db import migrations

from datasets import table_indexes, tables


def copy_rows(apps, schema_editor):
    DatasetVersion = apps.get_model("datasets", "DatasetVersion")
    DatasetRow = apps.get_model("datasets", "DatasetRow")
    for version in DatasetVersion.objects.order_by("pk").iterator():
        rows = DatasetRow.objects.filter(version=version).order_by("number")
        tables.create_table(version)
        tables.load(version, rows.values_list("values", flat=True).iterator(chunk_size=5000))
        tables.add_key(version)
        table_indexes.index_table(version)


def drop_tables(apps, schema_editor):
    for pk in tables.version_tables():
        tables.drop_table(pk)


class Migration(migrations.Migration):
    dependencies = [
        ("datasets", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_rows, drop_tables),
        migrations.RemoveConstraint(
            model_name="datasetrow",
            name="dataset_row_number_unique",
        ),
        migrations.DeleteModel(
            name="DatasetRow",
        ),
    ]
