"""Rows API queries over 1,000,000 rows x 6 columns on PostgreSQL (issue 18).

    .venv/bin/python bench/row_queries.py [ROWS] [ROUNDS] [fresh]  # DATABASE_URL, default chartweek_bench

Each query is a filter with a sort, first page, run as api/tables.py's DatasetRows
runs it: the query string parsed, the page read, then the count (exact up to
API_COUNT_LIMIT) computed as on a first request (the count cache is emptied
before each query, untimed). Prints p50/p99 over every query, and each shape's worst.
Target (reported, not asserted): p99 < 50 ms.

The table is loaded once and kept between runs (dataset `bench-rows-<ROWS>`;
`fresh` loads it again), so the queries can be measured without the ingest. Each
run drops the table's indexes and builds them again through table_indexes.index_table
(timed: the ingest pays it), so the plans are those a fresh ingest gets. Autovacuum
is off on the kept table: a vacuum would set its visibility map, which a table
just ingested does not have, and make some plans look cheaper than they are.
bench/typed_tables.py runs the same queries on the table it has just ingested.
"""

import random
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl

from _setup import django_on_postgres

# id: 0…n-1 (unique, in file order); region: 6 values; day: 2010-2024; value: uniform
# ±1e6 with 2 decimals; count: 0…1e9; flag: true/false. No cell is missing.
QUERIES = [
    "region=Asia&sort=-value",  # low-cardinality text equality (1/6)
    "region=Asia&sort=value",
    "region__ne=Asia&sort=-count",
    "region__in=Europe,Oceania&sort=day",
    "value__gte={v}&sort=count",  # a range on another column, any selectivity
    "count__lt={c}&sort=-value",
    "count__lt={few}&sort=-value",  # very selective (< 100 rows)
    "count__gt={top}&sort=value",  # very selective, the other end
    "count__gt={few}&sort=-value",  # unselective (almost every row)
    "day__gte=2023&sort=value",
    "day={d}&sort=-count",
    "flag=true&sort=id",
    "flag=true&sort=-id",
    "id={i}&sort=-value",  # a rare match (one row)
    "id__in={i},{j},{k}&sort=-day",  # in, rare
    "value__gt=999999.99&sort=-day",  # almost no match
    "region=Nowhere&sort=value",  # no match
    "region=Nowhere&sort=-value",
    "value__gt=2000000&sort=-count",  # no match, a range
    "region__prefix=Am&sort=-value",  # prefix
    "region__prefix=Zz&sort=value",  # prefix, no match
    "region__like=%25si%25&sort=-value",  # like (Asia)
    "region__like=%25zz%25&sort=value",  # like, no match, no trigram to look up
    "region__like=%25ani%25&sort=-value",  # like (Oceania), a trigram
    "region__like=%25zzz%25&sort=value",  # like, no match, a trigram
    "q=Oceania&sort=-value",  # full text
    "q=nothing&sort=value",  # full text, no match
    "value__isnull=true&sort=-count",  # null test, no match
    "value__isnull=false&sort=-count",  # null test, every row
    "any=region=Asia,count__lt={few}&sort=-value",  # OR group
    "any=id={i},id={j}&sort=-day",  # OR group, rare
    "any=region__like=%25zz%25,id={i}&sort=-value",  # rare, and no index narrows it
    "count__gt={few}&sort=-region",  # sort on a 6-value column: ties in file order
    "day={d}",  # no sort: file order, rare
    "region=Asia",  # no sort: file order, common
]


def values(rng, rows):
    """The random values for one round of QUERIES."""
    return {
        "v": rng.randint(-1_000_000, 1_000_000),
        "c": rng.randint(0, 10**9),
        "few": rng.randint(0, 100_000),
        "top": 10**9 - rng.randint(0, 100_000),
        "d": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "i": rng.randint(0, rows - 1),
        "j": rng.randint(0, rows - 1),
        "k": rng.randint(0, rows - 1),
    }


