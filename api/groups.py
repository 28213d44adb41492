"""Aggregates of a dataset's rows, grouped: `/api/v1/datasets/<slug>/groups/`.

    ?group_by=country&aggregate=count,sum:papers,mean:share&papers__gte=100&sort=-count

The rows endpoint's filters (api/rows.py) pick the rows first; then one result
per distinct combination of the `group_by` columns, each with the aggregates asked
for: `count` (the rows), and `sum`, `mean`, `min`, `max` of a column (sum and mean
of number columns only). `sort` takes the answer's own column names, a group_by
column or an aggregate as named in the answer (`-count`, `sum:papers`); ties, and
no sort, go in the order of the groups' values (missing last). Paged as `rows/`
is (`page`, `page_size`, the same links), a thousand groups a page unless asked;
`count` is the groups', exact up to a bound as the rows' is. Computed by the
database over the version's table (datasets/table_groups.py). On PostgreSQL sums
and means are exact decimals; SQLite adds doubles.
"""

from dataclasses import dataclass

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api import rows as row_query
from api.comparisons import RowQueryError
from api.http import errors
from api.tables import (
    FILTER_PARAMETERS,
    VERSION_PARAMETER,
    TableView,
    bad_request,
    page_links,
    paging_parameters,
)
from datasets import table_groups
from datasets.models import NUMERIC_TYPES

MAX_GROUP_COLUMNS = 5
MAX_AGGREGATES = 20
PAGE_SIZE = row_query.MAX_PAGE_SIZE  # every group, as before paging came, up to the most
NUMERIC_ONLY = frozenset({"sum", "mean"})
# Reserved parameters read here, not as the rows endpoint reads them.
OWN = frozenset({"sort", "columns"})


@dataclass
class GroupQuery:
    by: list  # column positions
    aggregates: list  # (function, column position or None)
    names: list  # the answer's columns: the group_by columns', then the aggregates'
    ordering: list  # (position in names, descending)
    number: int  # the page
    size: int


def parse_groups(query, params) -> GroupQuery:
    """What a groups request asks, or a RowQueryError saying what is wrong."""
    if row_query.reserved(params, "columns"):
        raise RowQueryError(
            "columns does not apply to groups: group_by and aggregate choose the answer's columns."
        )
    by = []
    for raw in row_query.reserved(params, "group_by"):
        by += [row_query.column_index(query, name) for name in _items(raw, query.names)]
    by = list(dict.fromkeys(by))
    if not by or len(by) > MAX_GROUP_COLUMNS:
        raise RowQueryError(f"group_by takes 1 to {MAX_GROUP_COLUMNS} column names.")
    asked = {}  # label: (function, position), each aggregate once
    for raw in row_query.reserved(params, "aggregate") or ["count"]:
        function, _, name = raw.strip().partition(":")
        whole = function in table_groups.AGGREGATES and name in query.names
        for item in [raw.strip()] if whole else _items(raw, []):
            label, aggregate = _aggregate(query, item)
            asked[label] = aggregate
    if len(asked) > MAX_AGGREGATES:
        raise RowQueryError(f"At most {MAX_AGGREGATES} aggregates a request.")
    names = [query.names[i] for i in by] + list(asked)
    for name in set(names) & set(asked):
        if names.count(name) > 1:
            raise RowQueryError(
                f"“{name}” names both a group_by column and an aggregate; the answer "
                "cannot hold both."
            )
    size = PAGE_SIZE
    if any(row_query.reserved(params, "page_size")):
        size = row_query.page_size(params)
    return GroupQuery(
        by=by,
        aggregates=list(asked.values()),
        names=names,
        ordering=_ordering(names, row_query.reserved(params, "sort")),
        number=row_query.page_number(params),
        size=size,
    )


def _count(version, query, asked, *, bound):
    """How many groups, up to `bound`, and whether that is exact: counted once a version,
    group_by and filters (a version never changes, a client paging through asks again)."""
    return row_query.cached_count(
        row_query.count_key("group", version, bound, (asked.by, query.filters)),
        bound,
        lambda: table_groups.count(version, by=asked.by, where=query.where, bound=bound),
    )


def _aggregate(query, item):
    """`count`, `sum:papers` …: its label in the answer and (function, column position)."""
    function, _, name = item.partition(":")
    if function not in table_groups.AGGREGATES:
        raise RowQueryError(
            f"“{function}” is not an aggregate; use count, sum:col, mean:col, min:col or max:col."
        )
    if function == "count" and not name:
        return "count", ("count", None)
    if not name:
        raise RowQueryError(f"{function} needs a column: {function}:column.")
    index = row_query.column_index(query, name)
    if function in NUMERIC_ONLY and query.types[index] not in NUMERIC_TYPES:
        raise RowQueryError(f"“{name}” holds no numbers, so it has no {function}.")
    return f"{function}:{name}", (function, index)


