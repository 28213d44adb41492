"""A rows request's query string as a database query over a version's DatasetRow.

Each row's `values` is a JSON list in the version's column order, so column i is
the JSON path `values__i`; comparisons.py compares it as the column's type.

    ?papers__gte=1000&country__in=China,"Korea, South"&sort=-papers&columns=country,papers

Filters on different columns, and ranges, combine with AND; the values of a
column's `=` and `__in` filters, repeated or listed, are alternatives (OR). A
list is CSV: a value holding a comma is quoted, a quote inside it doubled.

Every mistake (a column the table does not have, a value its type cannot hold, a
page number that is no number) is a RowQueryError whose message the API returns
with a 400.
"""

import csv
import hashlib
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Expression, F, IntegerField, Q, Value, When
from django.db.models.fields.json import KeyTransform

from api.comparisons import RANGES, RowQueryError, condition, missing, one_of, read_boolean
from datasets.models import ColumnType, DatasetRow

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# The endpoint's own parameters; a column with one of these names is filtered as "col.NAME".
RESERVED = frozenset({"page", "page_size", "sort", "columns", "version"})
COLUMN_PREFIX = "col."
LOOKUPS = RANGES | {"exact", "in", "isnull"}
MAX_VALUES = 500  # listed in one column's = and __in filters
COUNT_CACHE_SECONDS = 24 * 60 * 60
MAX_PAGE = 10_000_000  # more than any table's rows, at one a page
_WHOLE = re.compile(r"[0-9]{1,100}")  # ASCII digits only: int() would also read "²"


@dataclass
class RowQuery:
    names: list  # every column of the version, in order
    types: list
    selected: list = field(default_factory=list)  # indexes of the columns to return
    condition: Q = field(default_factory=Q)
    ordering: list = field(default_factory=list)
    filters: list = field(default_factory=list)  # (parameter, its values) of each filter

    @property
    def filtered(self):
        return bool(self.filters)

    @property
    def columns(self):
        return [self.names[i] for i in self.selected]

    def as_record(self, values):
        return {self.names[i]: values[i] for i in self.selected}

    def count(self, version, *, bound, known=None):
        """How many rows match, counted up to `bound`, and whether that is exact.

        `known`: the count when the page just read was the last one. Counting
        reads up to `bound` matching rows, so the answer is cached: a version
        never changes, and a client paging through the same filter asks again.
        """
        if not self.filtered:
            return version.row_count, True
        if known is not None:
            return known, True
        digest = hashlib.sha256(repr(self.filters).encode()).hexdigest()[:32]
        key = f"api:row-count:{version.pk}:{bound}:{digest}"
        counted = cache.get(key)
        if counted is None:
            rows = DatasetRow.objects.filter(version=version).filter(self.condition)
            counted = rows.order_by()[: bound + 1].count()
            cache.set(key, counted, timeout=COUNT_CACHE_SECONDS)
        return min(counted, bound), counted <= bound

    def page(self, rows, *, number, size, total):
        """The rows (value lists) of page `number`, plus whether another page follows."""
        start = (number - 1) * size
        if start >= total:
            return [], False  # past the end of the table, filtered or not
        if not self.filtered and not self.ordering:
            # Row numbers run 0…n-1 in file order: a page is an index range, at any depth.
            rows = rows.filter(number__gte=start, number__lt=start + size + 1)
            found = list(rows.order_by("number").values_list("values", flat=True))
        else:
            rows = rows.filter(self.condition).order_by(*self.ordering, "number")
            rows = rows.values_list("values", flat=True)[start : start + size + 1]
            with transaction.atomic():
                if not self.ordering:
                    _walk_in_file_order()
                found = list(rows)
        return found[:size], len(found) > size


def _walk_in_file_order():
    """Have PostgreSQL read a filtered page along the (version, number) index.

    It cannot estimate how many rows a filter on a JSON path keeps, guesses far
    too few, and then reads the whole version and sorts it to find the page (half
    a second on a million rows). Read in row order instead, the scan stops once
    the page is full; at worst, when few rows match, it reads the version once,
    as the sequential scan would have. For this transaction only.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")


def parse(version, params):
    """A RowQuery for `version` from the request's query parameters (a QueryDict)."""
    query = RowQuery(
        names=version.column_names(), types=[ColumnType(c["type"]) for c in version.columns]
    )
    query.selected = _selected(query, params.getlist("columns"))
    query.ordering = _ordering(query, params.getlist("sort"))
    for key in params:
        if key in RESERVED:
            continue
        index, lookup = _column_and_lookup(query, key)
        query.condition &= _conditions(query, index, lookup, params.getlist(key))
        query.filters.append((key, params.getlist(key)))
    return query


