"""API benchmark on PostgreSQL with a 1,000,000-row dataset (bench/ingest.py's table):

    make bench            # or: .venv/bin/python bench/api.py [ROWS]

Prints p50 and p99 latency of filtered rows pages (through Django's test client,
in process: the figures are the app's and the database's, not a network's), and
the throughput of the full data.csv download next to PostgreSQL's own
`COPY (...) TO STDOUT WITH CSV` of the same rows and columns. Targets: rows page
p99 under 50 ms, download within 3x of COPY. The dataset is made once (by the real
ingest) and kept in the bench database for the next run.
"""

import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from _setup import django_on_postgres
from ingest import write_csv

# A database of its own: its published 1,000,000-row article stays out of the site bench.
DATABASE = "chartweek_bench_api"

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
SLUG = f"bench-api-{ROWS}"
REQUESTS = 400
RUNS = 3  # downloads and COPYs: the best of three, as the machine may be busy
# Filtered pages as a consumer would ask for them: equality, ranges, both, deeper pages.
QUERIES = [
    "region=Europe",
    "region=Asia&day__gte=2020-01-01",
    "value__gte=0&value__lt=100000",
    "flag=true&count__lte=500000000",
    "region__in=Africa,Oceania&day__lt=2015-06-30&columns=id,day,value",
]
os.environ.setdefault("API_ANON_RATE", "off")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")


def published_dataset():
    """The benchmark's published dataset of ROWS rows, imported once through the ingest."""
    from django.contrib.auth import get_user_model
    from django.core.files import File
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, ArticleChart, Status
    from charts.models import Chart
    from charts.spec_fields import spec_from_fields
    from datasets import ingest
    from datasets.models import Dataset, Licence

    dataset = Dataset.objects.filter(slug=SLUG).select_related("current_version").first()
    if dataset is None:
        print(f"importing {ROWS:,} rows (once; kept for later runs)…", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.csv"
            write_csv(path, ROWS)
            with path.open("rb") as handle:
                upload = File(handle, name=path.name)
                dataset = Dataset(
                    title="API bench", slug=SLUG, source_name="bench", licence=Licence.CC0
                )
                ingest.import_version(
                    dataset=dataset, inspection=ingest.inspect(upload), upload=upload
                )
    if not Chart.objects.filter(dataset=dataset).exists():
        spec = spec_from_fields(label_column="region", value_columns=["value"], alt_text="Bench")
        chart = Chart(dataset=dataset, version=dataset.current_version, title="Bench", spec=spec)
        with transaction.atomic():
            chart.save()
            author, _ = get_user_model().objects.get_or_create(username="bench")
            article = Article.objects.create(
                title="Bench",
                slug=SLUG,
                standfirst="Bench",
                body="[chart 1]",
                author=author,
                status=Status.PUBLISHED,
                published_at=timezone.now(),
            )
            ArticleChart.objects.create(article=article, chart=chart)
    return dataset


def rows_latency(client):
    from django.db import connection

    from datasets import tables
    from datasets.models import Dataset

    dataset = Dataset.objects.get(slug=SLUG)

    rng = random.Random(7)
    url = f"/api/v1/datasets/{SLUG}/rows/"
    for query in QUERIES:  # warm the cache and check the answers
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, query
        assert response.json()["results"], query
    timings = []
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables.table(dataset.current_version.pk)}")
    for _ in range(REQUESTS):
        query = f"{rng.choice(QUERIES)}&page={rng.randint(1, 10)}"
        started = time.perf_counter()
        response = client.get(f"{url}?{query}")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (query, response.content[:200])
    timings.sort()
    return timings[len(timings) // 2], timings[int(len(timings) * 0.99) - 1]


def download(queue):
    """Run in a child process, so that its peak memory is the download's alone."""
    django_on_postgres(DATABASE)
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    best = None
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/api/v1/datasets/{SLUG}/data.csv")
        size = lines = 0
        for block in response.streaming_content:
            size += len(block)
            lines += block.count(b"\n")
        run = (time.perf_counter() - started, time.process_time() - cpu, size, lines)
        best = min(best or run, run)
    queue.put((*best, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def plain_copy(version):
    from django.db import connection
    from psycopg import sql

    from datasets import tables

    columns = sql.SQL(", ").join(sql.SQL(tables.column(i)) for i in range(len(version.columns)))
    query = sql.SQL(
        "COPY (SELECT {} FROM {} ORDER BY _n) TO STDOUT WITH (FORMAT csv, HEADER true)"
    ).format(columns, sql.SQL(tables.table(version.pk)))
    best = None
    for _ in range(RUNS):
        size = 0
        started = time.perf_counter()
        with connection.cursor() as cursor, cursor.cursor.copy(query) as copy:
            for block in copy:
                size += len(block)
        run = (time.perf_counter() - started, size)
        best = min(best or run, run)
    return best


def main():
    django_on_postgres(DATABASE)
    from django.test import Client

    dataset = published_dataset()
    version = dataset.current_version
    client = Client(HTTP_HOST="127.0.0.1")
    p50, p99 = rows_latency(client)

    queue = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=download, args=(queue,))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"The download failed (exit code {child.exitcode}); see above.")
    csv_s, csv_cpu, csv_bytes, csv_lines, peak_mb = queue.get()
    copy_s, copy_bytes = plain_copy(version)

    print(
        f"dataset: {version.row_count:,} rows x {len(version.columns)} columns (PostgreSQL);"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"rows page, filtered ({REQUESTS} requests over {len(QUERIES)} filters, pages 1-10):"
        f" p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms (target: p99 < 50 ms)"
    )
    print(
        f"data.csv: {csv_lines - 1:,} rows, {csv_bytes / 1e6:.1f} MB in {csv_s:.2f} s,"
        f" {csv_lines / csv_s:,.0f} rows/s, {csv_bytes / 1e6 / csv_s:.1f} MB/s;"
        f" Python CPU {csv_cpu:.2f} s; peak memory {peak_mb:.0f} MB"
    )
    print(
        f"COPY ... TO STDOUT (CSV) of the same rows: {copy_bytes / 1e6:.1f} MB in {copy_s:.2f} s,"
        f" {copy_bytes / 1e6 / copy_s:.1f} MB/s"
    )
    print(f"ratio data.csv / COPY: {csv_s / copy_s:.2f}x (target: within 3x; best of {RUNS} each)")


if __name__ == "__main__":
    main()