def unindexed(template):
    """Whether no index serves the shape's filter: a like pattern with no three letters
    or digits in a row, which no trigram index can look up (datasets/text_indexes.py)."""
    patterns = [v for k, v in parse_qsl(template) if k.endswith("__like")]
    patterns += [
        i.split("=", 1)[1]
        for k, v in parse_qsl(template)
        if k == "any"
        for i in v.split(",")
        if "__like=" in i
    ]
    return any(not re.search("[A-Za-z0-9]{3}", pattern) for pattern in patterns)


def measure(version, rounds, rows):
    """({shape: [ms of each query]}, {shape: its slowest query string})."""
    from django.conf import settings
    from django.core.cache import cache
    from django.http import QueryDict

    from api import rows as row_query

    rng = random.Random(7)
    timings, slowest = {}, {}
    for _ in range(rounds):
        given = values(rng, rows)
        for template in QUERIES:
            text = template.format(**given)
            cache.clear()
            started = time.perf_counter()
            query = row_query.parse(version, QueryDict(text))
            with row_query.time_limit():
                found, more = query.page(version, number=1, size=100, total=version.row_count)
            known = None if more else len(found)
            with row_query.time_limit():
                query.count(version, bound=settings.API_COUNT_LIMIT, known=known)
            elapsed = (time.perf_counter() - started) * 1000
            if elapsed > max(timings.get(template, [-1])):
                slowest[template] = text
            timings.setdefault(template, []).append(elapsed)
    return timings, slowest


def p(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(timings, slowest):
    every = [ms for shape in timings.values() for ms in shape]
    indexed = [ms for t, shape in timings.items() if not unindexed(t) for ms in shape]
    print(
        f"filter + sort, first page, count included ({len(every)} queries): "
        f"p50 {p(every, 0.5):.1f} ms, p99 {p(every, 0.99):.1f} ms (target p99 < 50 ms)"
    )
    print(
        f"  filters an index serves (all but like without a trigram, {len(indexed)} queries): "
        f"p50 {p(indexed, 0.5):.1f} ms, p99 {p(indexed, 0.99):.1f} ms"
    )
    for template, ms in sorted(timings.items(), key=lambda item: -max(item[1])):
        print(f"  worst {max(ms):7.1f} ms  p50 {p(ms, 0.5):6.1f} ms  {slowest[template]}")


def kept_version(rows, *, fresh):
    """The kept 1M-row version: loaded (and its autovacuum turned off) when missing."""
    from django.core.files import File
    from django.db import connection
    from ingest import write_csv

    from datasets import ingest, tables
    from datasets.models import Dataset, DatasetVersion, Licence
    from datasets.removal import delete_datasets

    slug = f"bench-rows-{rows}"
    if fresh:
        delete_datasets(datasets=Dataset.objects.filter(slug=slug))
    found = DatasetVersion.objects.filter(dataset__slug=slug).first()
    if found is not None:
        return found
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        write_csv(path, rows)
        dataset = Dataset(title=slug, slug=slug, source_name="bench", licence=Licence.CC0)
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            version = ingest.import_version(
                dataset=dataset, inspection=ingest.inspect(upload), upload=upload
            )
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {tables.table(version.pk)} SET (autovacuum_enabled = false)")
    return version


def reindex(version):
    """Drop the table's indexes (its primary key stays) and build them as an ingest does."""
    from django.db import connection, transaction

    from datasets import table_indexes, tables

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = %s "
            "AND indexname NOT LIKE '%%_pkey'",
            [tables.SCHEMA, f"v{int(version.pk)}"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{tables.SCHEMA}"."{name}"')
    started = time.perf_counter()
    with transaction.atomic():  # as in the ingest
        table_indexes.index_table(version)
    return time.perf_counter() - started


def main():
    import os

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    os.environ.setdefault("DATASET_IMPORT_REQUEST_SECONDS", "3600")
    django_on_postgres()
    version = kept_version(rows, fresh="fresh" in sys.argv[3:])
    built = reindex(version)
    print(f"{version.row_count:,} rows x {len(version.columns)} columns (version {version.pk})")
    print(f"indexes built (table_indexes.index_table, with its ANALYZE): {built:.2f} s")
    report(*measure(version, rounds, version.row_count))


if __name__ == "__main__":
    main()
