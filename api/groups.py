"""Aggregates of a dataset's rows, grouped: `/api/v1/datasets/<slug>/groups/`.

    ?group_by=country&aggregate=count,sum:papers,mean:share&papers__gte=100

The rows endpoint's filters (api/rows.py) pick the rows first; then one result
per distinct combination of the `group_by` columns, in the order of their values
(missing last), each with the aggregates asked for: `count` (the rows), and
`sum`, `mean`, `min`, `max` of a column (sum and mean of number columns only).
Computed by the database over the version's table. On PostgreSQL sums and means
are exact decimals; SQLite adds doubles.
"""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from api import rows as row_query
from api.comparisons import RowQueryError
from api.http import errors
from api.tables import FILTER_PARAMETERS, VERSION_PARAMETER, TableView, bad_request
from datasets import table_query
from datasets.models import NUMERIC_TYPES

MAX_GROUP_COLUMNS = 5
MAX_AGGREGATES = 20
MAX_GROUPS = 1000
NUMERIC_ONLY = frozenset({"sum", "mean"})


def parse_groups(query, params):
    """(group_by positions, [(function, position or None)], the aggregates' result names)."""
    by = []
    for raw in row_query.reserved(params, "group_by"):
        by += [row_query.column_index(query, name) for name in _items(raw, query.names)]
    by = list(dict.fromkeys(by))
    if not by or len(by) > MAX_GROUP_COLUMNS:
        raise RowQueryError(f"group_by takes 1 to {MAX_GROUP_COLUMNS} column names.")
    aggregates, labels = [], []
    for raw in row_query.reserved(params, "aggregate") or ["count"]:
        for item in _items(raw, query.names, after=":"):
            function, _, name = item.partition(":")
            if function not in table_query.AGGREGATES:
                raise RowQueryError(
                    f"“{function}” is not an aggregate; use count, sum:col, mean:col, "
                    "min:col or max:col."
                )
            if function == "count" and not name:
                aggregates.append(("count", None))
                labels.append("count")
                continue
            if not name:
                raise RowQueryError(f"{function} needs a column: {function}:column.")
            index = row_query.column_index(query, name)
            if function in NUMERIC_ONLY and query.types[index] not in NUMERIC_TYPES:
                raise RowQueryError(f"“{name}” holds no numbers, so it has no {function}.")
            aggregates.append((function, index))
            labels.append(f"{function}:{name}")
    if len(aggregates) > MAX_AGGREGATES:
        raise RowQueryError(f"At most {MAX_AGGREGATES} aggregates a request.")
    return by, aggregates, labels


def _items(raw, names, *, after=""):
    """The comma-separated items of a parameter, or the whole of it when it names a column
    (past `after`, as in `sum:Population, total`): as the rows endpoint reads `sort`."""
    whole = raw.strip()
    if (whole.partition(after)[2] if after else whole) in names:
        return [whole]
    return [item.strip() for item in raw.split(",") if item.strip()]


class GroupPageSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    columns = serializers.ListField(
        child=serializers.CharField(),
        help_text="The group_by columns, then each aggregate as asked (`count`, `sum:papers`).",
    )
    complete = serializers.BooleanField(
        help_text=f"false when there were more than {MAX_GROUPS} groups: the first are given."
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
                "count when left out.",
                examples=[OpenApiExample("Papers by country", value="count,sum:papers")],
            ),
            *FILTER_PARAMETERS,
        ],
        responses={200: GroupPageSerializer, **errors(400, 403, 404)},
        examples=[
            OpenApiExample(
                "Papers by country",
                response_only=True,
                value={
                    "version": 1,
                    "columns": ["country", "count", "sum:papers"],
                    "complete": True,
                    "results": [
                        {"country": "China", "count": 3, "sum:papers": 25170},
                        {"country": "India", "count": 3, "sum:papers": 3611},
                    ],
                },
            )
        ],
    )
    def get(self, request, slug):
        """The rows grouped by columns, with counts, sums, means, minima and maxima.

        Filters as on the rows endpoint pick the rows first. At most 1,000 groups;
        `complete: false` says there were more.
        """
        # group_by and aggregate are reserved: the rows query passes over them.
        opened = self.open_table(request, slug, kind="groups", also=parse_groups)
        if opened.not_modified:
            return opened.not_modified
        version, query, (by, aggregates, labels) = opened.version, opened.query, opened.also
        with bad_request(), row_query.time_limit():
            found = table_query.group_by(
                version, by=by, aggregates=aggregates, where=query.where, limit=MAX_GROUPS
            )
        names = [query.names[i] for i in by] + labels
        return Response(
            {
                "version": version.number,
                "columns": names,
                "complete": len(found) <= MAX_GROUPS,
                "results": [dict(zip(names, row, strict=True)) for row in found[:MAX_GROUPS]],
            }
        )
