"""A rows request's query string as a query over the version's table (datasets/tables.py).

    ?papers__gte=1000&country__in=China,"Korea, South"&sort=-papers&columns=country,papers

Filters on different columns, and ranges, combine with AND; the values of a
column's `=` and `__in` filters, repeated or listed, are alternatives (OR). A
list is CSV: a value holding a comma is quoted, a quote inside it doubled.
`any=papers__gte=5000,country=Chile` is an OR group (its items written as a CSV
line, each `filter=value`); several `any` groups AND together. `q` searches the
text columns (table_query: PostgreSQL's full-text search, SQLite's LIKE).

The endpoint's own parameters also answer to a leading underscore, Datasette's
way (`_sort`, `_size` for page_size, `_page`, `_columns`, `_q`, `_any`, `_version`),
so they never collide with a column; a column named like one is also "col.NAME".

Every mistake (a column the table does not have, a value its type cannot hold, a
page number that is no number, too many filters, a NUL) is a RowQueryError whose
message the API returns with a 400.
"""

import csv
import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection, transaction

from api.comparisons import RANGES, RowQueryError, condition, missing, one_of, read_boolean
from datasets import table_pages, table_query, text_indexes
from datasets.models import ColumnType
from datasets.table_query import AllOf, AnyOf, Test

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# The endpoint's own parameters (and their Datasette-style spellings, prefixed "_").
ALIASES = {
    "_page": "page",
    "_size": "page_size",
    "_sort": "sort",
    "_columns": "columns",
    "_version": "version",
    "_q": "q",
    "_any": "any",
    "_group_by": "group_by",
    "_aggregate": "aggregate",
}
RESERVED = frozenset({*ALIASES, *ALIASES.values()})
COLUMN_PREFIX = "col."
TEXT_LOOKUPS = frozenset({"prefix", "like"})
LOOKUPS = RANGES | TEXT_LOOKUPS | {"exact", "ne", "in", "isnull"}
MAX_VALUES = 500  # listed in one column's = and __in filters
MAX_FILTERS = 100  # filter values in one request, OR groups' items included
MAX_VALUE_CHARS = 2000  # a filter value; longer is no real query
MAX_ANY = 10  # OR groups a request
MAX_ANY_ITEMS = 20
MAX_QUERY_WORDS = 20
COUNT_CACHE_SECONDS = 24 * 60 * 60
MAX_PAGE = 10_000_000  # more than any table's rows, at one a page
_WHOLE = re.compile(r"[0-9]{1,100}")  # ASCII digits only: int() would also read "²"


def digest(params) -> str:
    """A short fingerprint of a query string, for ETags: the same parameters, the same."""
    asked = sorted((key, params.getlist(key)) for key in params)
    return hashlib.sha256(repr(asked).encode()).hexdigest()[:32]


def reserved(params, name):
    """A reserved parameter's values, under its plain or its "_" name."""
    prefixed = next((k for k, v in ALIASES.items() if v == name), None)
    return params.getlist(name) + (params.getlist(prefixed) if prefixed else [])


