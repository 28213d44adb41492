"""Nothing readers may not see reaches an anonymous reader, on any route.

Beside a published story sit: an embargoed version (new data for the story's
dataset that no chart has moved to yet, drawn only by a scheduled article), a
draft, a scheduled article and one that was published and then taken down,
each with its own dataset, chart, topic and author. Every route the URL
resolver knows (reader pages, feeds, sitemap, search, embeds, downloads, share
images, every API endpoint; the admin aside) is requested with every value its
parameters could take, and no body or header may carry a marker of the hidden
work: titles, notes, column names, cell values, and the date of the embargoed
upload (made on a day in 2031 no published thing carries), which must not
move any date a reader sees ("Last updated", the API's `updated`, lastmod).
A new route is walked without anyone listing it; a route with a parameter this
test cannot fill fails it.
"""

import io
import itertools
import zipfile
from datetime import UTC, datetime, timedelta

import pyarrow.parquet as pq
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleRedirect, Author, Topic
from charts.models import Chart
from datasets.models import DatasetVersion, Export
from tests.factories import (
    add_version,
    make_article,
    make_chart,
    make_dataset,
    make_editor,
    make_publisher,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = {"admin"}  # staff only: anonymous readers get the login page
SEARCHES = ["?q=secret", "?search=secret", "?page_size=100", "?ordering=title"]


def hidden_story(prefix, *, article_fields):
    """An article with its own dataset, chart, topic and author, all carrying `prefix` markers."""
    dataset = make_dataset(
        slug=f"{prefix[:5]}-data",
        title=f"{prefix}datasetqx secret",
        description=f"{prefix}descriptionqx secret",
        content=f"{prefix}columnqx,n\n{prefix}cellqx,7\n".encode(),
    )
    chart = make_chart(dataset=dataset, title=f"{prefix}chartqx secret")
    topic = make_topic(name=f"{prefix}topicqx", slug=f"{prefix[:5]}-topic")
    author = make_user(first_name=f"{prefix}authorqx")
    article = make_article(
        charts=[chart],
        topics=[topic],
        author=author,
        slug=f"{prefix[:5]}-story",
        title=f"{prefix}headlineqx secret",
        standfirst=f"{prefix}standfirstqx",
        body=f"{prefix}bodyqx secret",
        **article_fields,
    )
    Author.objects.filter(user=author).update(slug=f"{prefix[:5]}-author")
    name = default_storage.save(f"share/{prefix}.png", ContentFile(f"{prefix}shareqx".encode()))
    Article.objects.filter(pk=article.pk).update(share_image=name)
    return article, chart


EMBARGO_AT = datetime(2031, 7, 19, 13, 14, 15, tzinfo=UTC)
# The upload's date as pages, feeds, the sitemap, headers and the API write it
# (lowercased, as the walk compares); "2031" alone turns up in random hashes.
EMBARGO_DATES = [
    "2031-07-19",
    "19 jul 2031",
    "19 july 2031",
    "july 19, 2031",
    "jul. 19, 2031",
    str(int(EMBARGO_AT.timestamp())),
]


@pytest.fixture
def world(db, settings, monkeypatch):
    settings.API_ANON_RATE = None  # hundreds of requests from one address
    public_data = make_dataset(
        slug="public-data", title="Papers by country", content=b"country,papers\nChile,3\n"
    )
    public_chart = make_chart(dataset=public_data)
    make_article(charts=[public_chart], slug="public-story", topics=[make_topic(slug="ai")])

    with monkeypatch.context() as m:  # uploaded at a moment only the upload carries
        m.setattr(timezone, "now", lambda: EMBARGO_AT)
        embargoed = add_version(
            public_data,
            b"country,papers,embargocolumnqx\nembargocellqx,1,2\n",
            note="embargonoteqx secret",
        )
    hidden_story("draft", article_fields={"published": False})
    later = {"published_at": timezone.now() + timedelta(days=1)}
    scheduled, _ = hidden_story("scheduled", article_fields=later)
    # The embargo proper: the new data is drawn only by the scheduled article.
    scheduled_chart = make_chart(
        dataset=public_data, version=embargoed, title="scheduledembargochartqx"
    )
    scheduled.placements.create(chart=scheduled_chart, position=2)
    gone, _ = hidden_story("unpublished", article_fields={})
    services.unpublish_article(article=gone, by=make_publisher())
    ArticleRedirect.objects.create(old_slug="unpub-old-address", article=gone)
    return public_data


MARKERS = [
    "embargocolumnqx",
    "embargocellqx",
    "embargonoteqx",
    "scheduledembargochartqx",
    *EMBARGO_DATES,
    *(
        f"{prefix}{thing}qx"
        for prefix in ("draft", "scheduled", "unpublished")
        for thing in (
            "dataset",
            "description",
            "column",
            "cell",
            "chart",
            "topic",
            "author",
            "headline",
            "standfirst",
            "body",
            "share",
        )
    ),
]


def candidates():
    """Every value a route's parameter could take here, by the parameter's name."""
    months = {a.published_at for a in Article.objects.exclude(published_at=None)}
    months.add(timezone.now())
    slugs = [
        *Article.objects.values_list("slug", flat=True),
        *ArticleRedirect.objects.values_list("old_slug", flat=True),
        *Topic.objects.values_list("slug", flat=True),
        *Author.objects.values_list("slug", flat=True),
        *(d.slug for c in Chart.objects.select_related("dataset") for d in [c.dataset]),
    ]
    return {
        "slug": sorted(set(slugs)),
        "pk": sorted(Chart.objects.values_list("pk", flat=True)),
        "year": sorted({m.year for m in months}),
        "month": sorted({m.month for m in months}),
        "token": ["not-a-token"],
    }


def named_routes(patterns=None, namespace=""):
    """(name, parameter names) of every named route, namespaces included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_routes(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name, list(pattern.pattern.regex.groupindex)


def every_url():
    values = candidates()
    for name, params in named_routes():
        unknown = set(params) - set(values)
        assert not unknown, f"{name}: say which values {unknown} may take in candidates()"
        for combination in itertools.product(*(values[p] for p in params)):
            try:
                url = reverse(name, kwargs=dict(zip(params, combination, strict=True)))
            except NoReverseMatch:  # e.g. a month out of the converter's range
                continue
            yield url
            yield url + "?version=2"
            if not params:
                yield from (url + query for query in SEARCHES)


def readable(response, body):
    """The body as text to search: compressed formats (Excel's zip, Parquet) opened."""
    kind = response.get("Content-Type", "")
    if kind.startswith("application/vnd.openxmlformats") and response.status_code == 200:
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            return b"".join(workbook.read(name) for name in workbook.namelist())
    if kind == "application/vnd.apache.parquet" and response.status_code == 200:
        table = pq.read_table(io.BytesIO(body))
        return f"{table.schema} {table.schema.metadata} {table.to_pylist()}".encode()
    return body


def test_no_route_shows_an_anonymous_reader_anything_unpublished(world):
    assert walk(every_url()) > 200  # the walk really ran over the routes and their values


def test_no_stored_file_shows_an_anonymous_reader_anything_unpublished(
    world, settings, django_capture_on_commit_callbacks
):
    settings.DATASET_XLSX_REQUEST_CELLS = 1  # every whole file is written once and kept
    settings.DATASET_PARQUET_REQUEST_CELLS = 1
    files = [url for url in every_url() if "/data.xlsx" in url or "/data.parquet" in url]
    editor = Client()
    editor.force_login(make_editor())
    with django_capture_on_commit_callbacks(execute=True):  # an editor's previews queue them
        for url in files:
            editor.get(url)
            editor.get(url.partition("?")[0] + "?version=1")  # the readers' one, for public-data
    versions = DatasetVersion.objects.count()
    assert Export.objects.filter(state=Export.State.READY).count() == 2 * versions
    assert walk(files) >= 16
    for kind in ["xlsx", "parquet"]:
        stored = Client().get(reverse(f"api:dataset-{kind}", args=["public-data"]))
        assert stored.status_code == 200  # the walk did reach a stored file


def walk(urls):
    """Request each of `urls` as an anonymous reader: no marker in any answer. How many."""
    client = Client()
    walked = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = (readable(response, body) + str(response.headers).encode()).decode(errors="replace")
        text = text.lower()
        leaked = [marker for marker in MARKERS if marker in text]
        assert not leaked, (url, leaked)
        walked += 1
    return walked


def test_the_walk_reaches_every_kind_of_reader_surface(world):
    urls = set(every_url())
    for name, args in [
        ("articles:detail", ["draft-story"]),
        ("articles:share-image", ["sched-story"]),
        ("articles:topic-feed", ["unpub-topic"]),
        ("articles:author", ["draft-author"]),
        ("datasets:detail", ["public-data"]),
        ("datasets:download", ["draft-data"]),
        ("api:dataset-rows", ["public-data"]),
        ("api:dataset-datapackage", ["sched-data"]),
        ("sitemap", []),
    ]:
        assert reverse(name, args=args) in urls, name
    assert reverse("api:dataset-csv", args=["public-data"]) + "?version=2" in urls
    for name in ["api:dataset-parquet", "api:dataset-xlsx", "api:dataset-ndjson"]:
        assert reverse(name, args=["public-data"]) + "?version=2" in urls, name
        assert reverse(name, args=["draft-data"]) in urls, name
    assert reverse("articles:search") + "?q=secret" in urls


def test_the_markers_are_there_for_staff_so_the_walk_could_fail(world, client):
    from tests.factories import make_editor

    client.force_login(make_editor())
    html = client.get(reverse("datasets:detail", args=["public-data"])).content.decode()
    assert "embargocolumnqx" in html  # a preview shows the latest upload
    assert "19 July 2031" in html  # and dates the page by it
    body = client.get(reverse("api:dataset-versions", args=["public-data"])).content.decode()
    assert "embargonoteqx" in body
    page = client.get(reverse("articles:detail", args=["draft-story"])).content.decode()
    assert "draftheadlineqx" in page
    for name in ["api:dataset-parquet", "api:dataset-xlsx"]:  # the walk opens what they hold
        response = client.get(reverse(name, args=["draft-data"]))
        assert b"draftcellqx" in readable(response, b"".join(response.streaming_content))
