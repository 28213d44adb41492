"""Deleting datasets, and with them their versions' tables: the one delete path.

A version's rows live in a table of its own (datasets/tables.py), which no
foreign key cascade reaches, so every delete of datasets goes through here (the
admin's delete and its bulk action). On PostgreSQL and SQLite alike the DROPs
run in the same transaction as the DELETE: both happen, or neither.
"""

from django.db import transaction

from datasets import exports, indexing, tables
from datasets.models import Dataset, DatasetVersion


def delete_datasets(*, datasets) -> int:
    """Delete `datasets` (a queryset or a list), their versions and their tables."""
    pks = [d.pk for d in datasets]
    with transaction.atomic():
        version_pks = list(
            DatasetVersion.objects.filter(dataset__in=pks).values_list("pk", flat=True)
        )
        indexing.stop_builds(version_pks)  # their DROP would wait for the build, and it for us
        exports.delete_files(version_pks)  # their stored workbooks
        deleted, _ = Dataset.objects.filter(pk__in=pks).delete()
        for pk in version_pks:
            tables.drop_table(pk)
    return deleted


def drop_orphan_tables() -> list[int]:
    """Drop tables whose version no longer exists (a delete that bypassed this module)."""
    found = tables.version_tables()
    kept = set(DatasetVersion.objects.filter(pk__in=found).values_list("pk", flat=True))
    orphans = sorted(set(found) - kept)
    with transaction.atomic():
        for pk in orphans:
            tables.drop_table(pk)
    return orphans
