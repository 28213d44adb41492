"""Frictionless Data descriptors: a version's columns as a Table Schema, and a
dataset as a Data Package whose one resource is its CSV download.

https://specs.frictionlessdata.io/table-schema/ and /data-package/
"""

from django.core.cache import cache
from django.urls import reverse

from datasets.models import ColumnType
from datasets.table_query import has_other_length

# Our column types are Table Schema's, but for date columns of bare years ("2021").
_TYPES = {
    ColumnType.INTEGER: "integer",
    ColumnType.NUMBER: "number",
    ColumnType.DATE: "date",
    ColumnType.STRING: "string",
    ColumnType.BOOLEAN: "boolean",
}


def year_columns(version):
    """Names of the version's date columns that hold bare years only (ISO 8601 "YYYY").

    A version never changes, so the answer is cached for good.
    """
    key = f"api:year-columns:{version.pk}"
    names = cache.get(key)
    if names is None:
        names = [
            column["name"]
            for index, column in enumerate(version.columns)
            if column["type"] == ColumnType.DATE and not _has_full_dates(version, index)
        ]
        cache.set(key, names, timeout=None)
    return names


def _has_full_dates(version, index):
    return has_other_length(version, index, 4)


def table_schema(dataset, version):
    """The version's columns as a Table Schema, with the editor's titles, units and notes."""
    years = set(year_columns(version))
    fields = []
    for column in dataset.describe_columns(version.columns):
        kind = "year" if column["name"] in years else _TYPES[ColumnType(column["type"])]
        fields.append(
            {
                "name": column["name"],
                "type": kind,
                "title": column["title"],
                "unit": column["unit"],
                "description": column["description"],
            }
        )
    return {"fields": fields, "missingValues": [""]}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Every download of a version: (format, URL name, media type), data.csv first.
DOWNLOADS = [
    ("csv", "api:dataset-csv", "text/csv"),
    ("json", "api:dataset-json", "application/json"),
    ("ndjson", "api:dataset-ndjson", "application/x-ndjson"),
    ("parquet", "api:dataset-parquet", "application/vnd.apache.parquet"),
    ("xlsx", "api:dataset-xlsx", XLSX),
]


def download_urls(request, dataset, version):
    """(format, absolute URL pinned to `version`, media type) of each of its downloads."""
    return [
        (kind, download_url(request, name, dataset, version), media_type)
        for kind, name, media_type in DOWNLOADS
    ]


def download_url(request, name, dataset, version):
    path = reverse(name, kwargs={"slug": dataset.slug}) + f"?version={version.number}"
    return request.build_absolute_uri(path)


def data_package(request, dataset, version):
    """A Tabular Data Package: the dataset's metadata and its table in each download's
    format (data.csv first), pinned to `version`."""
    schema = table_schema(dataset, version)
    resources = []
    for kind, url, media_type in download_urls(request, dataset, version):
        name = dataset.slug.lower() + ("" if kind == "csv" else f"-{kind}")
        resource = {
            "profile": "tabular-data-resource",
            "name": name,
            "path": url,
            "format": kind,
            "mediatype": media_type,
        }
        if kind in ("csv", "json", "ndjson"):
            resource["encoding"] = "utf-8"
        resources.append({**resource, "schema": schema})
    package = {
        "profile": "tabular-data-package",
        "name": dataset.slug.lower(),
        "title": dataset.title,
        "description": dataset.description,
        "homepage": request.build_absolute_uri(dataset.get_absolute_url()),
        "created": version.created_at.isoformat(),
        "sources": [_source(dataset)],
        "resources": resources,
    }
    if dataset.licence_url:  # an SPDX licence; "other" and "all rights reserved" are not
        package["licenses"] = [
            {
                "name": dataset.licence,
                "path": dataset.licence_url,
                "title": dataset.get_licence_display(),
            }
        ]
    if dataset.temporal_coverage:
        package["temporalCoverage"] = dataset.temporal_coverage
    return package


def _source(dataset):
    source = {"title": dataset.source_name}
    if dataset.source_url:
        source["path"] = dataset.source_url
    return source