@dataclass
class RowQuery:
    names: list  # every column of the version, in order
    types: list
    selected: list = field(default_factory=list)  # indexes of the columns to return
    conditions: list = field(default_factory=list)  # ANDed (table_query trees)
    ordering: list = field(default_factory=list)  # (index, descending)
    filters: list = field(default_factory=list)  # (parameter, its values) of each filter

    @property
    def filtered(self):
        return bool(self.filters)

    @property
    def where(self):
        return AllOf(tuple(self.conditions)) if self.conditions else None

    @property
    def columns(self):
        return [self.names[i] for i in self.selected]

    def as_record(self, values):
        return dict(zip(self.columns, values, strict=True))

    def count(self, version, *, bound, known=None):
        """How many rows match, counted up to `bound`, and whether that is exact.

        `known`: the count when the page just read was the last one. Counts are
        cached: a version never changes, and a client paging through asks again.
        """
        if not self.filtered:
            return version.row_count, True
        if known is not None:
            return known, True
        return cached_count(
            count_key("row", version, bound, self.filters),
            bound,
            lambda: table_query.count(version, where=self.where, bound=bound),
        )

    def page(self, version, *, number, size, total):
        """The rows (value lists of the selected columns) of page `number`, and if more follow."""
        start = (number - 1) * size
        if start >= total:
            return [], False  # past the end of the table, filtered or not
        if not self.filtered and not self.ordering:
            # Row numbers run 0…n-1 in file order: a page is a key range, at any depth.
            found = table_query.page_by_number(
                version, start=start, stop=start + size + 1, columns=self.selected
            )
        elif (found := self._counted_page(version, start=start, size=size)) is None:
            # The count (asked for next anyway, and cached) picks how the page is read.
            counted, exact = self.count(version, bound=settings.API_COUNT_LIMIT)
            found = table_pages.page(
                version,
                where=self.where,
                ordering=self.ordering,
                columns=self.selected,
                offset=start,
                limit=size + 1,
                matches=counted if exact else None,
            )
        return found[:size], len(found) > size

    def _counted_page(self, version, *, start, size):
        """A page of a filter no index narrows, counted as it is read (table_pages), or
        None: read it from the count."""
        bound = settings.API_COUNT_LIMIT
        if not self.filtered or not table_pages.reads_every_row(self.where):
            return None
        key = count_key("row", version, bound, self.filters)
        if cache.get(key) is not None:
            return None
        few = min(bound, table_pages.FEW_MATCHES)
        found, matched = table_pages.counted_page(
            version,
            where=self.where,
            ordering=self.ordering,
            columns=self.selected,
            offset=start,
            limit=size + 1,
            few=few,
        )
        if found is not None or few == bound:  # exact, or more than the bound
            cache.set(key, matched, timeout=COUNT_CACHE_SECONDS)
        return found


def count_key(kind: str, version, bound: int, asked) -> str:
    """The cache key of how many `kind`s (rows, groups) of `version` match `asked` (the
    parsed filters, and what else picks them), counted up to `bound`."""
    digest = hashlib.sha256(repr(asked).encode()).hexdigest()[:32]
    return f"api:{kind}-count:{version.pk}:{bound}:{digest}"


def cached_count(key: str, bound: int, counter) -> tuple[int, bool]:
    """A count up to `bound` and whether it is exact, `counter()` run once per `key`: a
    version never changes, and a client paging through asks again."""
    counted = cache.get(key)
    if counted is None:
        counted = counter()
        cache.set(key, counted, timeout=COUNT_CACHE_SECONDS)
    return min(counted, bound), counted <= bound


@contextmanager
def time_limit():
    """The queries inside run for at most API_QUERY_MILLISECONDS (PostgreSQL), else a 400.

    A worker is never held by one request's query: a `like` or `q` over a million
    rows that cannot finish in time is cancelled by the database.

    JIT compilation is off for them: a query over a million rows passes its cost
    threshold, and compiling took longer than it saved (q over 1M rows, first page:
    76 ms with JIT, 38 ms without; a group-by, 224 ms and 178 ms).
    """
    if connection.vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true), "
                    "set_config('jit', 'off', true)",
                    [str(settings.API_QUERY_MILLISECONDS)],
                )
            yield
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == text_indexes.TOO_LONG:
            raise RowQueryError(  # its full-text index was left out for it
                "q cannot search this version: a row's text is too long to search in one "
                "piece (over 1 MB of words); filter its columns with like instead."
            ) from None
        if "statement timeout" not in str(exc):
            raise
        raise RowQueryError(
            "This query took too long to answer; narrow it with more selective filters."
        ) from None


def parse(version, params):
    """A RowQuery for `version` from the request's query parameters (a QueryDict)."""
    query = RowQuery(
        names=version.column_names(), types=[ColumnType(c["type"]) for c in version.columns]
    )
    _check_bounds(params)
    query.selected = _selected(query, reserved(params, "columns"))
    query.ordering = _ordering(query, reserved(params, "sort"))
    for key in params:
        if key in RESERVED:
            continue
        index, lookup = _column_and_lookup(query, key)
        query.conditions.append(_conditions(query, index, lookup, params.getlist(key)))
        query.filters.append((key, params.getlist(key)))
    for group in reserved(params, "any"):
        query.conditions.append(_any(query, group))
        query.filters.append(("any", [group]))
    for text in reserved(params, "q"):
        words = text.split()
        if len(words) > MAX_QUERY_WORDS:
            raise RowQueryError(f"q may hold at most {MAX_QUERY_WORDS} words.")
        if words:
            query.conditions.append(Test(0, "search", " ".join(words)))
            query.filters.append(("q", [text]))
    return query


