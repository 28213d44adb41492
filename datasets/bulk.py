"""Writing a version's rows to the database in bulk: never a query per row.

On PostgreSQL the rows stream through `COPY ... FROM STDIN` (psycopg 3); other
databases get multi-row INSERTs in batches.
"""

from django.db import connection

from datasets import exactjson
from datasets.models import DatasetRow

BATCH = 5000


def load_rows(version, rows, *, on_progress=None, every=BATCH) -> int:
    """Store `rows` (an iterable of value lists) as `version`'s rows; return how many."""
    if connection.vendor == "postgresql":
        return _copy(version, rows, on_progress, every)
    return _insert(version, rows, on_progress, every)


def _copy(version, rows, on_progress, every):
    """COPY in text format, written in large blocks: one line per row."""
    table = DatasetRow._meta.db_table
    dumps = exactjson.row_encoder()  # every digit as read: jsonb keeps numbers as numeric
    prefix = f"{version.pk}\t"
    count, block = 0, []
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        sql = f'COPY "{table}" ("version_id", "number", "values") FROM STDIN'
        with raw.copy(sql) as copy:
            for values in rows:
                # JSON escapes tabs and newlines itself; COPY's text format also
                # reads backslashes as escapes, so each is doubled.
                block.append(f"{prefix}{count}\t{dumps(values).replace(chr(92), chr(92) * 2)}\n")
                count += 1
                if count % every == 0:
                    copy.write("".join(block).encode())
                    block = []
                    if on_progress:
                        on_progress(count)
            if block:
                copy.write("".join(block).encode())
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
