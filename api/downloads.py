"""A dataset whole: data.csv, data.json and the Frictionless datapackage.json.

The table streams from the database in chunks (a server-side cursor on
PostgreSQL) and leaves as blocks of about 64 KiB: never all in memory, however
many rows. Every CSV cell goes through datasets.views.safe_cell, as on the
reader site: no spreadsheet formula survives, no number is altered. Numbers
leave with the digits they were read with (datasets.exactjson).
"""

from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from api.http import ApiView
from api.packages import data_package
from api.views import (
    VERSION_PARAMETER,
    chosen_version,
    errors,
    get_dataset,
    require_redistributable,
)
from datasets import exactjson
from datasets.views import csv_lines

BLOCK = 64 * 1024
CHUNK_ROWS = 5000


def blocks(pieces, size=BLOCK):
    """Small strings joined into UTF-8 blocks of about `size` characters."""
    buffer, length = [], 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


def json_lines(names, rows):
    """A JSON array of row objects, a row at a time, every number with its digits."""
    encode = exactjson.row_encoder(names)
    separator = "\n"
    yield "["
    for values in rows:
        yield separator + encode(values)
        separator = ",\n"
    yield "\n]\n"


class Download(ApiView):
    """The whole table of a version, streamed; only where it may be redistributed."""

    kind = ""
    content_type = ""

    def perform_content_negotiation(self, request, force=False):
        # The file is the answer whatever the Accept header says; errors are JSON.
        return super().perform_content_negotiation(request, force=True)

    def lines(self, version, rows) -> Iterator[str]:
        """The file's text, line by line: each format's own."""
        raise NotImplementedError

    def get(self, request, slug):
        dataset = get_dataset(request, slug)
        require_redistributable(request, dataset)
        version = chosen_version(request, dataset)
        if not_modified := self.conditional(
            request, etag=f"{self.kind}-{version.pk}", last_modified=version.created_at
        ):
            return not_modified
        response: HttpResponse | StreamingHttpResponse
        if request.method == "HEAD":
            response = HttpResponse(content_type=self.content_type)
        else:
            rows = row_values(version)
            response = StreamingHttpResponse(
                blocks(self.lines(version, rows)), content_type=self.content_type
            )
        suffix = f"-v{version.number}" if "version" in request.query_params else ""
        filename = f"{dataset.slug}{suffix}.{self.kind}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def row_values(version):
    """The version's rows as typed value lists, in file order, a chunk at a time."""
    return version.stream_rows()


class DatasetCsv(Download):
    kind = "csv"
    content_type = "text/csv; charset=utf-8"

    @extend_schema(
        parameters=[VERSION_PARAMETER],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The whole table."),
            **errors(400, 403, 404),
        },
    )
    def get(self, request, slug):
        """The whole table as CSV (UTF-8, a header row, formulas neutralised)."""
        return super().get(request, slug)

    def lines(self, version, rows):
        types = [column["type"] for column in version.columns]
        return csv_lines(version.column_names(), rows, types=types)


class DatasetJson(Download):
    kind = "json"
    content_type = "application/json"

    @extend_schema(
        parameters=[VERSION_PARAMETER],
        responses={
            200: OpenApiResponse(
                {"type": "array", "items": {"type": "object"}},
                description="The whole table: an array of row objects keyed by column name.",
            ),
            **errors(400, 403, 404),
        },
    )
    def get(self, request, slug):
        """The whole table as JSON: an array of row objects."""
        return super().get(request, slug)

    def lines(self, version, rows):
        return json_lines(version.column_names(), rows)


class DatasetPackage(ApiView):
    @extend_schema(
        parameters=[VERSION_PARAMETER],
        responses={200: OpenApiTypes.OBJECT, **errors(400, 403, 404)},
    )
    def get(self, request, slug):
        """A Frictionless Tabular Data Package: the metadata, and data.csv with its schema."""
        dataset = get_dataset(request, slug)
        require_redistributable(request, dataset)
        version = chosen_version(request, dataset)
        stamp = f"datapackage-{version.pk}-{dataset.updated_at.timestamp()}"
        last_modified = max(dataset.updated_at, version.created_at)
        if not_modified := self.conditional(request, etag=stamp, last_modified=last_modified):
            return not_modified
        return Response(data_package(request, dataset, version))
