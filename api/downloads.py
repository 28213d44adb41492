"""A dataset's table as a file: data.csv, .json, .ndjson, .parquet and .xlsx, and the
Frictionless datapackage.json.

Every download takes the rows API's filters, sort and `columns` (api/rows.py's
parse, called, not copied): `data.csv?country=Chile&sort=-papers` is those rows.
The text formats stream as they are written; Parquet and Excel are written to a
temporary file first (a Parquet file's types come before its rows, and a
workbook is a zip), then streamed from it. On PostgreSQL, Parquet is written from
COPY's CSV by Arrow's C++ (datasets/parquet_copy.py). No request waits for a file
longer than its format's cell bound: a whole version past it is written once by the
task worker and kept (datasets/exports.py; 503 with Retry-After until then), and a
filtered workbook past it is refused (400).

The table streams from the database in chunks (a server-side cursor on
PostgreSQL; for CSV, PostgreSQL's COPY writes the file: datasets/csv_copy.py) and
leaves as blocks of about 64 KiB: never all in memory, however
many rows. Every CSV cell goes through datasets.views.safe_cell, as on the
reader site: no spreadsheet formula survives, no number is altered. Numbers
leave with the digits they were read with (datasets.exactjson).
"""

from collections.abc import Iterator

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import APIException, ParseError
from rest_framework.response import Response

from api import rows as row_query
from api.http import ApiView, errors
from api.packages import XLSX, data_package, table_schema
from api.tables import (
    COLUMNS_PARAMETER,
    FILTER_PARAMETERS,
    SORT_PARAMETER,
    VERSION_PARAMETER,
    bad_request,
    chosen_version,
    get_dataset,
    refuse_group_parameters,
    require_redistributable,
)
from api.text_formats import BLOCK, blocks, json_lines, ndjson_lines
from datasets import csv_copy, exports, parquet_copy, table_query
from datasets.excel import MAX_ROWS, TOO_MANY_ROWS, TooManyRows, xlsx_file
from datasets.models import Export
from datasets.parquet import parquet_file
from datasets.views import csv_lines

CHUNK_ROWS = 5000


DOWNLOAD_PARAMETERS = [VERSION_PARAMETER, SORT_PARAMETER, COLUMNS_PARAMETER, *FILTER_PARAMETERS]


class Download(ApiView):
    """A version's table, filtered as the rows API filters; only where it may be redistributed."""

    kind = ""
    content_type = ""
    filtered = False
    query: row_query.RowQuery | None = None

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
        with bad_request():
            query = row_query.parse(version, request.query_params)
            refuse_group_parameters(request.query_params)
        stamp = f"{self.kind}-{version.pk}"
        if query.filtered or query.ordering or len(query.selected) < len(query.names):
            stamp += "-" + row_query.digest(request.query_params)
        if not_modified := self.conditional(request, etag=stamp, last_modified=version.created_at):
            return not_modified
        self.check(dataset, version, query)
        response: HttpResponse | StreamingHttpResponse
        if request.method == "HEAD":
            response = HttpResponse(content_type=self.content_type)
        else:
            columns = [version.columns[i] for i in query.selected]
            self.filtered, self.query = query.filtered, query
            response = self.respond(dataset, version, columns, version_rows(version, query))
        suffix = f"-v{version.number}" if "version" in request.query_params else ""
        suffix += "-filtered" if query.filtered else ""
        filename = f"{dataset.slug}{suffix}.{self.kind}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def check(self, dataset, version, query) -> None:
        """Raise the error GET would answer instead of the file, before any row is read
        (HEAD answers it too); each format its own."""

    def respond(self, dataset, version, columns, rows):
        """The response for these rows: text formats stream as they are written."""
        return StreamingHttpResponse(
            blocks(self.lines(columns, rows)), content_type=self.content_type
        )


def documented_get(summary, media_type, body, description, codes=(400, 403, 404)):
    """A download's GET: Download.get with `summary` as its docstring, described for the
    OpenAPI schema as answering `body` as `media_type`, the file `description` (or an
    error of `codes`). One for
    every format."""

    def get(self, request, slug):
        return Download.get(self, request, slug)

    get.__doc__ = summary
    return extend_schema(
        parameters=DOWNLOAD_PARAMETERS,
        responses={
            (200, media_type): OpenApiResponse(body, description=description),
            **errors(*codes),
        },
    )(get)


