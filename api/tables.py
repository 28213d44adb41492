"""A dataset's table through the API: the reader's dataset and version, and the rows.

Every table endpoint (rows here, groups in groups.py, the downloads in
downloads.py) finds the dataset and version this user may see the same way
(`get_dataset`, `chosen_version`, or `open_table` for the whole opening, query
parsed and conditional request answered), and documents the rows API's filters
with the same parameters.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api import rows as row_query
from api.http import ApiView, errors
from chartweek import visibility
from chartweek.params import whole_number

VERSION_PARAMETER = OpenApiParameter(
    "version",
    {"type": "integer", "minimum": 1},
    description="A version number; the latest when left out.",
)


def get_dataset(request, slug):
    """The dataset called `slug`, if this user may see it; 404 otherwise (never 403)."""
    dataset = visibility.datasets(user=request.user).filter(slug=slug).first()
    if dataset is None:
        raise NotFound(f"There is no published dataset called “{slug}”.")
    return dataset


def require_redistributable(request, dataset):
    if not visibility.may_download(dataset, user=request.user):
        raise PermissionDenied(dataset.redistribution_refusal())


def chosen_version(request, dataset):
    """The version named by ?version=N, or the reader's version; only one this user may see."""
    raw = request.query_params.get("version")
    if raw not in (None, "") and whole_number(raw) is None:
        raise ParseError(f"version must be a version number such as 1, not “{raw[:50]}”.")
    version = visibility.find_version(dataset, user=request.user, number=raw)
    if version is None and raw in (None, ""):
        raise NotFound(f"“{dataset.slug}” has no data yet.")
    if version is None:
        listed = visibility.versions(user=request.user, dataset=dataset)
        numbers = ", ".join(str(n) for n in sorted(listed.values_list("number", flat=True)))
        raise NotFound(f"“{dataset.slug}” has no version {raw}; its versions are {numbers}.")
    return version


@contextmanager
def bad_request():
    """A rows query the API cannot answer (api/rows.py says why) as a 400."""
    try:
        yield
    except row_query.RowQueryError as exc:
        raise ParseError(str(exc)) from None


def page_links(request, *, number: int, more: bool) -> tuple[str | None, str | None]:
    """The next and previous pages' URLs (None at either end): this request's, page changed."""
    url = request.build_absolute_uri()
    following = replace_query_param(url, "page", number + 1) if more else None
    previous = None
    if number > 1:
        previous = replace_query_param(url, "page", number - 1)
        previous = previous if number > 2 else remove_query_param(previous, "page")
    return following, previous


def refuse_group_parameters(params) -> None:
    """group_by and aggregate are the groups endpoint's: elsewhere a 400, never ignored."""
    for name in ("group_by", "aggregate"):
        if row_query.reserved(params, name):
            raise row_query.RowQueryError(
                f"{name} applies to the groups endpoint (…/groups/); this one gives rows. A "
                f"column called “{name}” is filtered as col.{name}."
            )


def _without(params, names):
    """`params` less the reserved parameters `names`, under their plain or "_" names."""
    if not names:
        return params
    dropped = set(names) | {alias for alias, name in row_query.ALIASES.items() if name in names}
    kept = params.copy()
    for key in dropped & set(kept):
        del kept[key]
    return kept


@dataclass
class OpenedTable:
    """What `open_table` found: the version, the parsed rows query, what `also` parsed."""

    version: Any
    query: Any
    also: Any = None
    not_modified: Any = None  # the 304 to answer with, when the client's copy is current


class TableView(ApiView):
    """An endpoint over a version's rows (rows, groups): one opening for all of them."""

    def open_table(
        self, request, slug, *, kind, also: Callable | None = None, own: frozenset = frozenset()
    ) -> OpenedTable:
        """The dataset and version this user may see and download, the rows query (and
        whatever `also(query, params)` reads from the request, both 400s when wrong), then
        the conditional request against an ETag of `kind`, the version and the query.

        `own`: reserved parameters the endpoint reads itself (in `also`) with another
        meaning than the rows'; the rows query passes over them."""
        dataset = get_dataset(request, slug)
        require_redistributable(request, dataset)
        version = chosen_version(request, dataset)
        params = request.query_params
        with bad_request():
            query = row_query.parse(version, _without(params, own))
            extra = also(query, params) if also is not None else None
        not_modified = self.conditional(
            request,
            etag=f"{kind}-{version.pk}-{row_query.digest(params)}",
            last_modified=version.created_at,
        )
        return OpenedTable(version, query, extra, not_modified)


class RowPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text="Rows that match: exact up to a bound (10,000 unless the site sets "
        "API_COUNT_LIMIT), then the bound, with count_is_exact false."
    )
    count_is_exact = serializers.BooleanField(
        help_text="false when more rows match than were counted: count is then a lower bound."
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    version = serializers.IntegerField()
    columns = serializers.ListField(child=serializers.CharField())
    results = serializers.ListField(
        child=serializers.DictField(child=serializers.JSONField(allow_null=True)),
        help_text="Each row as an object keyed by column name.",
    )


COLUMN_FILTERS = OpenApiParameter(
    "filters",
    {"type": "object", "additionalProperties": {"type": "string"}},
    style="form",
    explode=True,
    description=(
        "Filters on the dataset's columns, one query parameter each; the columns are in "
        "the dataset's `schema`. For a column `{column}`:\n\n"
        "- `{column}=value`: equal (repeat the parameter for any of several values);\n"
        "- `{column}__in=a,b,c`: any of these, written as a CSV line, so a value holding a "
        'comma is quoted: `name__in="Smith, John",Jones` (repeatable: more values);\n'
        "- `{column}__gt`, `__gte`, `__lt`, `__lte`: ranges, on number and date columns;\n"
        "- `{column}__isnull=true` (or false): missing (or present) values;\n"
        "- `{column}__ne=value`: present and not equal;\n"
        "- `{column}__prefix=text`: text starting with it (case kept);\n"
        "- `{column}__like=pattern`: SQL LIKE on text, `%` any run, `_` one character "
        "(case-insensitive; on SQLite for ASCII letters only).\n\n"
        "Values are read as the column's type: numbers as numbers (exactly, for big "
        "integers too), dates as `YYYY-MM-DD` or a bare year `YYYY` meaning the whole year "
        "(`died__gt=1992` is after 1992-12-31, `died__lte=1992` includes all of 1992); on a "
        "column of years a date compares by its year. Booleans: true/false, yes/no, 1/0. A "
        "value the column's type cannot hold is a 400 naming the column. Different "
        "columns and ranges combine with AND. A column named like one of this endpoint's "
        "own parameters (page, page_size, sort, columns, version, q, any, group_by, "
        "aggregate, or those with a leading `_`) is filtered as `col.{column}`. At most "
        f"{row_query.MAX_FILTERS} parameters, each at most {row_query.MAX_VALUE_CHARS} "
        "characters."
    ),
    examples=[
        OpenApiExample(
            "A long table of share prices",
            value={"symbol__in": "IBM,AAPL", "date__gte": "2024-01-01", "close__gt": "150"},
        ),
        OpenApiExample("Equal and not equal", value={"country": "Chile", "year__ne": "2020"}),
        OpenApiExample("A range of years", value={"year__gte": "2019", "year__lt": "2022"}),
        OpenApiExample("Text that starts with", value={"country__prefix": "Ch"}),
        OpenApiExample("Text like a pattern", value={"country__like": "%land"}),
        OpenApiExample("Values missing", value={"papers__isnull": "true"}),
    ],
)
SORT_PARAMETER = OpenApiParameter(
    "sort",
    str,
    description="Column names, comma-separated; a leading - sorts descending.",
    examples=[OpenApiExample("Most papers first, then by country", value="-papers,country")],
)
COLUMNS_PARAMETER = OpenApiParameter(
    "columns",
    str,
    description="The columns to return, comma-separated, in this order.",
    examples=[OpenApiExample("Two columns", value="country,papers")],
)
# What picks the rows, on every table endpoint: words, OR groups, the columns' filters.
FILTER_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description="Words every row returned holds in its text columns (PostgreSQL "
        "full-text search, words as written; on SQLite a substring match).",
        examples=[OpenApiExample("A word", value="korea")],
    ),
    OpenApiParameter(
        "any",
        str,
        description="An OR group: filters written as a CSV line, any of which a row may "
        "pass; repeat for several groups (they AND together).",
        examples=[OpenApiExample("Big, or Chile", value="papers__gte=5000,country=Chile")],
    ),
    COLUMN_FILTERS,
]


def paging_parameters(*, things: str, default: int, examples=()) -> list[OpenApiParameter]:
    """`page` and `page_size`, as every paged table endpoint (rows, groups) reads them."""
    return [
        OpenApiParameter(
            "page",
            {"type": "integer", "minimum": 1, "maximum": row_query.MAX_PAGE},
            description="1: the first page.",
        ),
        OpenApiParameter(
            "page_size",
            {"type": "integer", "minimum": 1, "maximum": row_query.MAX_PAGE_SIZE},
            description=f"{things} a page, {default:,} unless you say.",
            examples=list(examples),
        ),
    ]


ROW_PARAMETERS = [
    VERSION_PARAMETER,
    *paging_parameters(things="Rows", default=row_query.PAGE_SIZE),
    SORT_PARAMETER,
    COLUMNS_PARAMETER,
    *FILTER_PARAMETERS,
]


def _page_asked(query, params):
    refuse_group_parameters(params)
    return row_query.page_number(params), row_query.page_size(params)


class DatasetRows(TableView):
    @extend_schema(
        parameters=ROW_PARAMETERS,
        responses={200: RowPageSerializer, **errors(400, 403, 404)},
        examples=[
            OpenApiExample(
                "Most papers first",
                response_only=True,
                value={
                    "count": 2,
                    "count_is_exact": True,
                    "next": None,
                    "previous": None,
                    "version": 1,
                    "columns": ["country", "papers"],
                    "results": [
                        {"country": "China", "papers": 9660},
                        {"country": "United States", "papers": 5710},
                    ],
                },
            )
        ],
    )
    def get(self, request, slug):
        """A page of a dataset's rows, filtered, sorted and cut to the columns you choose.

        Filter on any column with `{column}=value`, `{column}__in=a,b`, ranges
        `{column}__gte`, `__gt`, `__lte`, `__lt` (numbers and dates), or
        `{column}__isnull=true`; see the `filters` parameter. `count` is exact up to a
        bound, then says so with `count_is_exact: false`.
        """
        opened = self.open_table(request, slug, kind="rows", also=_page_asked)
        if opened.not_modified:
            return opened.not_modified
        version, query, (number, size) = opened.version, opened.query, opened.also
        with bad_request(), row_query.time_limit():
            found, more = query.page(version, number=number, size=size, total=version.row_count)
        if number > 1 and not found:
            raise NotFound(f"There is no page {number} of these rows.")
        following, previous = page_links(request, number=number, more=more)
        known = None if more else (number - 1) * size + len(found)  # the last page: counted
        with bad_request(), row_query.time_limit():
            count, exact = query.count(version, bound=settings.API_COUNT_LIMIT, known=known)
        return Response(
            {
                "count": count,
                "count_is_exact": exact,
                "next": following,
                "previous": previous,
                "version": version.number,
                "columns": query.columns,
                "results": [query.as_record(values) for values in found],
            }
        )
