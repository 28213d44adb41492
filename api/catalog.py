"""The DCAT-AP catalogue: every public dataset as JSON-LD, for data portals to harvest.

/api/v1/catalog.jsonld is a dcat:Catalog of the datasets an anonymous reader
may see (chartweek.visibility), whoever asks: a harvester's copy must never hold
a preview. Each dataset describes its reader's version, never an embargoed one:
its dates, a contact point (the site's: `contact_point`), and a dcat:Distribution
per download format pinned to that version (none where the data may not be
redistributed). A hundred datasets a page, the
pages linked as a Hydra partial collection view, as data.europa.eu harvests.

DCAT-AP: https://semiceu.github.io/DCAT-AP/ · the vocabularies' IRIs below.
"""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response

from api.http import ApiView, errors
from api.packages import download_urls
from articles.models import ArticleChart
from chartweek import visibility
from chartweek.params import whole_number
from datasets import exactjson

PAGE_SIZE = 100
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
# The EU's file-type authority has no NDJSON, and IANA registers no type for it.
FILE_TYPES = {"csv": "CSV", "json": "JSON", "parquet": "PARQUET", "xlsx": "XLSX"}
UNREGISTERED = {"application/x-ndjson"}


class Catalog(ApiView):
    def perform_content_negotiation(self, request, force=False):
        # JSON-LD whatever the Accept header says (it is JSON, written by the API's
        # renderer and labelled application/ld+json); errors are JSON as everywhere.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "page", {"type": "integer", "minimum": 1}, description="1: the first page."
            )
        ],
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A dcat:Catalog (DCAT-AP, JSON-LD) of a page of public datasets.",
            ),
            **errors(400, 404),
        },
    )
    def get(self, request):
        """Every public dataset as a DCAT-AP catalogue (JSON-LD), a hundred a page."""
        raw = request.query_params.get("page", "1")
        number = whole_number(raw)
        if number is None or number < 1:
            raise ParseError(f"page must be a whole number from 1, not “{raw[:50]}”.")
        datasets = visibility.datasets(user=None).order_by("pk")
        total = datasets.count()
        last = max(1, -(-total // PAGE_SIZE))
        if number > last:
            raise NotFound(f"There is no page {number} of the catalogue; it has {last}.")
        start = (number - 1) * PAGE_SIZE
        page = visibility.attach_reader_versions(datasets[start : start + PAGE_SIZE], user=None)
        document = catalogue(request, page, number=number, last=last)
        modified = max((_modified(d) for d in page), default=None)
        if not_modified := self.conditional(
            request, etag=exactjson.dumps(document), last_modified=modified
        ):
            return not_modified
        return Response(document, content_type="application/ld+json")


def catalogue(request, datasets, *, number: int, last: int) -> dict:
    """The catalogue's JSON-LD for this page of `datasets` (each with its reader_version)."""
    url = request.build_absolute_uri(reverse("api:catalog"))
    publisher = {
        "@id": request.build_absolute_uri("/"),
        "@type": "foaf:Agent",
        "foaf:name": settings.SITE_NAME,
    }
    contact = contact_point(request)
    keywords = _keywords([d.pk for d in datasets])
    view = {
        "@id": f"{url}?page={number}",
        "@type": "hydra:PartialCollectionView",
        "hydra:first": {"@id": f"{url}?page=1"},
        "hydra:last": {"@id": f"{url}?page={last}"},
    }
    if number < last:
        view["hydra:next"] = {"@id": f"{url}?page={number + 1}"}
    if number > 1:
        view["hydra:previous"] = {"@id": f"{url}?page={number - 1}"}
    return {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:title": f"{settings.SITE_NAME}: the data behind the charts",
        "dct:description": f"Every dataset {settings.SITE_NAME} has charted in a published "
        "article, with its source, licence and downloads.",
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": request.build_absolute_uri("/")},
        "dcat:dataset": [
            _dataset(
                request, d, publisher=publisher, contact=contact, keywords=keywords.get(d.pk, [])
            )
            for d in datasets
        ],
        "hydra:view": view,
    }


def contact_point(request) -> dict:
    """Who answers questions about the data: a vcard:Kind, as DCAT-AP recommends for every
    dataset. The site's DATA_CONTACT_EMAIL when set, else its home page."""
    contact: dict[str, object] = {"@type": "vcard:Kind", "vcard:fn": settings.SITE_NAME}
    if settings.DATA_CONTACT_EMAIL:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{settings.DATA_CONTACT_EMAIL}"}
    else:
        contact["vcard:hasURL"] = {"@id": request.build_absolute_uri("/")}
    return contact


def _dataset(request, dataset, *, publisher, contact, keywords):
    page = request.build_absolute_uri(dataset.get_absolute_url())
    record = {
        "@id": request.build_absolute_uri(
            reverse("api:dataset-detail", kwargs={"slug": dataset.slug})
        ),
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": dataset.title,
        "dct:description": dataset.description or dataset.title,
        "dct:publisher": publisher,
        "dct:creator": {"@type": "foaf:Agent", "foaf:name": dataset.source_name},
        "dcat:contactPoint": contact,
        "dct:issued": _date_time(dataset.created_at),
        "dct:modified": _date_time(_modified(dataset)),
        "dcat:landingPage": {"@id": page},
        "dcat:keyword": keywords,
        "dcat:distribution": [],
    }
    if dataset.source_url:
        record["dct:source"] = {"@id": dataset.source_url}
    if dataset.licence_url:
        record["dct:license"] = {"@id": dataset.licence_url}
    else:
        record["dct:rights"] = {
            "@type": "dct:RightsStatement",
            "rdfs:label": dataset.get_licence_display(),
        }
    version = dataset.reader_version
    if version is None or not visibility.may_download(dataset, user=None):
        return record
    for kind, url, media_type in download_urls(request, dataset, version):
        distribution = {
            "@id": url,
            "@type": "dcat:Distribution",
            "dct:title": f"{dataset.title} ({kind.upper()}, version {version.number})",
            "dcat:accessURL": {"@id": page},
            "dcat:downloadURL": {"@id": url},
            "dct:issued": _date_time(version.created_at),
        }
        if kind in FILE_TYPES:
            distribution["dct:format"] = {"@id": FILE_TYPE + FILE_TYPES[kind]}
        if media_type not in UNREGISTERED:
            distribution["dcat:mediaType"] = {"@id": MEDIA_TYPE + media_type}
        if dataset.licence_url:
            distribution["dct:license"] = {"@id": dataset.licence_url}
        record["dcat:distribution"].append(distribution)
    return record


def _keywords(ids):
    """Per dataset id, the topics of the published articles that chart it, in one query."""
    pairs = (
        ArticleChart.objects.filter(article__in=visibility.articles(user=None))
        .filter(chart__dataset__in=ids)
        .exclude(article__topics=None)
        .values_list("chart__dataset_id", "article__topics__name")
        .distinct()
    )
    found: dict[int, list[str]] = {}
    for dataset_id, name in sorted(pairs):
        found.setdefault(dataset_id, []).append(name)
    return found


def _modified(dataset):
    return visibility.reader_updated_at(dataset, dataset.reader_version)


def _date_time(moment):
    return {"@value": moment.isoformat(), "@type": "xsd:dateTime"}
