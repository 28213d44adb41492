"""One column filter of a rows request as a condition on the version's table.

The text a client writes is read for the column's type first, and a value the
type cannot hold is a RowQueryError naming the column. Then each type compares
as itself in the database (datasets/table_query.py), on SQLite and PostgreSQL alike:

- numbers as numbers (exact on PostgreSQL, where columns are `numeric`; on SQLite
  exact for integers up to 2**63, doubles beyond);
- dates as ISO 8601 text under a byte-order collation. A bare year stands for the
  whole year, in a cell or in the query: `gt=1992` is after 1992-12-31,
  `lte=1992` includes all of 1992, `=1992` is any day of it;
- on an integer column (years written as numbers) a date compares by its year;
- booleans as booleans; text exactly (`prefix` and `like` for parts of it).

Missing cells (NULL) match no comparison, `ne` included; `isnull` finds them.
"""

import math
import re
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from chartweek import words
from datasets.models import NUMERIC_TYPES, ColumnType
from datasets.table_query import AllOf, AnyOf, Not, Test


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


_OPERATORS = {"exact": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def condition(*, index: int, name: str, kind: ColumnType, lookup: str, raw: str):
    """The rows whose cell in column `index` passes `lookup` (exact, ne, gt, gte, lt, lte)."""
    if lookup in RANGES and kind not in ORDERED_TYPES:
        raise RowQueryError(
            f"“{name}” holds {kind.label.lower()}, so it takes no range; "
            "ranges apply to number and date columns."
        )
    if kind == ColumnType.DATE:
        if lookup == "ne":
            return Not(_date_condition(index, "exact", read_date(name, raw)))
        return _date_condition(index, lookup, read_date(name, raw))
    return Test(index, _OPERATORS[lookup], read_value(name, kind, raw))


def one_of(*, index: int, name: str, kind: ColumnType, raws: list[str]):
    """The rows whose cell in column `index` equals any of `raws`."""
    if kind == ColumnType.DATE:
        return AnyOf(tuple(_date_condition(index, "exact", read_date(name, r)) for r in raws))
    return Test(index, "in", tuple(read_value(name, kind, raw) for raw in raws))


def read_value(name: str, kind: ColumnType, raw: str) -> int | float | Decimal | bool | str:
    """The JSON value `raw` stands for in a column of `kind` other than dates."""
    if kind == ColumnType.INTEGER and (found := _DATE.fullmatch(raw.strip())) and found[2]:
        return int(read_date(name, raw).year)  # a column of years: the date's year
    if kind in NUMERIC_TYPES:
        return read_number(name, raw)
    if kind == ColumnType.BOOLEAN:
        return read_boolean(name, raw)
    return raw


def missing(index: int, *, flag: bool) -> Test:
    """The rows whose cell is missing (flag true) or present (flag false)."""
    return Test(index, "null", flag)


def read_number(name: str, raw: str) -> int | float | Decimal:
    """An int, or a Decimal on PostgreSQL (numeric columns compare exactly), else a float."""
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
    if connection.vendor == "postgresql":
        return Decimal(text)  # numeric columns compare exactly
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


def _date_condition(index, lookup, period):
    """Cells are "YYYY-MM-DD" or a bare "YYYY", compared as text byte by byte.

    A bare year sorts just before its first day and after every day of the year
    before, so comparing text compares periods, with one exception: a year cell
    "1992" is not >= "1992-03-04" as text, yet 1992 reaches past that day; the
    `or == year` terms put it back. NULL cells pass none of these.
    """
    first, last, year = period.first, period.last, period.year
    ends_on_or_after_first = AnyOf((Test(index, ">=", first), Test(index, "=", year)))
    starts_on_or_before_last = Test(index, "<=", last)
    if lookup == "gt":
        return Test(index, ">", last)
    if lookup == "gte":
        return ends_on_or_after_first
    if lookup == "lt":
        return AllOf((Test(index, "<", first), Test(index, "!=", year)))
    if lookup == "lte":
        return starts_on_or_before_last
    return AllOf((starts_on_or_before_last, ends_on_or_after_first))  # the periods meet
