"""Values for charts.transforms: the table type, errors, arithmetic, comparisons.

A table is (header, rows, types), as charts.config.Plotted; its values are as the
datasets app stores them: int, Decimal, float, str (dates as ISO text), date,
bool or None. Sums and differences of ints and Decimals are exact, quotients
keep 28 significant digits; floats stay floats. A missing value (None) stays
missing: it is never counted as 0. Each function raises StepError, in words an
editor understands; charts.transforms adds which step it was.
"""

import decimal
import math
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from datasets.exactjson import Exact
from datasets.models import NUMERIC_TYPES, ColumnType
from datasets.values import MAX_DIGITS, MAX_EXPONENT, parse_boolean

# Bounds on what one step may make, so that no table stalls a worker.
MAX_SERIES = 50  # columns a pivot makes
MAX_COLUMNS = 500  # columns a transpose makes (one per row)
MAX_CELLS = 5_000_000  # values a melt makes
MISSING_NAME = "(missing)"  # the column or row name of a missing category
# Sums and differences: exact for any numbers the ingest stores (100 digits, 1e±308),
# a million of them. Quotients keep Decimal's usual 28 significant digits.
_EXACT = decimal.Context(prec=1000, Emax=999_999, Emin=-999_999)
_QUOTIENT = decimal.Context(prec=28, Emax=999_999, Emin=-999_999)
_ONE = Decimal(1)
_TYPE_WORDS = {
    ColumnType.INTEGER: "whole numbers",
    ColumnType.NUMBER: "numbers",
    ColumnType.DATE: "dates",
    ColumnType.STRING: "text",
    ColumnType.BOOLEAN: "true/false values",
}
_ISO_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


class Table(NamedTuple):
    """Column names, rows of values, and each column's type (a datasets ColumnType)."""

    header: list
    rows: list
    types: list


class StepError(ValueError):
    """What went wrong in one step, written for the editor."""


def column_index(table: Table, name: str) -> int:
    try:
        return table.header.index(name)
    except ValueError:
        shown = ", ".join(f"“{n}”" for n in table.header[:12])
        more = ", …" if len(table.header) > 12 else ""
        raise StepError(f"there is no column “{name}” (the columns are {shown}{more})") from None


def value_columns(table: Table, names: list[str] | None, *, doing: str) -> list[int]:
    """The number columns a step works on: those named, or every one after the label."""
    if names is None:
        found = [j for j in range(1, len(table.header)) if table.types[j] in NUMERIC_TYPES]
        if not found:
            raise StepError(f"there are no columns of numbers to {doing}")
        return found
    indexes = [column_index(table, name) for name in names]
    for j in indexes:
        if table.types[j] not in NUMERIC_TYPES:
            holds = type_word(table.types[j])
            raise StepError(f"“{table.header[j]}” holds {holds}; only numbers can be {doing}")
    return indexes


def type_word(kind) -> str:
    return _TYPE_WORDS.get(kind, str(kind))


def name_of(value) -> str:
    """A value as a column or row name: dates as ISO text, numbers as written."""
    if value is None:
        return MISSING_NAME
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def sort_key(kind):
    """The key that orders a column's values (not None): numbers by size, text
    alphabetically whatever the case, dates in order (whether date or ISO text)."""
    if kind == ColumnType.STRING:
        return _text_key
    if kind == ColumnType.DATE:
        return _date_key
    return None  # numbers and booleans order as they are


def _text_key(value):
    return (str(value).casefold(), str(value))


def _date_key(value):
    return value.isoformat() if isinstance(value, date) else str(value)


def unique_header(header: list[str]) -> list[str]:
    seen = set()
    for name in header:
        if name in seen:
            raise StepError(f"two columns would be called “{name}”: give one another name")
        seen.add(name)
    return header


def common_type(table: Table, indexes: list[int]):
    """The one type that the values of these columns share (whole numbers within numbers)."""
    kinds = {table.types[j] for j in indexes}
    if len(kinds) <= 1:
        return kinds.pop() if kinds else ColumnType.STRING
    if kinds <= NUMERIC_TYPES:
        return ColumnType.NUMBER
    first = next(j for j in indexes if table.types[j] != table.types[indexes[0]])
    raise StepError(
        f"“{table.header[indexes[0]]}” holds {type_word(table.types[indexes[0]])} but "
        f"“{table.header[first]}” holds {type_word(table.types[first])}: they cannot share a column"
    )


