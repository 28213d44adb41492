"""An uncached article page: queries and time per request, for 1 and 10 charts of 10 rows
and for one chart of a 1,000,000-row dataset (grouped to 4 rows, as a chart of that size is).

Runs on a throwaway SQLite file (or DATABASE_URL), DEBUG off, in-process through Django's
test client (middleware included), the page cache emptied before each request:
  .venv/bin/python bench/render_on_write.py
To compare with the code before render on write, run the same file from a checkout of
that commit (the script needs nothing newer than the services):
  git archive <commit> | tar -x -C /tmp/before
  PYTHONPATH=/tmp/before .venv/bin/python bench/render_on_write.py --root /tmp/before
(there a page of the 1,000,000-row chart takes seconds: `--requests 5` keeps it short).
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = 30
LARGE_ROWS = 1_000_000
REGIONS = ["North", "South", "East", "West"]


def setup(root: Path) -> None:
    sys.path.insert(0, str(root))
    os.chdir(root)
    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database}")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chartweek.settings")
    os.environ["MEDIA_ROOT"] = str(database.parent / "media")
    os.environ["STATIC_ROOT"] = str(database.parent)
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)


def dataset(content: bytes, title: str):
    from django.core.files.base import ContentFile

    from datasets import ingest
    from datasets.models import Dataset, Licence

    slug = title.lower().replace(" ", "-")
    upload = ContentFile(content, name="data.csv")
    found = Dataset(title=title, slug=slug, source_name="Bench", licence=Licence.CC_BY_4)
    ingest.import_version(dataset=found, inspection=ingest.inspect(upload), upload=upload)
    return found


def large_dataset(rows: int):
    from datasets import bulk
    from datasets.models import DatasetVersion

    found = dataset(b"region,value\nNorth,1\nSouth,2\n", "Large")
    first = found.current_version
    version = DatasetVersion.objects.create(
        dataset=found,
        number=2,
        file=first.file.name,
        format=first.format,
        checksum="0" * 64,
        columns=first.columns,
        row_count=rows,
        column_count=2,
    )
    bulk.load_rows(version, ([REGIONS[n % 4], n] for n in range(rows)))
    found.current_version = version
    found.save()
    return found


def chart(data, title: str, **fields):
    from charts.models import Chart
    from charts.spec_fields import spec_from_fields

    fields.setdefault("chart_type", "bar")
    fields.setdefault("alt_text", "Bars.")
    made = Chart(dataset=data, title=title, spec=spec_from_fields(**fields))
    made.full_clean()
    made.save()
    return made


def article(slug: str, charts, publisher):
    from django.utils import timezone

    from articles import services
    from articles.models import Article, Status

    made = Article(
        title=slug,
        slug=slug,
        standfirst="Bench.",
        body="Some *words* about the charts.\n\n" * 5,
        author=publisher,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    services.save_article(article=made, by=publisher, charts=charts)
    return made


def forget_pages() -> None:
    """The cached pages go; the rest of the cache (the page cache's own bookkeeping) stays."""
    from django.core.cache import cache

    # LocMemCache's own dict, read for its keys (":1:<key>"): this script's cache only.
    stored = [key.split(":", 2)[2] for key in cache._cache if "pagecache:page:" in key]
    cache.delete_many(stored)


def measure(url: str, requests: int = REQUESTS) -> tuple[int, float, float]:
    from django.db import connection
    from django.test import Client

    client = Client()
    for _ in range(2):  # warm up: templates compiled, anything stale rendered again
        forget_pages()
        assert client.get(url).status_code == 200
    times, queries = [], []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        forget_pages()
        client.get(url)
    for _ in range(requests):
        forget_pages()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    if os.environ.get("BENCH_SQL"):
        print("\n".join(queries))
    return len(queries), statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--rows", type=int, default=LARGE_ROWS)
    parser.add_argument("--requests", type=int, default=REQUESTS, help="timed, per page")
    options = parser.parse_args()
    setup(Path(options.root))
    logging.disable(logging.INFO)  # the request log
    from django.contrib.auth.models import Group, User

    from articles.permissions import PUBLISHERS, install_roles

    install_roles()
    publisher = User.objects.create(username="bench", is_staff=True, first_name="Bench")
    publisher.groups.add(Group.objects.get(name=PUBLISHERS))
    rows = "\n".join(f"Country {n},{n * 100},{n}" for n in range(10))
    small = dataset(f"country,papers,share\n{rows}\n".encode(), "Small")
    fields = {"label_column": "country", "value_columns": ["papers"]}
    cases = {
        "1 chart, 10 rows": [chart(small, "One", **fields)],
        "10 charts, 10 rows": [chart(small, f"Chart {n}", **fields) for n in range(10)],
    }
    started = time.perf_counter()
    big = large_dataset(options.rows)
    group = {"op": "group", "by": "region", "aggregates": [{"function": "sum", "column": "value"}]}
    cases[f"1 chart, {options.rows:,} rows"] = [
        chart(big, "Large", label_column="region", value_columns=["value"], transforms=[group])
    ]
    print(f"({options.rows:,} rows loaded and charted in {time.perf_counter() - started:.1f} s)")
    print(f"{'article page, uncached':28} {'queries':>8} {'median ms':>10} {'max ms':>8}")
    for n, (name, charts) in enumerate(cases.items()):
        url = article(f"bench-{n}", charts, publisher).get_absolute_url()
        queries, median, worst = measure(url, options.requests)
        print(f"{name:28} {queries:8} {median:10.1f} {worst:8.1f}")


if __name__ == "__main__":
    main()
