"""Typed tables benchmark (issue 18): 1,000,000 rows x 6 columns on PostgreSQL.

    .venv/bin/python bench/typed_tables.py [ROWS] [download]  # DATABASE_URL, default chartweek_bench

(`download`: only the ingest and the CSV download steps.)

Prints, each next to PostgreSQL doing the same alone:
- ingest vs a plain COPY of the file (a UTF-8 CSV, so the columnar path:
  datasets/columnar.py), twice: as the editor waits for it (inspect + convert + COPY +
  primary key + ANALYZE, until the version is committed and queryable), and until its
  indexes are ready too (the build the commit queues, datasets/indexing.py, run here
  in the same process right after, as the worker does);
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
# The index build the import queues is run (and timed) by the bench itself.
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.dummy.DummyBackend")


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


def ingest(queue, path, slug):
    """Time the import until it commits, its phases, then its index build."""
    django_on_postgres()
    from django.core.files import File

    from datasets import indexing, ingest, tables
    from datasets.models import Dataset, Licence

    phases = {}
    for name in ("copy_csv", "add_key"):
        phases[name] = 0.0
        setattr(tables, name, _timed(getattr(tables, name), phases, name))
    started = time.perf_counter()
    with path.open("rb") as handle:
        upload = File(handle, name=path.name)
        inspection = ingest.inspect(upload)
        inspected = time.perf_counter()
        dataset = Dataset.objects.filter(slug=slug).first() or Dataset(
            title=slug, slug=slug, source_name="bench", licence=Licence.CC0
        )
        version = ingest.import_version(dataset=dataset, inspection=inspection, upload=upload)
    committed = time.perf_counter()
    assert indexing.pending(version)  # queued for after the commit, not built yet
    assert indexing.build(version.pk)  # what the worker does
    indexed = time.perf_counter()
    assert not indexing.pending(version)
    rss = peak_mb()
    queue.put(
        (inspected - started, committed - inspected, indexed - committed, phases, version.pk, rss)
    )


def _timed(function, phases, name):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] += time.perf_counter() - started

    return timed


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
        inspect_s, load_s, index_s, phases, pk, rss = in_child(ingest, path, slug)
        total = inspect_s + load_s
        print(f"file: {ROWS:,} rows x 6 columns, {path.stat().st_size / 1e6:.1f} MB")
        print(f"plain COPY into a typed table: {copy_s:.2f} s")
        print(
            f"ingest until committed and queryable (what the editor waits for): {total:.2f} s "
            f"= inspect {inspect_s:.2f} s + convert, COPY, key and ANALYZE {load_s:.2f} s; "
            f"{total / copy_s:.1f}x COPY (target <= 3x); peak RSS {rss:.0f} MB"
        )
        print(
            f"  of which COPY {phases['copy_csv']:.2f} s, primary key + ANALYZE "
            f"{phases['add_key']:.2f} s"
        )
        print(
            f"indexes built after the commit (+ ANALYZE): {index_s:.2f} s; "
            f"ingest until indexes ready {total + index_s:.2f} s ({(total + index_s) / copy_s:.1f}x"
            " COPY)"
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
        new_pk = in_child(ingest, second, slug)[4]
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
