"""HTTP done right: validators and 304s, caching, CORS, throttling, JSON errors."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils.http import http_date

from tests.factories import add_version, publish_version

pytestmark = pytest.mark.django_db

READS = [
    "dataset-list",
    "dataset-detail",
    "dataset-rows",
    "dataset-csv",
    "dataset-json",
    "dataset-ndjson",
    "dataset-parquet",
    "dataset-xlsx",
    "dataset-datapackage",
    "article-list",
    "article-detail",
    "chart-detail",
]


def url_of(name, published):
    dataset, chart, article = published
    args = {"dataset": [dataset.slug], "article-detail": [article.slug], "chart-detail": [chart.pk]}
    key = "dataset" if name.startswith("dataset-") and name != "dataset-list" else name
    return reverse(f"api:{name}", args=args.get(key, []))


@pytest.mark.parametrize("name", READS)
def test_every_read_answers_304_to_a_client_holding_the_same_copy(api, published, name):
    url = url_of(name, published)
    first = api.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=60"
    assert api.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.parametrize(
    "name", ["dataset-detail", "dataset-rows", "dataset-csv", "article-detail", "chart-detail"]
)
def test_last_modified_answers_if_modified_since(api, published, name):
    url = url_of(name, published)
    last_modified = api.get(url)["Last-Modified"]
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_new_data_changes_the_validators(api, published):
    dataset, _, _ = published
    urls = [url_of(n, published) for n in ["dataset-detail", "dataset-rows", "dataset-csv"]]
    etags = [api.get(url)["ETag"] for url in urls]
    publish_version(add_version(dataset, b"country,papers\nPeru,3\n"))  # readers see it now
    for url, etag in zip(urls, etags, strict=True):
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200, url


def test_rows_validators_depend_on_the_query(api, published):
    url = url_of("dataset-rows", published)
    etag = api.get(url, {"papers__gte": 1})["ETag"]
    assert api.get(url, {"papers__gte": 2}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert api.get(url, {"papers__gte": 1}, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_anonymous_reads_are_publicly_cacheable_and_signed_in_ones_private(
    api, staff_api, published, settings
):
    settings.API_CACHE_SECONDS = 300
    url = url_of("dataset-detail", published)
    assert api.get(url)["Cache-Control"] == "public, max-age=300"
    assert staff_api.get(url)["Cache-Control"] == "private, no-cache"
    assert "Authorization" in api.get(url)["Vary"]
    assert api.get(reverse("api:dataset-detail", args=["nope"]))["Cache-Control"] == "no-store"


def test_any_origin_may_read_but_not_write(api, published):
    url = url_of("dataset-csv", published)
    response = api.get(url, HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api.options(
        url, HTTP_ORIGIN="https://newsroom.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    # The rest of the site is not opened to other origins.
    page = api.get(published[2].get_absolute_url(), HTTP_ORIGIN="https://newsroom.example")
    assert "Access-Control-Allow-Origin" not in page


def test_anonymous_clients_are_throttled_with_retry_after(api, staff_api, published, settings):
    settings.API_ANON_RATE = "3/minute"
    url = url_of("dataset-list", published)
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = api.get(url)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()
    assert staff_api.get(url).status_code == 200  # signed-in clients are not throttled


def test_an_unknown_address_under_api_is_a_json_404(api, db):
    for path in ["/api/", "/api/v2/datasets/", "/api/v1/datasets"]:
        response = api.get(path)
        assert response.status_code == 404
        assert "/api/v1/" in response.json()["detail"]


def test_a_server_error_is_json_and_logged(api, published, caplog):
    with mock.patch("chartweek.visibility.charts", side_effect=RuntimeError("boom")):
        response = api.get(url_of("chart-detail", published))
    assert response.status_code == 500
    assert response.json()["detail"].startswith("Something went wrong on our side")
    assert "boom" in caplog.text


def test_an_unacceptable_media_type_is_a_json_406(api, published):
    response = api.get(url_of("dataset-detail", published), HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response.json()["detail"]
