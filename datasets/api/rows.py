"""A rows request's query string as a database query over a version's DatasetRow.

Each row's `values` is a JSON list in the version's column order, so column i is
the JSON path `values__i`, compared as JSON on SQLite and PostgreSQL alike:
numbers as numbers, dates as ISO 8601 text ("2021-03-04", or "2021" for a bare
year), booleans as booleans, text exactly.

    ?papers__gte=1000&country__in=China,India&sort=-papers&columns=country,papers

Every mistake (a column the table does not have, a value its type cannot hold)
is a RowQueryError whose message the API returns with a 400.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.fields.json import KeyTransform

from datasets.models import NUMERIC_TYPES, ColumnType

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# The endpoint's own parameters; a column with one of these names is filtered as "col.NAME".
RESERVED = frozenset({"page", "page_size", "sort", "columns", "version"})
COLUMN_PREFIX = "col."
LOOKUPS = frozenset({"exact", "in", "gt", "gte", "lt", "lte", "isnull"})
RANGES = frozenset({"gt", "gte", "lt", "lte"})
ORDERED_TYPES = NUMERIC_TYPES | {ColumnType.DATE}
_DATE = re.compile(r"\d{4}(-\d{2}-\d{2})?")
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


class RowQueryError(ValueError):
    """A request for rows that cannot be answered; the message says why, for the client."""


@dataclass
class RowQuery:
    names: list  # every column of the version, in order
    types: list
    selected: list = field(default_factory=list)  # indexes of the columns to return
    condition: Q = field(default_factory=Q)
    ordering: list = field(default_factory=list)
    filtered: bool = False

    @property
    def columns(self):
        return [self.names[i] for i in self.selected]

    def as_record(self, values):
        return {self.names[i]: values[i] for i in self.selected}

    def page(self, rows, *, number, size):
        """The rows (value lists) of page `number`, plus whether another page follows."""
        start = (number - 1) * size
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
        for raw in params.getlist(key):
            query.condition &= _condition(query, index, lookup, raw)
            query.filtered = True
    return query


def page_number(params):
    return _positive(params.get("page"), name="page", default=1)


def page_size(params):
    size = _positive(params.get("page_size"), name="page_size", default=PAGE_SIZE)
    if size > MAX_PAGE_SIZE:
        raise RowQueryError(f"page_size may be at most {MAX_PAGE_SIZE}; use data.csv for more.")
    return size


def _positive(raw, *, name, default):
    if raw in (None, ""):
        return default
    if not raw.isdigit() or int(raw) < 1:
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
    ordering = []
    for value in values:
        for item in [value] if value.lstrip("-") in query.names else value.split(","):
            name = item.strip()
            descending = name.startswith("-")
            index = _index(query, name.removeprefix("-"))
            path = f"values__{index}"
            # Missing values last either way, on every database.
            ordering.append(Case(When(Q(**{path: None}), then=Value(1)), default=Value(0),
                                 output_field=IntegerField()))  # fmt: skip
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


def _condition(query, index, lookup, raw):
    name, kind, path = query.names[index], query.types[index], f"values__{index}"
    if lookup == "isnull":
        flag = _boolean(name, raw)
        missing = Q(**{path: None})
        return missing if flag else ~missing
    if lookup in RANGES and kind not in ORDERED_TYPES:
        raise RowQueryError(
            f"“{name}” holds {kind.label.lower()}, so it takes no range; "
            "ranges apply to number and date columns."
        )
    if lookup == "in":
        values = [_value(name, kind, part) for part in raw.split(",")]
        return Q(**{f"{path}__in": values})
    value = _value(name, kind, raw)
    if lookup == "exact":
        return Q(**{path: value})
    # JSON null sorts below every number on PostgreSQL: keep missing values out of ranges.
    return Q(**{f"{path}__{lookup}": value}) & ~Q(**{path: None})


def _value(name, kind, raw):
    text = raw.strip()
    if kind in NUMERIC_TYPES:
        try:
            number = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                number = math.nan
        if isinstance(number, float) and not math.isfinite(number):
            raise RowQueryError(f"“{name}” holds numbers; “{raw}” is not one.")
        return number
    if kind == ColumnType.DATE:
        if not _DATE.fullmatch(text) or (len(text) > 4 and not _is_date(text)):
            raise RowQueryError(
                f"“{name}” holds dates; write them as YYYY-MM-DD (or YYYY for a year), not “{raw}”."
            )
        return text
    if kind == ColumnType.BOOLEAN:
        return _boolean(name, raw)
    return raw


def _is_date(text):
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _boolean(name, raw):
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise RowQueryError(f"“{name}” takes true or false here, not “{raw}”.")