def _ordering(names, values):
    """[(position in the answer's columns, descending)] of the sort parameters."""
    ordering = []
    for raw in values:
        whole = raw.strip()
        items = [whole] if whole.removeprefix("-") in names else _items(raw, [])
        for item in items:
            name = item.removeprefix("-")
            if name not in names:
                raise RowQueryError(
                    f"Groups sort by a column of the answer: {', '.join(names)} "
                    f"(a leading - for descending); “{name}” is none of them."
                )
            ordering.append((names.index(name), item.startswith("-")))
    return ordering


def _items(raw, names):
    """The comma-separated items of a parameter, or the whole of it when it names a column
    (`Population, total`): as the rows endpoint reads `sort`. The callers take an aggregate
    (`sum:Population, total`) and a sort item (`-sum:Population, total`) whole alike."""
    whole = raw.strip()
    return [whole] if whole in names else [i.strip() for i in raw.split(",") if i.strip()]


class GroupPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text="Groups in all: exact up to a bound (10,000 unless the site sets "
        "API_COUNT_LIMIT), then the bound, with count_is_exact false; as on rows/."
    )
    count_is_exact = serializers.BooleanField(
        help_text="false when there are more groups than were counted: count is then a lower bound."
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    version = serializers.IntegerField()
    columns = serializers.ListField(
        child=serializers.CharField(),
        help_text="The group_by columns, then each aggregate as asked (`count`, "
        "`sum:papers`): the names `sort` takes.",
    )
    complete = serializers.BooleanField(
        help_text="true when this page holds every group (no next or previous page)."
    )
    results = serializers.ListField(
        child=serializers.DictField(child=serializers.JSONField(allow_null=True)),
        help_text="Each group as an object keyed by the columns above.",
    )


class DatasetGroups(TableView):
    @extend_schema(
        parameters=[
            VERSION_PARAMETER,
            OpenApiParameter(
                "group_by",
                str,
                required=True,
                description=f"The columns to group by, comma-separated (1 to {MAX_GROUP_COLUMNS}).",
                examples=[OpenApiExample("By country", value="country")],
            ),
            OpenApiParameter(
                "aggregate",
                str,
                description="count, sum:col, mean:col, min:col, max:col, comma-separated; "
                "count when left out. Each is named so in the answer.",
                examples=[OpenApiExample("Papers by country", value="count,sum:papers")],
            ),
            OpenApiParameter(
                "sort",
                str,
                description="Columns of the answer, comma-separated: a group_by column or an "
                "aggregate as named in `columns` (`count`, `sum:papers`); a leading - sorts "
                "descending. Missing values last; ties in the order of the group_by columns' "
                "values, which is also the order with no sort.",
                examples=[
                    OpenApiExample("Most rows first", value="-count"),
                    OpenApiExample("Largest sum first, then by country", value="-sum:papers"),
                    OpenApiExample("Countries Z to A", value="-country"),
                ],
            ),
            *paging_parameters(
                things="Groups",
                default=PAGE_SIZE,
                examples=[OpenApiExample("Top ten", value=10)],
            ),
            *FILTER_PARAMETERS,
        ],
        responses={200: GroupPageSerializer, **errors(400, 403, 404)},
        examples=[
            OpenApiExample(
                "Papers by country, most rows first",
                response_only=True,
                value={
                    "count": 2,
                    "count_is_exact": True,
                    "next": None,
                    "previous": None,
                    "version": 1,
                    "columns": ["country", "count", "sum:papers"],
                    "complete": True,
                    "results": [
                        {"country": "China", "count": 4, "sum:papers": 25170},
                        {"country": "India", "count": 3, "sum:papers": 3611},
                    ],
                },
            )
        ],
    )
    def get(self, request, slug):
        """The rows grouped by columns, with counts, sums, means, minima and maxima.

        Filters as on the rows endpoint pick the rows first. Sort by any column of the
        answer (`sort=-count`, `sort=-sum:papers,country`); paged as the rows are, a
        thousand groups a page unless `page_size` says fewer.
        """
        # group_by, aggregate and (here) sort are the groups' own: the rows query passes over.
        opened = self.open_table(request, slug, kind="groups", also=parse_groups, own=OWN)
        if opened.not_modified:
            return opened.not_modified
        version, query, asked = opened.version, opened.query, opened.also
        start = (asked.number - 1) * asked.size
        with bad_request(), row_query.time_limit():
            found = table_groups.group_by(
                version,
                by=asked.by,
                aggregates=asked.aggregates,
                where=query.where,
                ordering=asked.ordering,
                offset=start,
                limit=asked.size + 1,
            )
        if asked.number > 1 and not found:
            raise NotFound(f"There is no page {asked.number} of these groups.")
        more, found = len(found) > asked.size, found[: asked.size]
        following, previous = page_links(request, number=asked.number, more=more)
        count, exact = start + len(found), True  # the last page counts them
        if more:
            with bad_request(), row_query.time_limit():
                count, exact = _count(version, query, asked, bound=settings.API_COUNT_LIMIT)
        return Response(
            {
                "count": count,
                "count_is_exact": exact,
                "next": following,
                "previous": previous,
                "version": version.number,
                "columns": asked.names,
                "complete": asked.number == 1 and not more,
                "results": [dict(zip(asked.names, row, strict=True)) for row in found],
            }
        )
