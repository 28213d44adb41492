"""Every ETag the site sends can match: a repeat request with it gets 304.

The addresses come from the URL resolver (tests/routes.py): pages, feeds, the
API and its downloads, with an article of several charts like the demo's.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_chart
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


def test_every_last_modified_sent_answers_304_to_if_modified_since(reader):
    site = make_site()
    sent = {}
    for address in working_addresses(reader, site).values():
        response = reader.get(address.url)
        if address.status == 200 and response.has_header("Last-Modified"):
            sent[address.url] = response["Last-Modified"]
    not_modified = {url: reader.get(url, HTTP_IF_MODIFIED_SINCE=when) for url, when in sent.items()}
    assert {url: r.status_code for url, r in not_modified.items() if r.status_code != 304} == {}
    for url in [site.article.get_absolute_url(), reverse("articles:home")]:
        assert url in sent


def test_the_article_pages_etag_changes_with_a_chart_it_draws_and_not_with_another(reader):
    site = make_site()
    url = site.article.get_absolute_url()
    etag = reader.get(url)["ETag"]
    elsewhere = make_chart(title="Drawn nowhere")
    elsewhere.title = "Still drawn nowhere"
    elsewhere.save()
    assert reader.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    site.charts[2].title = "Retitled"
    site.charts[2].save()
    assert reader.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_unrelated_save_leaves_the_pages_validators_alone(reader, time_machine):
    time_machine.move_to("2026-03-01 12:00:00Z", tick=False)
    site = make_site()
    url = site.article.get_absolute_url()
    first = reader.get(url)
    time_machine.shift(3600)
    make_chart(title="Drawn nowhere")  # not on the page
    again = reader.get(url)
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
