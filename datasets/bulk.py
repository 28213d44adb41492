"""Writing a version's rows to the database in bulk: never a query per row.

On PostgreSQL the rows stream through `COPY ... FROM STDIN` (psycopg 3); other
databases get multi-row INSERTs in batches.
"""

import json

from django.db import connection

from datasets.models import DatasetRow

BATCH = 5000


def load_rows(version, rows, *, on_progress=None, every=BATCH) -> int:
    """Store `rows` (an iterable of value lists) as `version`'s rows; return how many."""
    if connection.vendor == "postgresql":
        return _copy(version, rows, on_progress, every)
    return _insert(version, rows, on_progress, every)


def _copy(version, rows, on_progress, every):
    table = DatasetRow._meta.db_table
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        sql = f'COPY "{table}" ("version_id", "number", "values") FROM STDIN'
        with raw.copy(sql) as copy:
            for values in rows:
                copy.write_row((version.pk, count, dumps(values)))
                count += 1
                if on_progress and count % every == 0:
                    on_progress(count)
    return count


def _insert(version, rows, on_progress, every):
    count, batch = 0, []
    for values in rows:
        batch.append(DatasetRow(version=version, number=count, values=values))
        count += 1
        if len(batch) >= BATCH:
            DatasetRow.objects.bulk_create(batch)
            batch = []
            if on_progress and count % every == 0:
                on_progress(count)
    if batch:
        DatasetRow.objects.bulk_create(batch)
    return count
