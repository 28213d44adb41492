"""Ingest benchmark: a 1,000,000-row, 6-column CSV (about 50 MB) through the real
ingest, next to PostgreSQL's own COPY of the same file into a plain table.

    make bench            # or: .venv/bin/python bench/ingest.py [ROWS]

Prints the ingest time (both passes: inspect, then convert + COPY), the plain COPY
time, their ratio, and the ingest process's peak memory (max RSS). Targets:
within 2x of COPY, peak RSS under 300 MB.
"""

import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from _setup import django_on_postgres

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania", "Middle East"]


def write_csv(path, rows):
    rng = random.Random(42)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id,region,day,value,count,flag\n")
        for i in range(rows):
            day = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.write(
                f"{i},{rng.choice(REGIONS)},{day},{rng.uniform(-1e6, 1e6):.2f},"
                f"{rng.randint(0, 10**9)},{rng.choice(('true', 'false'))}\n"
            )


def run_ingest(path, queue):
    django_on_postgres()
    from django.core.files import File

    from datasets import ingest
    from datasets.models import Dataset, Licence

    started = time.perf_counter()
    with path.open("rb") as handle:
        upload = File(handle, name=path.name)
        inspection = ingest.inspect(upload)
        inspected = time.perf_counter()
        dataset = Dataset(
            title="Bench", slug=f"bench-{time.time_ns()}", source_name="bench", licence=Licence.CC0
        )
        version = ingest.import_version(dataset=dataset, inspection=inspection, upload=upload)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((inspected - started, done - inspected, version.row_count, peak))
    from datasets.removal import delete_datasets

    delete_datasets(datasets=[version.dataset])


def plain_copy(path):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_copy")
        cursor.execute(
            "CREATE TABLE bench_plain_copy (id bigint, region text, day date, value double "
            "precision, count bigint, flag boolean)"
        )
        started = time.perf_counter()
        with (
            cursor.cursor.copy(
                "COPY bench_plain_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy,
            path.open("rb") as handle,
        ):
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_plain_copy")
    return elapsed


def main():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.csv"
        write_csv(path, ROWS)
        size = path.stat().st_size
        queue = multiprocessing.get_context("spawn").Queue()
        child = multiprocessing.get_context("spawn").Process(target=run_ingest, args=(path, queue))
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"The ingest failed (exit code {child.exitcode}); see above.")
        inspect_s, load_s, rows, peak_mb = queue.get()
        django_on_postgres()
        copy_s = plain_copy(path)
    total = inspect_s + load_s
    print(f"file: {rows:,} rows x 6 columns, {size / 1e6:.1f} MB CSV")
    print(
        f"ingest: {total:.2f} s (inspect {inspect_s:.2f} s + convert and COPY {load_s:.2f} s),"
        f" {rows / total:,.0f} rows/s"
    )
    print(f"plain COPY of the same file into a typed table: {copy_s:.2f} s")
    print(f"ratio ingest / COPY: {total / copy_s:.2f}x (target: within 2x)")
    print(
        f"ingest peak memory (max RSS of the ingest process): {peak_mb:.0f} MB (target: < 300 MB)"
    )


if __name__ == "__main__":
    main()
