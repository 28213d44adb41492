"""Reading cell text as typed values: numbers as people write them, dates, booleans.

`ColumnProfile` watches a column's cells go by (one pass, constant memory) and
says which type they all fit; `Converter` turns each cell into its JSON value.

Numbers are read exactly, never through a float: a whole number becomes an int,
any other an `Exact` decimal with the digits as written (`1.10` stays `1.10`).
Numbers written with a leading zero (`01001`, `007`) are codes, not numbers: a
column of them is text. The words for a missing value (`NA`, `..`) are missing
only in a column of numbers, dates or true/false; in a text column (ISO country
codes: `NA` is Namibia) they are text like any other.
"""

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from chartweek import words
from datasets.dates import DATE_FORMS, has_time_of_day, is_iso_date, parse_date
from datasets.exactjson import Exact
from datasets.models import ColumnType

MISSING = frozenset({"", "na", "n/a", "nan", "-", "–", "—", "..", "…", "null", "none"})
INFINITIES = frozenset({"inf", "infinity", "∞"})
# The numbers stored: at most this many digits, and between 1e-308 and 1e308 in
# size (or zero), the range of the doubles that JSON readers and charts use.
MAX_DIGITS = 100
MAX_EXPONENT = 308
# The longest a number within those bounds is written: 0.000…(307 zeros) and 100 digits.
_MAX_TEXT = MAX_DIGITS + MAX_EXPONENT + 12

# Spaces used as thousands separators: plain, no-break and narrow no-break.
_SPACES = re.compile(r"[ \u00a0\u202f]")
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_SIGNS = re.compile(r"^(?P<pre>[$€£¥])?(?P<body>.*?)(?P<post>[$€£¥])?$", re.DOTALL)
# No leading zeros: 007 and 01001 are codes. "0", "0.5" and ".5" are numbers.
# Digits are 0-9 only (re.ASCII): "٣" is text, as is any other script's digit.
_DOT_DECIMAL = re.compile(
    r"([1-9]\d{0,2}(,\d{3})+|0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?",
    re.ASCII,
)
_COMMA_DECIMAL = re.compile(r"([1-9]\d{0,2}(\.\d{3})+|0|[1-9]\d*)(,\d+)?", re.ASCII)
_LEADING_ZERO = re.compile(r"[+\-\u2212(]?[$€£¥]?0\d", re.ASCII)
_YEAR = re.compile(r"1\d{3}|2\d{3}", re.ASCII)

_PLAIN_INT = re.compile(r"-?(0|[1-9]\d{0,14})", re.ASCII)
_PLAIN_DECIMAL = re.compile(r"-?(0|[1-9]\d{0,14})\.\d{1,15}", re.ASCII)

# What str.strip() strips: every character Python calls a space.
SPACE = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
# Text with nothing to strip and not empty: _text gives it back as it is.
_UNSPACED = re.compile(f"[^{SPACE}](?s:.*[^{SPACE}])?")
# Every pattern _see_plain_number reads a cell by. While it applies
# (ColumnProfile.reads_plain_numbers), two plain numbers (_PLAIN_INT or _PLAIN_DECIMAL)
# that answer each of these alike change the profile alike; and see() is
# order-independent. So a bulk reader (datasets/columnar.py) may show it one cell of each kind.
PLAIN_NUMBERS = (_PLAIN_INT, _PLAIN_DECIMAL)
PLAIN_PATTERNS = (*PLAIN_NUMBERS, _YEAR, _COMMA_DECIMAL)


class CellError(ValueError):
    """A cell that does not fit its column's type."""


class NumberOutOfRange(CellError):
    """A number (or an infinity) too large, too small or too long to store."""


def is_missing(cell: str) -> bool:
    if len(cell) > 5 and not cell[0].isspace():  # every missing marker is short
        return False
    return cell.strip().lower() in MISSING


@dataclass(frozen=True)
class NumberStyle:
    decimal: str  # "." or ","

    @property
    def pattern(self):
        return _DOT_DECIMAL if self.decimal == "." else _COMMA_DECIMAL

    def parse(self, cell: str):
        """The number in `cell` (int, or Exact if written with decimals) and its unit, or None.

        The unit is "%", a currency code or "". Raises NumberOutOfRange for an
        infinity or a number beyond MAX_DIGITS or MAX_EXPONENT.
        """
        if _PLAIN_INT.fullmatch(cell):  # the common case, fast
            return int(cell), ""
        if self.decimal == "." and _PLAIN_DECIMAL.fullmatch(cell):
            value = Exact(cell)
            return (value if value or cell[0] != "-" else Exact(cell[1:])), ""
        text = _SPACES.sub("", cell.strip()).replace("\u2212", "-")  # U+2212 minus sign
        negative = False
        if text.startswith("(") and text.endswith(")"):  # accounting negatives: (1,200)
            negative, text = True, text[1:-1]
        percent = text.endswith("%")
        if percent:
            text = text[:-1]
        sign = ""
        if text[:1] in "+-":
            sign, text = text[:1], text[1:]
        match = _CURRENCY_SIGNS.match(text)
        assert match is not None  # every part of the pattern is optional
        currency = match["pre"] or match["post"]
        body = match["body"]
        if percent and currency:
            return None
        if body.lower() in INFINITIES:
            raise NumberOutOfRange(
                f"“{cell.strip()}” is not a finite number: leave the cell empty if the value "
                "is missing"
            )
        if not self.pattern.fullmatch(body):
            return None
        if self.decimal == ".":
            plain = body.replace(",", "")
        else:
            plain = body.replace(".", "").replace(",", ".")
        if sign == "-":
            negative = not negative
        value = _exact(("-" if negative else "") + plain, cell)
        unit = "%" if percent else _CURRENCY.get(currency, "")
        return value, unit


