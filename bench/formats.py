"""Download formats on PostgreSQL, a 1,000,000-row x 6-column version (bench/ingest.py's
table, made once by bench/api.py's import and kept):

    .venv/bin/python bench/formats.py [ROWS] [FORMAT ...]

For data.parquet, data.xlsx, data.ndjson and data.csv (and a filtered Parquet,
`region=Europe`), each in a child process of its own through Django's test client:
wall time to the last byte, Python CPU, size, and the child's peak memory (max RSS)
next to its memory before the request. Target (issue 18): Parquet <= 3 s.

A large table's workbook is written by the task worker (datasets/exports.py): for
data.xlsx the first request's 503, the build (run in the child, as the worker would),
then the download of the stored file.
"""

import importlib.util
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

from _setup import django_on_postgres

DATABASE = "cw_data_formats_bench"
ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
FORMATS = sys.argv[2:] or ["parquet", "parquet?region=Europe", "ndjson", "csv", "xlsx"]
os.environ.setdefault("API_ANON_RATE", "off")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")


def measure(kind, slug, queue):
    """Run in a child process, so that its peak memory is this download's alone."""
    django_on_postgres(DATABASE)
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    name, _, query = kind.partition("?")
    url = f"/api/v1/datasets/{slug}/data.{name}"
    url += f"?{query}" if query else ""
    client.head(url)  # warm: the first request loads the URLs and views (chartweek/wsgi.py
    # does it as a gunicorn worker boots; the test client does not import it)
    started = time.perf_counter()
    head = client.head(url)
    head_ms = (time.perf_counter() - started) * 1000
    import pyarrow

    pyarrow.array([1])  # and pyarrow's first conversion imports pandas where it is installed
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    notes = [f"HEAD {head.status_code} in {head_ms:.0f} ms (the second request)"]
    if name == "xlsx" and not query:
        notes += stored_workbook(client, url, slug)
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    size = sum(len(block) for block in response.streaming_content)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, cpu, size, before, peak, notes))


def stored_workbook(client, url, slug):
    """A large table's workbook: the first request's 503, then the task worker's build
    (run here, in this process); the GET that follows serves the stored file."""
    from datasets import exports
    from datasets.models import Dataset, Export

    version = Dataset.objects.get(slug=slug).current_version
    for export in Export.objects.filter(version=version):  # each run builds it afresh
        export.file.delete(save=False)
        export.delete()
    started = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - started
    assert response.status_code == 503, response.status_code
    export = Export.objects.get(version=version)
    started, cpu = time.perf_counter(), time.process_time()
    exports.build_export.call(export.pk)  # what the task worker runs
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    export.refresh_from_db()
    assert export.state == Export.State.READY, export.message
    return [
        f"first request: {response.status_code} in {first * 1000:.0f} ms"
        f" (Retry-After {response['Retry-After']})",
        f"built by the task worker in {seconds:.2f} s (CPU {cpu:.2f} s)",
    ]


def main():
    django_on_postgres(DATABASE)
    sys.argv[1:] = [str(ROWS)]  # bench/api.py reads the row count from the command line
    spec = importlib.util.spec_from_file_location("api_bench", Path(__file__).with_name("api.py"))
    api_bench = importlib.util.module_from_spec(spec)  # not the project's api package
    spec.loader.exec_module(api_bench)
    dataset = api_bench.published_dataset()  # made once by the real ingest, then kept
    version = dataset.current_version
    print(
        f"dataset: {version.row_count:,} rows x {len(version.columns)} columns (PostgreSQL);"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    spawn = multiprocessing.get_context("spawn")
    for kind in FORMATS:
        queue = spawn.Queue()
        child = spawn.Process(target=measure, args=(kind, dataset.slug, queue))
        child.start()
        child.join()
        if child.exitcode != 0:
            print(f"data.{kind}: failed (exit code {child.exitcode})")
            continue
        seconds, cpu, size, before, peak, notes = queue.get()
        target = " (target: <= 3 s)" if kind == "parquet" else ""
        for note in notes:
            print(f"data.{kind}: {note}")
        print(
            f"data.{kind}: {size / 1e6:.1f} MB in {seconds:.2f} s{target}; Python CPU"
            f" {cpu:.2f} s; peak RSS {peak:.0f} MB ({before:.0f} MB before the request)"
        )


if __name__ == "__main__":
    main()
