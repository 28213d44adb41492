"""One column filter of a rows request as a condition on DatasetRow.values.

The text a client writes is read for the column's type first, and a value the
type cannot hold is a RowQueryError naming the column. Then each type compares
as itself, on SQLite and PostgreSQL alike:

- numbers as JSON numbers (exact for big integers wherever the database keeps
  them exact: always on PostgreSQL, up to 2**63 on SQLite);
- dates as ISO 8601 text under a byte-order collation. A bare year stands for the
  whole year, in a cell or in the query: `gt=1992` is after 1992-12-31,
  `lte=1992` includes all of 1992, `=1992` is any day of it;
- on an integer column (years written as numbers) a date compares by its year;
- booleans as JSON true/false; text exactly.

Missing cells (JSON null) match no comparison; `isnull` finds them.
"""

import math
import re
import sys
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Collate
from django.db.models.lookups import (
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
)

from chartweek import words
from datasets.models import NUMERIC_TYPES, ColumnType


class RowQueryError(ValueError):
    """A request for rows that cannot be answered; the message says why, for the client."""


ORDERED_TYPES = NUMERIC_TYPES | {ColumnType.DATE}
RANGES = frozenset({"gt", "gte", "lt", "lte"})
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?", re.ASCII)
_MAX_NUMBER_LENGTH = 1000  # characters: more than any real figure, far less than a stall
_DATE = re.compile(r"(\d{4})(-\d{2}-\d{2})?", re.ASCII)
_SQLITE_INTEGERS = range(-(2**63), 2**63)


@dataclass(frozen=True)
class Period:
    """A date or a whole year, as its first and last days (ISO 8601 text)."""

    first: str
    last: str

    @property
    def year(self):
        return self.first[:4]


def condition(*, index: int, name: str, kind: ColumnType, lookup: str, raw: str) -> Q:
    """The rows whose cell in column `index` passes `lookup` (exact, gt, gte, lt, lte)."""
    if lookup in RANGES and kind not in ORDERED_TYPES:
        raise RowQueryError(
            f"“{name}” holds {kind.label.lower()}, so it takes no range; "
            "ranges apply to number and date columns."
        )
    if kind == ColumnType.DATE:
        return _date_condition(index, lookup, read_date(name, raw))
    return _json_condition(index, lookup, read_value(name, kind, raw))


def one_of(*, index: int, name: str, kind: ColumnType, raws: list[str]) -> Q:
    """The rows whose cell in column `index` equals any of `raws`."""
    if not raws:
        return Q(pk__in=[])
    if kind == ColumnType.DATE:
        found = Q()
        for raw in raws:
            found |= _date_condition(index, "exact", read_date(name, raw))
        return found
    return Q(**{f"values__{index}__in": [read_value(name, kind, raw) for raw in raws]})


def read_value(name: str, kind: ColumnType, raw: str) -> int | float | bool | str:
    """The JSON value `raw` stands for in a column of `kind` other than dates."""
    if kind == ColumnType.INTEGER and (found := _DATE.fullmatch(raw.strip())) and found[2]:
        return int(read_date(name, raw).year)  # a column of years: the date's year
    if kind in NUMERIC_TYPES:
        return read_number(name, raw)
    if kind == ColumnType.BOOLEAN:
        return read_boolean(name, raw)
    return raw


def missing(index: int, *, flag: bool) -> Q:
    """The rows whose cell is missing (flag true) or present (flag false)."""
    is_null = Q(**{f"values__{index}": None})
    return is_null if flag else ~is_null


def read_number(name: str, raw: str) -> int | float:
    text = raw.strip()
    if len(text) > _MAX_NUMBER_LENGTH or not _NUMBER.fullmatch(text):
        raise RowQueryError(f"“{name}” holds numbers; “{raw}” is not one.")
    if text.lstrip("+-").isdigit():
        whole = int(text)
        if connection.vendor != "sqlite" or whole in _SQLITE_INTEGERS:
            return whole
        # SQLite holds larger integers as floats: compare as one (beyond all, the largest).
        return math.copysign(min(abs(float(text)), sys.float_info.max), -1 if whole < 0 else 1)
    number = float(text)
    if not math.isfinite(number):
        raise RowQueryError(f"“{name}” holds numbers; “{raw}” is too large a one.")
    return number


def read_date(name: str, raw: str) -> Period:
    text = raw.strip()
    match = _DATE.fullmatch(text)
    if match is None or (match[2] and not _is_real_date(text)):
        raise RowQueryError(
            f"“{name}” holds dates; write them as YYYY-MM-DD (or YYYY for a year), not “{raw}”."
        )
    if match[2]:
        return Period(text, text)
    return Period(f"{text}-01-01", f"{text}-12-31")


def read_boolean(name: str, raw: str) -> bool:
    value = words.FILTERS.read(raw)
    if value is not None:
        return value
    raise RowQueryError(f"“{name}” takes true or false here, not “{raw}”.")


def _is_real_date(text):
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _json_condition(index, lookup, value):
    path = f"values__{index}"
    if lookup == "exact":
        return Q(**{path: value})
    # JSON null sorts below every number on PostgreSQL: keep missing values out of ranges.
    return Q(**{f"{path}__{lookup}": value}) & ~Q(**{path: None})


def _date_condition(index, lookup, period):
    """Cells are "YYYY-MM-DD" or a bare "YYYY", compared as text byte by byte.

    A bare year sorts just before its first day and after every day of the year
    before, so comparing text compares periods, with one exception: a year cell
    "1992" is not >= "1992-03-04" as text, yet 1992 reaches past that day; the
    `or == year` terms put it back.
    """
    cell: KeyTextTransform | Collate = KeyTextTransform(str(index), F("values"))
    if connection.vendor == "postgresql":
        cell = Collate(cell, "C")  # ISO dates sort as text only byte by byte
    first, last, year = Value(period.first), Value(period.last), Value(period.year)
    ends_on_or_after_first = Q(GreaterThanOrEqual(cell, first)) | Q(Exact(cell, year))
    starts_on_or_before_last = Q(LessThanOrEqual(cell, last))
    if lookup == "gt":
        found = Q(GreaterThan(cell, last))
    elif lookup == "gte":
        found = ends_on_or_after_first
    elif lookup == "lt":
        found = Q(LessThan(cell, first)) & ~Q(Exact(cell, year))
    elif lookup == "lte":
        found = starts_on_or_before_last
    else:  # exact: the two periods meet
        found = starts_on_or_before_last & ends_on_or_after_first
    # SQLite reads a JSON null as the text "null", which sorts after every date.
    return found & missing(index, flag=False)