def names(columns):
    """The column names of a version's `columns` (their Table Schema fields)."""
    return [column["name"] for column in columns]


def version_rows(version, query=None) -> Iterator[list]:
    """The version's rows as typed value lists, streamed: in file order, or as `query`
    (a rows API query: its filters, sort and columns) asks."""
    if query is None:
        return version.stream_rows()
    return table_query.stream(
        version, where=query.where, ordering=query.ordering, columns=query.selected
    )


class DatasetCsv(Download):
    kind = "csv"
    content_type = "text/csv; charset=utf-8"
    description = "The table (or the rows the filters keep) as CSV."

    get = documented_get(
        "The whole table as CSV (UTF-8, a header row, formulas neutralised); filterable.",
        "text/csv",
        OpenApiTypes.STR,
        description,
    )

    def lines(self, columns, rows):
        return csv_lines(names(columns), rows, types=[column["type"] for column in columns])

    def respond(self, dataset, version, columns, rows):
        # On PostgreSQL, COPY writes the same bytes (datasets/csv_copy.py) several times faster.
        query = self.query
        assert query is not None
        copied = csv_copy.blocks(
            version,
            next(csv_lines(names(columns), [])),
            where=query.where,
            ordering=query.ordering,
            columns=query.selected,
            size=BLOCK,
        )
        if copied is None:
            return super().respond(dataset, version, columns, rows)
        return StreamingHttpResponse(copied, content_type=self.content_type)


class DatasetJson(Download):
    kind = "json"
    content_type = "application/json"
    description = "The table: an array of row objects keyed by column name."

    get = documented_get(
        "The whole table as JSON: an array of row objects; filterable.",
        "application/json",
        {"type": "array", "items": {"type": "object"}},
        description,
    )

    def lines(self, columns, rows):
        return json_lines(names(columns), rows)


class DatasetNdjson(Download):
    kind = "ndjson"
    content_type = "application/x-ndjson"
    description = "The table as newline-delimited JSON: one row object a line."

    get = documented_get(
        "The whole table as NDJSON (a row object a line, exact numbers); filterable.",
        "application/x-ndjson",
        OpenApiTypes.STR,
        description,
    )

    def lines(self, columns, rows):
        return ndjson_lines(names(columns), rows)


class NotReady(APIException):
    """A large table's file is still being written: 503, with when to ask again."""

    status_code = 503
    default_code = "not_ready"

    def __init__(self, pending: exports.Pending):
        super().__init__(pending.message)
        self.wait = pending.retry_after  # DRF sends it as Retry-After


class FileDownload(Download):
    """A format written whole before it is sent (to a temporary file), then streamed. A
    whole version too large to write on request is written once by the task worker and
    kept (datasets/exports.py): 503 with Retry-After until it is ready."""

    stored: Export | None = None

    def write(self, dataset, version, columns, rows):
        """The whole file, open for reading (each format writes its own)."""
        raise NotImplementedError

    def notes(self, dataset, version, columns) -> dict:
        """What the file is written with beside the rows (each format its own)."""
        raise NotImplementedError

    @staticmethod
    def whole(version, query) -> bool:
        """Whether `query` asks for the version as it is: every row and column, in order."""
        every = query.selected == list(range(len(version.columns)))
        return every and not query.filtered and not query.ordering

    def check(self, dataset, version, query):
        if not self.whole(version, query) or exports.written_on_request(version, self.kind):
            return
        notes = self.notes(dataset, version, version.columns)
        self.stored = exports.stored(version, self.kind, notes)
        if self.stored is None:
            raise NotReady(exports.request(version, self.kind, notes))

    def respond(self, dataset, version, columns, rows):
        if self.stored is not None:
            written = self.stored.file.open("rb")
        else:
            written = self.write(dataset, version, columns, rows)
        response = FileResponse(written)
        response["Content-Type"] = self.content_type
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == NotReady.status_code:
            # Expected while the worker writes: the request log has it, not the error log.
            response._has_been_logged = True  # what django.utils.log.log_response reads
        return response