def page_number(params):
    number = _positive(params.get("page"), name="page", default=1)
    if number > MAX_PAGE:  # no table has so many pages; the database's OFFSET would overflow
        raise RowQueryError(f"page may be at most {MAX_PAGE:,}, not {number}.")
    return number


def page_size(params):
    size = _positive(params.get("page_size"), name="page_size", default=PAGE_SIZE)
    if size > MAX_PAGE_SIZE:
        raise RowQueryError(f"page_size may be at most {MAX_PAGE_SIZE}; use data.csv for more.")
    return size


def _positive(raw, *, name, default):
    if raw in (None, ""):
        return default
    if not _WHOLE.fullmatch(raw) or int(raw) < 1:
        raise RowQueryError(f"{name} must be a whole number from 1, not “{raw}”.")
    return int(raw)


def _index(query, name):
    try:
        return query.names.index(name)
    except ValueError:
        raise RowQueryError(
            f"There is no column called “{name}”. The columns are: {', '.join(query.names)}."
        ) from None


def _selected(query, values):
    if not values:
        return list(range(len(query.names)))
    chosen = []
    for value in values:
        names = [value] if value in query.names else value.split(",")
        chosen += [_index(query, name.strip()) for name in names if name.strip()]
    if not chosen:
        raise RowQueryError("columns= names no column; leave it out to get them all.")
    return list(dict.fromkeys(chosen))


def _ordering(query, values):
    ordering: list[Expression] = []
    for value in values:
        for item in [value] if value.lstrip("-") in query.names else value.split(","):
            name = item.strip()
            descending = name.startswith("-")
            index = _index(query, name.removeprefix("-"))
            path = f"values__{index}"
            # Missing values last either way, on every database.
            ordering.append(
                Case(
                    When(Q(**{path: None}), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            cell = KeyTransform(str(index), F("values"))
            ordering.append(cell.desc() if descending else cell.asc())
    return ordering


def _column_and_lookup(query, key):
    name = key.removeprefix(COLUMN_PREFIX) if key not in query.names else key
    if name in query.names:
        return query.names.index(name), "exact"
    column, _, lookup = name.rpartition("__")
    if column and lookup in LOOKUPS and column in query.names:
        return query.names.index(column), lookup
    if column and column in query.names:
        raise RowQueryError(
            f"“{lookup}” is not a filter. Use {column}=value, or {column}__ with one of: "
            f"{', '.join(sorted(LOOKUPS - {'exact'}))}."
        )
    _index(query, name)  # raises: no such column
    raise AssertionError  # pragma: no cover


def _conditions(query, index, lookup, raws):
    """All of one parameter's values (it may be repeated) as one condition."""
    name, kind = query.names[index], query.types[index]
    if lookup == "isnull":
        found = Q()
        for raw in raws:
            found &= missing(index, flag=read_boolean(name, raw))
        return found
    if lookup in ("exact", "in"):
        values = raws if lookup == "exact" else [v for raw in raws for v in _listed(name, raw)]
        if len(values) > MAX_VALUES:
            raise RowQueryError(f"“{name}” may be matched against at most {MAX_VALUES} values.")
        if len(values) == 1:
            return condition(index=index, name=name, kind=kind, lookup="exact", raw=values[0])
        return one_of(index=index, name=name, kind=kind, raws=values)
    found = Q()
    for raw in raws:
        found &= condition(index=index, name=name, kind=kind, lookup=lookup, raw=raw)
    return found


def _listed(name, raw):
    """The values of a CSV line: `a,"b, c",d` is a, "b, c" and d."""
    try:
        return next(csv.reader([raw], strict=True), [])
    except csv.Error:
        raise RowQueryError(
            f"{name}__in takes values separated by commas, a value with a comma in double "
            f'quotes ("Smith, John",Jones); “{raw}” cannot be read that way.'
        ) from None
