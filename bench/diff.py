"""Version diff benchmark: the admin's "compare versions" page on two 400,000-row versions.

    .venv/bin/python bench/diff.py [ROWS]

Builds (once, in a PostgreSQL database of its own) a dataset with two versions
of ROWS rows x 6 columns, the second with 1% of rows changed, 0.5% removed and
0.5% added; then asks for the compare page as a superuser, in a fresh process,
and prints the time and that process's peak memory (max RSS) beside its memory
after start-up. Target: the page's own memory bounded (well under 200 MB).
"""

import multiprocessing
import random
import re
import resource
import sys
import time

from _setup import django_on_postgres

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
DATABASE = "chartweek_bench_diff"
SLUG = f"bench-diff-{ROWS}"
REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania", "Middle East"]
COLUMNS = [
    {"name": "id", "type": "integer"},
    {"name": "region", "type": "text"},
    {"name": "day", "type": "date"},
    {"name": "value", "type": "number"},
    {"name": "count", "type": "integer"},
    {"name": "flag", "type": "boolean"},
]


def rows_of(version_number, rng):
    for i in range(ROWS):
        day = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        row = [
            i,
            rng.choice(REGIONS),
            day,
            round(rng.uniform(-1e6, 1e6), 2),
            rng.randint(0, 10**9),
            rng.random() < 0.5,
        ]
        if version_number == 2:
            if i % 200 == 0:
                continue  # removed
            if i % 100 == 1:
                row[3] = round(row[3] + 1, 2)  # changed
        yield row
    if version_number == 2:
        for i in range(ROWS, ROWS + ROWS // 200):
            yield [i, "Europe", "2025-01-01", 1.0, 1, True]  # added


def build():
    from django.contrib.auth import get_user_model

    from datasets import bulk
    from datasets.models import Dataset, DatasetVersion, Licence
    from datasets.removal import delete_datasets

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    dataset = Dataset.objects.filter(slug=SLUG).first()
    if dataset and dataset.versions.count() == 2:
        return dataset, user
    if dataset:
        delete_datasets(datasets=[dataset])
    dataset = Dataset.objects.create(
        title="Bench diff", slug=SLUG, source_name="bench", licence=Licence.CC0
    )
    for number in (1, 2):
        version = DatasetVersion.objects.create(
            dataset=dataset,
            number=number,
            file=f"bench/{SLUG}-{number}.csv",
            format="csv",
            checksum="0" * 64,
            columns=COLUMNS,
            column_count=len(COLUMNS),
        )
        rng = random.Random(42)
        version.row_count = bulk.load_rows(version, rows_of(number, rng))
        version.save(update_fields=["row_count"])
    dataset.current_version = version
    dataset.save(update_fields=["current_version"])
    return dataset, user


def measure(queue):
    django_on_postgres(DATABASE)
    from django.test import Client
    from django.urls import reverse

    from datasets.models import Dataset

    dataset = Dataset.objects.get(slug=SLUG)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings

    # Static files by name, as in development: the bench has run no collectstatic.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="bench-admin"))
    url = reverse("admin:datasets_dataset_compare", args=[dataset.pk])
    client.get(reverse("admin:index"), secure=True)  # warm up: templates, admin registry
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    response = client.get(url, {"old": 1, "new": 2}, secure=True)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = re.search(r"[\d,]+ added, [\d,]+ removed, [\d,]+ changed", response.text)
    queue.put((response.status_code, elapsed, baseline, peak, counts and counts.group()))


def main():
    django_on_postgres(DATABASE)
    started = time.perf_counter()
    build()
    print(
        f"data: two versions of {ROWS:,} rows x 6 columns (built in "
        f"{time.perf_counter() - started:.0f} s, kept for the next run)"
    )
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=measure, args=(queue,))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"The measurement failed (exit code {child.exitcode}); see above.")
    status, elapsed, baseline, peak, counts = queue.get()
    print(f"compare page: HTTP {status} in {elapsed:.2f} s; rows: {counts}")
    print(
        f"memory: {baseline:.0f} MB after start-up, {peak:.0f} MB at peak "
        f"(the page: +{peak - baseline:.0f} MB; target: well under 200 MB)"
    )


if __name__ == "__main__":
    main()