def _exact(text, cell):
    """`text` (digits, a point, an exponent) as an int or an Exact, within the bounds."""
    if len(text) > _MAX_TEXT:  # beyond any number in bounds: not worth reading
        raise NumberOutOfRange(_out_of_range(cell))
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):  # an exponent Decimal cannot hold
        raise NumberOutOfRange(_out_of_range(cell)) from None
    digits = number.as_tuple().digits
    if len(digits) > MAX_DIGITS or (any(digits) and abs(number.adjusted()) > MAX_EXPONENT):
        raise NumberOutOfRange(_out_of_range(cell))
    if "." not in text and "e" not in text.lower():
        return int(number)
    if not number:
        number = abs(number)  # -0.0 is 0.0: PostgreSQL's numeric has no negative zero
    return Exact(number)


def _out_of_range(cell):
    shown = cell.strip()
    if len(shown) > 40:
        shown = f"{shown[:20]}…{shown[-10:]} ({len(shown):,} characters)"
    return (
        f"“{shown}” is beyond the numbers this importer stores "
        f"(at most {MAX_DIGITS} digits, and no larger than 1e{MAX_EXPONENT} "
        f"or smaller than 1e-{MAX_EXPONENT})"
    )


DOT, COMMA = NumberStyle("."), NumberStyle(",")


def has_leading_zero(cell: str) -> bool:
    """Whether `cell` is written like a code: 007, 01001, -01 (but not 0 or 0.5)."""
    return _LEADING_ZERO.match(cell.strip()) is not None


def parse_boolean(cell: str) -> bool | None:
    return words.CELLS.read(cell)


_NUMERIC_OR_YEAR = frozenset({"number", "year"})
_DATE_ONLY = frozenset({"date"})


@dataclass
class ColumnProfile:
    """What one column's cells have in common, learnt one cell at a time.

    What it learns depends only on which distinct cells it sees, not on their order
    or how often each comes (only `present`, as a count, does): every step only
    rules things out, and the fast paths do what the full reading would.
    """

    name: str
    could_be: set = field(default_factory=lambda: {"boolean", "number", "date", "year"})
    # For each way of writing decimals still possible: are all values whole so far?
    whole: dict = field(default_factory=lambda: {".": True, ",": True})
    units: set = field(default_factory=set)
    present: int = 0

    def see(self, cell: str):
        could = self.could_be
        if could <= _NUMERIC_OR_YEAR and self._see_plain_number(cell):
            return
        if could == _DATE_ONLY and is_iso_date(cell) and parse_date(cell):
            self.present += 1
            return
        if is_missing(cell):
            return
        self.present += 1
        could = self.could_be
        if not could:
            return
        text = cell.strip()
        if "boolean" in could and parse_boolean(text) is None:
            could.discard("boolean")
        if "year" in could and not _YEAR.fullmatch(text):
            could.discard("year")
        if "number" in could:
            self._see_number(text)
        if "date" in could and parse_date(text) is None:
            could.discard("date")

    @property
    def reads_plain_numbers(self) -> bool:
        """Whether see() now reads plain numbers by PLAIN_PATTERNS alone."""
        return bool(self.could_be) and self.could_be <= _NUMERIC_OR_YEAR

    def _see_plain_number(self, cell):
        """Fast path for 123 and 12.5 once only numbers (or years) are in question."""
        if not self.could_be:
            self.present += 1
            return True
        if _PLAIN_INT.fullmatch(cell):
            if "year" in self.could_be and not _YEAR.fullmatch(cell):
                self.could_be.discard("year")
            self.units.add("")
            self.present += 1
            return True
        if (
            "." in self.whole
            and _PLAIN_DECIMAL.fullmatch(cell)
            and not ("," in self.whole and _COMMA_DECIMAL.fullmatch(cell))
        ):  # 1.234 may still be a thousand where commas mark decimals: read it in full
            self.could_be.discard("year")
            self.whole.pop(",", None)  # "12.5" is not a number where commas mark decimals
            self.whole["."] = False
            self.units.add("")
            self.present += 1
            return True
        return False

    def _see_number(self, text):
        for style in list(self.whole):
            try:
                parsed = NumberStyle(style).parse(text)
            except NumberOutOfRange:
                continue  # a number still, refused when the column is read
            if parsed is None:
                del self.whole[style]
                continue
            value, unit = parsed
            self.units.add(unit)
            if not isinstance(value, int):  # written with decimals: 12.5, or 12.0
                self.whole[style] = False
        if not self.whole or len(self.units - {""}) > 1:  # "12%" beside "$5": no one quantity
            self.could_be.discard("number")

    def decide(self, *, delimiter=",") -> "Column":
        could = self.could_be
        if not self.present:
            return Column(self.name, ColumnType.STRING)
        if "boolean" in could:
            return Column(self.name, ColumnType.BOOLEAN)
        if "year" in could and "year" in self.name.lower():
            return Column(self.name, ColumnType.DATE)
        if "number" in could:
            # "1,234" reads both ways: as a thousand unless the file is separated by
            # semicolons, the habit of locales that write decimal commas.
            comma_first = delimiter == ";" or "." not in self.whole
            style = "," if comma_first and "," in self.whole else "."
            kind = ColumnType.INTEGER if self.whole[style] else ColumnType.NUMBER
            unit = next(iter(self.units - {""}), "")
            return Column(self.name, kind, decimal=style, unit=unit)
        if "date" in could:
            return Column(self.name, ColumnType.DATE)
        return Column(self.name, ColumnType.STRING)


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    decimal: str = "."
    unit: str = ""

    def as_dict(self):
        data = {"name": self.name, "type": str(self.type)}
        if self.unit:
            data["unit"] = self.unit
        return data


