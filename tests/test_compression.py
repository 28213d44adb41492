"""Text answers go compressed when the client accepts it, never when they may hold a secret."""

import gzip

import brotli
import pytest
from django.test import Client
from django.urls import reverse

from articles.models import PreviewLink
from tests.factories import make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

BOTH = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}


def body(response) -> bytes:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    encoding = response.get("Content-Encoding")
    return {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, lambda b: b)(raw)


def big_dataset():
    lines = [b"country,year,papers"] + [
        b"Country %d,%d,%d" % (n, 2000 + n % 20, n) for n in range(3000)
    ]
    dataset = make_dataset(content=b"\n".join(lines) + b"\n", slug="big")
    make_article(
        charts=[
            make_chart(
                dataset=dataset, label_column="country", value_columns=["papers"], chart_type="line"
            )
        ]
    )  # published: readers may download it
    return dataset


@pytest.mark.parametrize(("headers", "encoding"), [(BOTH, "br"), (GZIP, "gzip"), ({}, None)])
def test_reader_pages_are_compressed_as_the_client_accepts(headers, encoding):
    article = make_article(charts=[make_chart()])
    plain = Client().get(article.get_absolute_url())
    for _ in range(2):  # rendered, then from the cache
        response = Client().get(article.get_absolute_url(), **headers)
        assert response.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        assert body(response) == plain.content


def test_each_encoding_has_its_own_etag_and_each_answers_304():
    article = make_article()
    url = article.get_absolute_url()
    etags = {Client().get(url, **h)["ETag"] for h in (BOTH, GZIP, {})}
    assert len(etags) == 3
    for headers in (BOTH, GZIP, {}):
        etag = Client().get(url, **headers)["ETag"]
        assert Client().get(url, HTTP_IF_NONE_MATCH=etag, **headers).status_code == 304


def test_uncached_answers_api_json_and_streamed_downloads_are_compressed(settings):
    settings.API_ANON_RATE = None
    dataset = big_dataset()
    for url in [
        reverse("api:dataset-csv", kwargs={"slug": dataset.slug}),
        reverse("api:dataset-ndjson", kwargs={"slug": dataset.slug}),
        reverse("api:dataset-rows", kwargs={"slug": dataset.slug}),
        reverse("datasets:download", kwargs={"slug": dataset.slug}),
    ]:
        plain = body(Client().get(url))
        for headers, encoding in [(BOTH, "br"), (GZIP, "gzip")]:
            response = Client().get(url, **headers)
            assert response["Content-Encoding"] == encoding, url
            assert "Accept-Encoding" in response["Vary"]
            assert body(response) == plain
            if response.streaming:
                assert not response.has_header("Content-Length")
            else:
                assert int(response["Content-Length"]) == len(response.content)
        assert len(Client().get(url, **GZIP).getvalue()) < len(plain) / 3, url


def test_no_answer_holding_a_secret_is_compressed(editor_client):
    """BREACH: the admin, signed-in users' pages, previews, forms with a CSRF token: plain."""
    article = make_article()
    for url in [reverse("admin:index"), article.get_absolute_url(), reverse("articles:home")]:
        response = editor_client.get(url, **BOTH)
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url
    draft = make_article(published=False)
    link = PreviewLink.objects.create(article=draft)  # its token is in the page
    preview = Client().get(reverse("articles:preview", args=[link.token]), **BOTH)
    assert preview.status_code == 200
    assert not preview.has_header("Content-Encoding")
    login = Client().get(reverse("admin:login"), **BOTH)
    assert b"csrfmiddlewaretoken" in login.content
    assert not login.has_header("Content-Encoding")


def test_images_and_tiny_answers_are_left_alone():
    response = Client().get(reverse("robots"), **BOTH)
    assert len(response.content) < 200
    assert not response.has_header("Content-Encoding")
