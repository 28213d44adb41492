"""Every ETag the site sends can match: a repeat request with it gets 304.

The addresses come from the URL resolver (tests/routes.py): pages, feeds, the
API and its downloads, with an article of several charts like the demo's.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.routes import make_site, working_addresses

pytestmark = pytest.mark.django_db

# A quoted opaque string (RFC 9110), without the commas and spaces that would
# split it inside an If-None-Match list.
VALID_ETAG = re.compile(r'(W/)?"[^",\s]+"')


@pytest.fixture
def reader(settings):
    settings.API_ANON_RATE = None
    return Client()


def test_every_etag_sent_is_valid_and_answers_304(reader):
    site = make_site()
    sent = {}
    for address in working_addresses(reader, site).values():
        response = reader.get(address.url)
        if address.status == 200 and response.has_header("ETag"):
            sent[address.url] = response["ETag"]
    wrong = [f"{url}: {etag}" for url, etag in sent.items() if not VALID_ETAG.fullmatch(etag)]
    assert wrong == []
    not_modified = {url: reader.get(url, HTTP_IF_NONE_MATCH=etag) for url, etag in sent.items()}
    assert {url: r.status_code for url, r in not_modified.items() if r.status_code != 304} == {}
    # Not a vacuous pass: these certainly send one (an article of four charts among them).
    slug = {"slug": site.dataset.slug}
    for url in [
        site.article.get_absolute_url(),
        reverse("api:article-detail", kwargs={"slug": site.article.slug}),
        reverse("api:chart-detail", kwargs={"pk": site.charts[0].pk}),
        reverse("api:dataset-csv", kwargs=slug),
        reverse("api:dataset-json", kwargs=slug),
        reverse("api:dataset-datapackage", kwargs=slug),
        reverse("api:dataset-rows", kwargs=slug),
    ]:
        assert url in sent


def test_the_api_etag_changes_when_an_article_chart_changes(reader):
    site = make_site()
    url = reverse("api:article-detail", kwargs={"slug": site.article.slug})
    etag = reader.get(url)["ETag"]
    site.charts[2].title = "Retitled"
    site.charts[2].save()
    assert reader.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