def own_text(column: Column) -> tuple[re.Pattern, ...]:
    """Patterns of the cells `converter(column)` reads as the value their text already
    writes (`-0` is 0 to PostgreSQL too): a bulk loader may pass them on as they are."""
    kind = column.type
    if kind == ColumnType.STRING:
        return (_UNSPACED,)
    if kind == ColumnType.INTEGER or (kind == ColumnType.NUMBER and column.decimal != "."):
        return (_PLAIN_INT,)
    if kind == ColumnType.NUMBER:
        return PLAIN_NUMBERS
    return ()


def convert(cell: str, column: Column):
    """A cell's JSON value for its column: int, float, ISO date, bool, str or None.

    Raises CellError when the cell does not fit the column's type.
    """
    return converter(column)(cell)


def converter(column: Column):
    """A function from cell text to the column's JSON value (built once per column).

    Its CellError says what the cell is and what the column holds.
    """
    kind = column.type
    if kind in (ColumnType.INTEGER, ColumnType.NUMBER):
        return _number_converter(NumberStyle(column.decimal), whole=kind == ColumnType.INTEGER)
    if kind == ColumnType.DATE:
        return _day
    if kind == ColumnType.BOOLEAN:
        return _boolean
    return _text


def _number_converter(style, *, whole):
    holds = "integer" if whole else "number"

    def number(cell):
        if _PLAIN_INT.fullmatch(cell):
            return int(cell)
        if is_missing(cell):
            return None
        text = cell.strip()
        parsed = style.parse(text)  # NumberOutOfRange says what it is, and is a CellError
        if parsed is None:
            if has_leading_zero(text) and style.parse(text.replace("0", "1", 1)) is not None:
                raise CellError(
                    f"“{text}” starts with a zero, as codes do, but the column holds "
                    f"{holds} values: make it a text column to keep the codes as written"
                )
            raise CellError(f"“{text}” is not a number, but the column holds {holds} values")
        value = parsed[0]
        if whole and not isinstance(value, int):
            if value != value.to_integral_value():
                raise CellError(
                    f"“{text}” is not a whole number, but the column holds {holds} values"
                )
            return int(value)
        return value

    return number


def _day(cell):
    if is_iso_date(cell):
        if parse_date(cell) is None:
            raise CellError(f"“{cell}” is not a real date (there is no such day)")
        return cell
    if is_missing(cell):
        return None
    text = cell.strip()
    if _YEAR.fullmatch(text):
        return text  # a bare year stays a year: ISO 8601's "YYYY"
    parsed = parse_date(text)
    if parsed is None and has_time_of_day(text):
        raise CellError(
            f"“{text}” has a time of day, but the column holds dates (days alone): make it "
            "a text column to keep the times as written"
        )
    if parsed is None:
        raise CellError(
            f"“{text}” in a column of dates is not written in a form this importer reads. "
            f"It reads dates written as {DATE_FORMS}, or as a year alone (2000)"
        )
    return parsed.isoformat()


def _boolean(cell):
    if is_missing(cell):
        return None
    value = parse_boolean(cell)
    if value is None:
        raise CellError(
            f"“{cell.strip()}” is not true/false or yes/no, but the column holds boolean values"
        )
    return value


def _text(cell):
    """Text as written (less the spaces around it); only an empty cell is missing."""
    return cell.strip() or None