class DatasetParquet(FileDownload):
    kind = "parquet"
    content_type = "application/vnd.apache.parquet"
    description = (
        "The table as Parquet: integers int64, numbers exact decimals with their "
        "decimals, dates date32 (bare years int32), booleans bool, text string; the "
        "Table Schema in the file's metadata under `chartweek`. A very large table's whole "
        "file (past DATASET_PARQUET_REQUEST_CELLS cells, 20 million) is written once in "
        "the background and kept: until it is ready the answer is 503 with Retry-After."
    )

    get = documented_get(
        "The whole table as Parquet, the Table Schema's types kept; filterable.",
        "application/vnd.apache.parquet",
        OpenApiTypes.BINARY,
        description,
        codes=(400, 403, 404, 503),
    )

    def notes(self, dataset, version, columns):
        names = {column["name"] for column in columns}
        schema = table_schema(dataset, version)
        schema["fields"] = [f for f in schema["fields"] if f["name"] in names]
        return {"dataset": dataset.slug, "version": version.number, "schema": schema}

    def write(self, dataset, version, columns, rows):
        notes = self.notes(dataset, version, columns)
        # On PostgreSQL, COPY and Arrow's CSV reader write the same file (datasets/parquet_copy.py).
        query = self.query
        assert query is not None
        copied = parquet_copy.parquet_file(
            version,
            metadata=notes,
            where=query.where,
            ordering=query.ordering,
            columns=query.selected,
        )
        if copied is not None:
            return copied
        return parquet_file(columns=columns, rows=rows, metadata=notes)


class DatasetXlsx(FileDownload):
    kind = "xlsx"
    content_type = XLSX
    description = (
        "The table as an Excel workbook: numbers as numbers with their decimals, "
        "dates as dates, text (codes included) as text, never a formula. A large table's "
        "whole workbook is written once in the background and kept: until it is ready the "
        "answer is 503 with Retry-After. Filtered rows are written on request, up to "
        "DATASET_XLSX_REQUEST_CELLS cells (500,000: 83,333 rows of 6 columns)."
    )

    get = documented_get(
        "The whole table as an Excel workbook (one sheet, up to 1,048,575 rows); filterable.",
        XLSX,
        OpenApiTypes.BINARY,
        description,
        codes=(400, 403, 404, 503),
    )

    def notes(self, dataset, version, columns):
        return exports.xlsx_notes(dataset)

    def check(self, dataset, version, query):
        if version.row_count > MAX_ROWS and not query.filtered:
            raise ParseError(TOO_MANY_ROWS)  # known before a row is read
        width = len(query.selected)
        sorted_or_narrowed = not self.whole(version, query) and not query.filtered
        if sorted_or_narrowed and version.row_count > exports.request_rows(width):
            raise ParseError(self.too_many(width))
        super().check(dataset, version, query)

    @staticmethod
    def too_many(columns):
        limit = min(MAX_ROWS, exports.request_rows(columns))
        if limit == MAX_ROWS:
            return TOO_MANY_ROWS
        return (
            f"An Excel download of chosen rows holds at most {limit:,} rows of "
            f"{columns} column{'s' if columns != 1 else ''}; filter further or choose fewer "
            "columns, or download the whole table's workbook, or CSV or Parquet."
        )

    def write(self, dataset, version, columns, rows):
        try:
            return xlsx_file(
                columns=columns,
                rows=rows,
                title=dataset.title,
                max_rows=min(MAX_ROWS, exports.request_rows(len(columns))),
                too_many=self.too_many(len(columns)),
            )
        except TooManyRows as exc:
            raise ParseError(str(exc)) from None


class DatasetPackage(ApiView):
    @extend_schema(
        parameters=[VERSION_PARAMETER],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A Frictionless Tabular Data Package (datapackage.json): the "
                "dataset's title, description, sources and licence (when it has one), and a "
                "resource for each download of the version (data.csv first), each with the "
                "version's Table Schema.",
            ),
            **errors(400, 403, 404),
        },
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