def _check_bounds(params):
    values = [(key, value) for key in params for value in params.getlist(key)]
    if len(values) > MAX_FILTERS:
        raise RowQueryError(f"A request may hold at most {MAX_FILTERS} parameters.")
    for key, value in values:
        if "\x00" in key or "\x00" in value:
            raise RowQueryError("Parameters may not hold a NUL character.")
        too_long = len(value) > MAX_VALUE_CHARS and key not in RESERVED
        if too_long or len(key) > MAX_VALUE_CHARS:
            raise RowQueryError(f"“{key[:80]}” is longer than {MAX_VALUE_CHARS} characters.")


def _any(query, group):
    """An OR group: a CSV line of `filter=value` items, any of which a row may pass."""
    items = _listed("any", group)
    if not items or len(items) > MAX_ANY_ITEMS:
        raise RowQueryError(f"any= takes 1 to {MAX_ANY_ITEMS} filters, as column__lookup=value.")
    parts = []
    for item in items:
        key, equals, raw = item.partition("=")
        if not equals:
            raise RowQueryError(f"“{item}” in any= is not written as column=value.")
        index, lookup = _column_and_lookup(query, key.strip())
        parts.append(_conditions(query, index, lookup, [raw]))
    return AnyOf(tuple(parts))


def page_number(params):
    number = _positive(_last(params, "page"), name="page", default=1)
    if number > MAX_PAGE:  # no table has so many pages; the database's OFFSET would overflow
        raise RowQueryError(f"page may be at most {MAX_PAGE:,}, not {number}.")
    return number


def page_size(params):
    size = _positive(_last(params, "page_size"), name="page_size", default=PAGE_SIZE)
    if size > MAX_PAGE_SIZE:
        raise RowQueryError(f"page_size may be at most {MAX_PAGE_SIZE}; use data.csv for more.")
    return size


def _last(params, name):
    found = reserved(params, name)
    return found[-1] if found else None


def _positive(raw, *, name, default):
    if raw in (None, ""):
        return default
    if not _WHOLE.fullmatch(raw) or int(raw) < 1:
        raise RowQueryError(f"{name} must be a whole number from 1, not “{raw}”.")
    return int(raw)


def column_index(query, name):
    """The position of column `name`; a RowQueryError listing the columns when none is."""
    return _index(query, name)


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
    ordering: list[tuple[int, bool]] = []  # (column, descending)
    for value in values:
        for item in [value] if value.lstrip("-") in query.names else value.split(","):
            name = item.strip()
            ordering.append((_index(query, name.removeprefix("-")), name.startswith("-")))
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
        return AllOf(tuple(missing(index, flag=read_boolean(name, raw)) for raw in raws))
    if lookup in TEXT_LOOKUPS:
        return AllOf(tuple(_text_condition(index, name, kind, lookup, raw) for raw in raws))
    if lookup in ("exact", "in"):
        values = raws if lookup == "exact" else [v for raw in raws for v in _listed(name, raw)]
        if len(values) > MAX_VALUES:
            raise RowQueryError(f"“{name}” may be matched against at most {MAX_VALUES} values.")
        if len(values) == 1:
            return condition(index=index, name=name, kind=kind, lookup="exact", raw=values[0])
        return one_of(index=index, name=name, kind=kind, raws=values)
    return AllOf(
        tuple(condition(index=index, name=name, kind=kind, lookup=lookup, raw=raw) for raw in raws)
    )


def _text_condition(index, name, kind, lookup, raw):
    """`prefix`: the text starts with `raw`; `like`: SQL LIKE (% any run, _ one character)."""
    if kind != ColumnType.STRING:
        raise RowQueryError(f"“{name}” holds {kind.label.lower()}; {lookup} applies to text.")
    if lookup == "like" and raw.count("%") + raw.count("_") > 10:
        raise RowQueryError("A like pattern may hold at most 10 wildcards (% and _).")
    if lookup == "like" and (len(raw) - len(raw.rstrip("\\"))) % 2:
        raise RowQueryError("A like pattern may not end with a lone \\ (it escapes % and _).")
    return Test(index, lookup, raw)


def _listed(name, raw):
    """The values of a CSV line: `a,"b, c",d` is a, "b, c" and d."""
    try:
        return next(csv.reader([raw], strict=True), [])
    except csv.Error:
        raise RowQueryError(
            f"{name}__in takes values separated by commas, a value with a comma in double "
            f'quotes ("Smith, John",Jones); “{raw}” cannot be read that way.'
        ) from None
