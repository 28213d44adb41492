"""The DCAT-AP catalogue (/api/v1/catalog.jsonld): JSON-LD of every public dataset."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from api import catalog
from tests.factories import add_version, make_article, make_chart, make_dataset, make_topic

pytestmark = pytest.mark.django_db

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
BASE = "http://testserver"


def graph(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return Graph().parse(data=response.content.decode(), format="json-ld")


def test_the_catalogue_is_dcat_json_ld_of_the_public_datasets(api, published):
    _, _, article = published
    article.topics.add(make_topic(name="Research"))
    response = api.get(reverse("api:catalog"))
    g = graph(response)
    assert (URIRef(f"{BASE}/api/v1/catalog.jsonld"), RDF.type, DCAT.Catalog) in g
    (record,) = g.subjects(RDF.type, DCAT.Dataset)
    assert record == URIRef(f"{BASE}/api/v1/datasets/ai-papers/")
    assert g.value(record, DCT.title) == Literal("AI papers by country")
    assert g.value(record, DCAT.keyword) == Literal("Research")
    assert g.value(record, DCT.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(record, DCAT.landingPage) == URIRef(f"{BASE}/datasets/ai-papers/")
    downloads = {str(g.value(d, DCAT.downloadURL)) for d in g.objects(record, DCAT.distribution)}
    assert downloads == {
        f"{BASE}/api/v1/datasets/ai-papers/data.{kind}?version=1"
        for kind in ["csv", "json", "ndjson", "parquet", "xlsx"]
    }
    parquet = URIRef(f"{BASE}/api/v1/datasets/ai-papers/data.parquet?version=1")
    assert g.value(parquet, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/vnd.apache.parquet"
    )
    assert response["ETag"]
    assert api.get(reverse("api:catalog"), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_drafts_embargoed_versions_and_closed_data_stay_out(api, published, monkeypatch):
    dataset, _, _ = published
    make_dataset(slug="draftqx-data", title="draftqx title")  # charted nowhere
    closed = make_dataset(slug="closed", redistributable=False, content=b"a,n\nb,1\n")
    make_article(charts=[make_chart(dataset=closed)], slug="closed-story")
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: timezone.datetime(2031, 7, 19, tzinfo=timezone.UTC))
        newer = add_version(dataset, b"country,papers,embargoqx\nPeru,3,x\n", note="embargoqx")
    scheduled = make_article(published_at=timezone.now() + timezone.timedelta(days=1))
    scheduled.placements.create(chart=make_chart(dataset=dataset, version=newer), position=1)
    body = api.get(reverse("api:catalog")).content.decode()
    assert "draftqx" not in body
    assert "embargoqx" not in body
    assert "2031" not in body
    assert "version=2" not in body
    g = Graph().parse(data=body, format="json-ld")
    closed_record = URIRef(f"{BASE}/api/v1/datasets/closed/")
    assert (closed_record, RDF.type, DCAT.Dataset) in g
    assert list(g.objects(closed_record, DCAT.distribution)) == []  # listed, no downloads


def test_pages_are_bounded_and_linked(api, published, monkeypatch):
    monkeypatch.setattr(catalog, "PAGE_SIZE", 1)
    second = make_dataset(slug="second")
    make_article(charts=[make_chart(dataset=second)], slug="second-story")
    first = json.loads(api.get(reverse("api:catalog")).content)
    assert len(first["dcat:dataset"]) == 1
    assert first["hydra:view"]["hydra:next"] == {"@id": f"{BASE}/api/v1/catalog.jsonld?page=2"}
    last = json.loads(api.get(reverse("api:catalog"), {"page": "2"}).content)
    assert "hydra:next" not in last["hydra:view"]
    assert last["dcat:dataset"][0]["dct:identifier"] == "second"
    assert api.get(reverse("api:catalog"), {"page": "3"}).status_code == 404
    for odd in ["0", "x", "9" * 400, "\u00b2"]:
        assert api.get(reverse("api:catalog"), {"page": odd}).status_code == 400, odd


def test_the_catalogue_is_in_the_openapi_schema(api):
    schema = api.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    answer = schema["paths"]["/api/v1/catalog.jsonld"]["get"]["responses"]["200"]
    assert "application/ld+json" in answer["content"]


VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


def test_each_dataset_has_the_sites_contact_point_a_vcard(api, published, settings):
    settings.DATA_CONTACT_EMAIL = "data@example.org"
    settings.SITE_NAME = "Chart Week"
    g = graph(api.get(reverse("api:catalog")))
    (record,) = g.subjects(RDF.type, DCAT.Dataset)
    contact = g.value(record, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in g
    assert g.value(contact, VCARD.fn) == Literal("Chart Week")
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:data@example.org")
    assert g.value(contact, VCARD.hasURL) is None


def test_without_a_contact_email_the_contact_point_is_the_sites_home_page(api, published, settings):
    settings.DATA_CONTACT_EMAIL = ""
    g = graph(api.get(reverse("api:catalog")))
    (record,) = g.subjects(RDF.type, DCAT.Dataset)
    contact = g.value(record, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in g
    assert g.value(contact, VCARD.hasURL) == URIRef(f"{BASE}/")
    assert g.value(contact, VCARD.hasEmail) is None
