"""What the one visibility rule costs readers, on PostgreSQL:

    .venv/bin/python bench/visibility.py [DATASETS]

DATASETS public datasets (default 100) of VERSIONS versions each, the newest
under embargo (no chart draws it) and a published chart on each of the others.
Prints p50 and p99 latency, through Django's test client in process, of the
pages that now ask for the reader's version: the API's dataset list (100 a
page: one query for all their reader's versions), a dataset's API detail and
rows, and the reader's dataset page, plus the bare `attach_reader_versions`
query for the whole list. Target: every p99 under 50 ms. The data is made once
and kept in a database of its own for the next run.
"""

import os
import statistics
import sys
import tempfile
import time

from _setup import django_on_postgres

DATABASE = "chartweek_bench_visibility"
DATASETS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
VERSIONS = 4
REQUESTS = 200
os.environ.setdefault("API_ANON_RATE", "off")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")


def make_world():
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from articles.models import Article, ArticleChart, Status
    from charts.models import Chart
    from charts.spec_fields import spec_from_fields
    from datasets import ingest
    from datasets.models import Dataset, Licence

    if Dataset.objects.filter(slug__startswith="vis-").count() >= DATASETS:
        return
    print(f"making {DATASETS} datasets of {VERSIONS} versions (once)…", flush=True)
    author, _ = get_user_model().objects.get_or_create(username="bench-visibility")
    for n in range(Dataset.objects.filter(slug__startswith="vis-").count(), DATASETS):
        dataset = Dataset(
            title=f"Vis {n}", slug=f"vis-{n}", source_name="bench", licence=Licence.CC0
        )
        for v in range(VERSIONS):
            rows = "".join(f"r{i},{i * (v + 1)}\n" for i in range(50))
            upload = ContentFile(f"label,value\n{rows}".encode(), name="v.csv")
            version = ingest.import_version(
                dataset=dataset, inspection=ingest.inspect(upload), upload=upload
            )
            if v == VERSIONS - 1:
                break  # the newest stays under embargo
            spec = spec_from_fields(label_column="label", value_columns=["value"], alt_text="Bench")
            chart = Chart.objects.create(
                dataset=dataset, version=version, title=f"V{n}.{v}", spec=spec
            )
            article = Article.objects.create(
                title=f"Vis {n}.{v}",
                slug=f"vis-{n}-{v}",
                standfirst="Bench",
                body="[chart 1]",
                author=author,
                status=Status.PUBLISHED,
                published_at=timezone.now(),
            )
            ArticleChart.objects.create(article=article, chart=chart)


def timed(call, count=REQUESTS):
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def main():
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    os.environ.setdefault("STATIC_ROOT", static_root)  # the reader's page needs its manifest
    django_on_postgres(DATABASE)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from chartweek import visibility
    from datasets.models import Dataset

    make_world()
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    middle = f"vis-{DATASETS // 2}"

    def get(url):
        def call():
            cache.clear()  # the page cache would answer the reader's page otherwise
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if response.streaming:
                b"".join(response.streaming_content)

        return call

    pages = {
        "API dataset list (100 a page)": "/api/v1/datasets/?page_size=100",
        "API dataset detail": f"/api/v1/datasets/{middle}/",
        "API rows (reader's version)": f"/api/v1/datasets/{middle}/rows/",
        "reader's dataset page": f"/datasets/{middle}/",
    }
    print(f"{DATASETS} datasets × {VERSIONS} versions, {REQUESTS} requests each")
    for label, url in pages.items():
        p50, p99 = timed(get(url))
        print(f"  {label:32} p50 {p50:6.1f} ms   p99 {p99:6.1f} ms")
    listed = list(Dataset.objects.filter(slug__startswith="vis-")[:100])
    p50, p99 = timed(lambda: visibility.attach_reader_versions(listed))
    print(f"  {'attach_reader_versions (100)':32} p50 {p50:6.1f} ms   p99 {p99:6.1f} ms")
    embargoed = sum(
        1
        for d in visibility.attach_reader_versions(listed)
        if d.reader_version.pk == d.current_version_id
    )
    print(f"  datasets whose reader's version is the latest upload: {embargoed} (expected 0)")


if __name__ == "__main__":
    main()
