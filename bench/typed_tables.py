"""Typed tables benchmark (issue 18): 1,000,000 rows x 6 columns on PostgreSQL.

    .venv/bin/python bench/typed_tables.py [ROWS] [download]  # DATABASE_URL, default chartweek_bench

(`download`: only the ingest and the CSV download steps.)

Prints, each next to PostgreSQL doing the same alone:
- ingest (inspect + convert + COPY + indexes) vs a plain COPY of the file (a UTF-8 CSV, so
  the columnar path: datasets/columnar.py), and the same without the indexes;
- the full CSV download vs COPY TO STDOUT: as served (datasets/csv_copy.py, COPY writing
  csv_lines' bytes) and through the Python writer (csv_lines over stream_rows);
- a filter with a sort, first page, through api/rows.py, count included (p50/p99 over
  bench/row_queries.py's shapes);
- a group-by over all rows; a diff of two 1M-row versions (datasets/diff.py);
- each step's process peak RSS (each runs in a fresh process).
Targets (issue 18, reported, not asserted): ingest <= 3x COPY, RSS < 300 MB; CSV
<= 1.5x COPY TO STDOUT; filter+sort p99 < 50 ms; group-by < 1 s; diff < 5 s, < 300 MB.
"""

import multiprocessing
import os
import queue as queues
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import row_queries
from _setup import django_on_postgres
from ingest import plain_copy, write_csv

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
ONLY_DOWNLOAD = sys.argv[2:] == ["download"]
# The ingest's own time budget is for web requests; the bench measures, it does not stop.
os.environ.setdefault("DATASET_IMPORT_REQUEST_SECONDS", "3600")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(target, *args):
    """Run `target(*args)` in a fresh process; return what it puts on the queue."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=target, args=(queue, *args))
    child.start()
    while True:
        try:
            result = queue.get(timeout=5)
            break
        except queues.Empty:
            if not child.is_alive():
                raise SystemExit(f"{target.__name__} failed ({child.exitcode}).") from None
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"{target.__name__} failed (exit code {child.exitcode}).")
    return result


def ingest(queue, path, slug, index):
    django_on_postgres()
    from django.core.files import File

    from datasets import ingest, tables
    from datasets.models import Dataset, Licence

    if not index:
        tables.index_table = lambda version: None  # to see the indexes' share
    started = time.perf_counter()
    with path.open("rb") as handle:
        upload = File(handle, name=path.name)
        inspection = ingest.inspect(upload)
        inspected = time.perf_counter()
        dataset = Dataset.objects.filter(slug=slug).first() or Dataset(
            title=slug, slug=slug, source_name="bench", licence=Licence.CC0
        )
        version = ingest.import_version(dataset=dataset, inspection=inspection, upload=upload)
    done = time.perf_counter()
    queue.put((inspected - started, done - inspected, version.pk, peak_mb()))


def download(queue, version_pk):
    django_on_postgres()
    from django.db import connection

    from api.downloads import blocks
    from datasets import csv_copy, tables
    from datasets.models import DatasetVersion
    from datasets.views import csv_lines

    version = DatasetVersion.objects.get(pk=version_pk)
    started = time.perf_counter()
    python_size = 0
    types = [c["type"] for c in version.columns]
    for block in blocks(csv_lines(version.column_names(), version.stream_rows(), types=types)):
        python_size += len(block)
    python = time.perf_counter() - started
    started = time.perf_counter()
    size = 0
    served = csv_copy.blocks(version, next(csv_lines(version.column_names(), [])))
    for block in served or ():
        size += len(block)
    ours = time.perf_counter() - started
    assert size == python_size, (size, python_size)
    started = time.perf_counter()
    copied = 0
    with connection.cursor() as cursor:
        sql = f"COPY (SELECT * FROM {tables.table(version_pk)} ORDER BY _n) TO STDOUT (FORMAT csv)"
        with cursor.cursor.copy(sql) as copy:
            for data in copy:
                copied += len(data)
    plain = time.perf_counter() - started
    queue.put((ours, python, size, plain, copied, peak_mb()))


def queries(queue, version_pk, rounds):
    django_on_postgres()
    from django.http import QueryDict

    from api import rows
    from datasets import table_groups, table_query
    from datasets.models import DatasetVersion

    version = DatasetVersion.objects.get(pk=version_pk)
    measured = row_queries.measure(version, rounds, ROWS)
    started = time.perf_counter()
    groups = table_groups.group_by(
        version, by=[1], aggregates=[("count", None), ("sum", 3), ("mean", 3), ("max", 4)]
    )
    grouped = time.perf_counter() - started
    started = time.perf_counter()
    counted = table_query.count(version, where=rows.parse(version, QueryDict("flag=true")).where)
    count_s = time.perf_counter() - started
    queue.put((measured, grouped, len(groups), counted, count_s, peak_mb()))


def diff(queue, old_pk, new_pk):
    django_on_postgres()
    from datasets.diff import compare
    from datasets.models import DatasetVersion

    old, new = DatasetVersion.objects.get(pk=old_pk), DatasetVersion.objects.get(pk=new_pk)
    started = time.perf_counter()
    result = compare(old, new)
    elapsed = time.perf_counter() - started
    queue.put((elapsed, result.key, result.counts, peak_mb()))


def changed_copy(path, out):
    """The same file with 1% of rows changed, 0.5% removed and 0.5% added."""
    rng = random.Random(3)
    with path.open() as src, out.open("w") as dst:
        dst.write(src.readline())
        for line in src:
            roll = rng.random()
            if roll < 0.005:
                continue
            if roll < 0.015:
                cells = line.rstrip("\n").split(",")
                cells[3] = f"{rng.uniform(-1e6, 1e6):.2f}"
                line = ",".join(cells) + "\n"
            dst.write(line)
        for i in range(ROWS // 200):
            dst.write(f"{ROWS + i},Asia,2024-01-01,1.00,1,true\n")


def main():
    django_on_postgres()
    slug = f"bench-tables-{time.time_ns()}"
    with tempfile.TemporaryDirectory() as folder:
        path, second = Path(folder) / "bench.csv", Path(folder) / "bench2.csv"
        write_csv(path, ROWS)
        changed_copy(path, second)
        copy_s = plain_copy(path)
        bare = in_child(ingest, path, slug + "-bare", False)
        inspect_s, load_s, pk, rss = in_child(ingest, path, slug, True)
        total = inspect_s + load_s
        print(f"file: {ROWS:,} rows x 6 columns, {path.stat().st_size / 1e6:.1f} MB")
        print(f"plain COPY into a typed table: {copy_s:.2f} s")
        print(
            f"ingest: {total:.2f} s = inspect {inspect_s:.2f} s + convert, COPY and index "
            f"{load_s:.2f} s; {total / copy_s:.1f}x COPY (target <= 3x); peak RSS {rss:.0f} MB"
        )
        print(
            f"  without the indexes: {bare[0] + bare[1]:.2f} s "
            f"({(bare[0] + bare[1]) / copy_s:.1f}x COPY)"
        )
        ours, python, size, plain, copied, rss = in_child(download, pk)
        print(
            f"CSV download: {ours:.2f} s ({size / 1e6:.1f} MB) vs COPY TO STDOUT {plain:.2f} s "
            f"({copied / 1e6:.1f} MB): {ours / plain:.1f}x (target <= 1.5x); RSS {rss:.0f} MB"
        )
        print(f"  the Python writer, same bytes: {python:.2f} s ({python / plain:.1f}x COPY)")
        if ONLY_DOWNLOAD:
            return cleanup(slug)
        measured, grouped, groups, counted, count_s, rss = in_child(queries, pk, 10)
        row_queries.report(*measured)
        print(
            f"group-by region (count, sum, mean, max) over all rows: {grouped * 1000:.0f} ms, "
            f"{groups} groups (target < 1 s); exact filtered count {counted:,} in "
            f"{count_s * 1000:.0f} ms; RSS {rss:.0f} MB"
        )
        new_pk = in_child(ingest, second, slug, True)[2]
        elapsed, key, counts, rss = in_child(diff, pk, new_pk)
        print(
            f"diff of two {ROWS:,}-row versions (key {key}): {elapsed:.2f} s, {counts}, "
            f"peak RSS {rss:.0f} MB (target < 5 s, < 300 MB)"
        )
    cleanup(slug)


def cleanup(slug):
    from datasets.models import Dataset
    from datasets.removal import delete_datasets

    delete_datasets(datasets=Dataset.objects.filter(slug__startswith=slug))


if __name__ == "__main__":
    main()