# Arithmetic -----------------------------------------------------------------


def total(values: Iterable):
    """The sum of the values present; None when none is (a missing value is not 0)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    try:
        with decimal.localcontext(_EXACT):
            result = sum(present)
    except TypeError:  # floats among Decimals
        return math.fsum(float(v) for v in present)
    return math.fsum(present) if type(result) is float else exact(result)


def exact_context():
    """Where plus, minus and times are exact: wrap a step's loop in it (once, it is not free)."""
    return decimal.localcontext(_EXACT)


def plus(a, b):
    """a + b, within exact_context() (the caller skips missing values)."""
    if type(a) is float or type(b) is float:
        return float(a) + float(b)
    return exact(a + b)


def minus(a, b):
    if a is None or b is None:
        return None
    if type(a) is float or type(b) is float:
        return float(a) - float(b)
    return exact(a - b)


def times(a, factor: int):
    return None if a is None else exact(a * factor)


def divide(a, b):
    """a / b to 28 significant digits; None when either is missing or b is 0."""
    if a is None or b is None or b == 0:
        return None
    if type(a) is float or type(b) is float:
        ratio = float(a) / float(b)
        return ratio if math.isfinite(ratio) else None
    quotient = _QUOTIENT.divide(a, b)
    if quotient == quotient.to_integral_value():  # 200, not 2.0E+2
        return Exact(quotient.quantize(_ONE, context=_EXACT))
    return Exact(quotient)


def exact(number):
    """A Decimal written in plain notation (0.00000015, never 1.5E-7), as the datasets app does."""
    return Exact(number) if type(number) is Decimal else number


def aggregate(function: str, values: list, kind=ColumnType.NUMBER):
    """count, sum, mean, median, min or max of the values present (of a `kind` column)."""
    if function == "count":
        return sum(1 for v in values if v is not None)
    if function == "sum":
        return total(values)
    present = [v for v in values if v is not None]
    if not present:
        return None
    if function == "mean":
        return divide(total(present), len(present))
    if function == "median":
        present.sort()
        middle = len(present) // 2
        if len(present) % 2:
            return present[middle]
        return divide(total(present[middle - 1 : middle + 1]), 2)
    pick = min if function == "min" else max
    key = sort_key(kind)
    return pick(present, key=key) if key else pick(present)


def aggregate_type(function: str, table: Table, j: int | None):
    """The type of an aggregate's results, checking that it applies to the column."""
    if function == "count":
        return ColumnType.INTEGER
    assert j is not None  # every aggregate but count names its column
    kind = table.types[j]
    if function in ("min", "max"):
        return kind
    if kind not in NUMERIC_TYPES:
        raise StepError(
            f"a {function} needs numbers, but “{table.header[j]}” holds {type_word(kind)}"
        )
    return kind if function == "sum" else ColumnType.NUMBER


# Reading an editor's value as a column's value --------------------------------


def coerce(value, kind, column: str):
    """The editor's value (JSON text, number or boolean) as comparable with the column's."""
    text = str(value).strip()
    if kind in NUMERIC_TYPES:
        if isinstance(value, bool):
            raise StepError(f"“{column}” holds numbers, not true/false")
        try:
            number = Decimal(repr(value) if isinstance(value, float) else text)
        except decimal.InvalidOperation:
            raise StepError(
                f"“{text[:40]}” is not a number, but “{column}” holds numbers"
            ) from None
        if not number.is_finite() or abs(number.adjusted()) > MAX_DIGITS + MAX_EXPONENT:
            raise StepError(f"“{text[:40]}” is not a number a chart can hold")
        return number
    if kind == ColumnType.DATE:
        if not _ISO_DATE.fullmatch(text):
            raise StepError(f"“{text[:40]}” is not a date written as 2024-03-31 (or 2024)")
        return text
    if kind == ColumnType.BOOLEAN:
        truth = value if isinstance(value, bool) else parse_boolean(text)
        if truth is None:
            raise StepError(f"“{text[:40]}” is not true or false, which “{column}” holds")
        return truth
    return text.casefold()


def cell_key(value, kind):
    """A cell as compared with coerce()'s value."""
    if kind == ColumnType.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind in NUMERIC_TYPES or kind == ColumnType.BOOLEAN:
        return value
    return str(value).casefold()
