"""Reading cell text as typed values: numbers as people write them, dates, booleans.

`ColumnProfile` watches a column's cells go by (one pass, constant memory) and
says which type they all fit; `Converter` turns each cell into its JSON value.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from datasets.models import ColumnType

MISSING = frozenset({"", "na", "n/a", "nan", "-", "–", "—", "..", "…", "null", "none"})
TRUE_WORDS = frozenset({"true", "yes", "y"})
FALSE_WORDS = frozenset({"false", "no", "n"})

# Spaces used as thousands separators: plain, no-break and narrow no-break.
_SPACES = re.compile(r"[ \u00a0\u202f]")
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_SIGNS = re.compile(r"^(?P<pre>[$€£¥])?(?P<body>.*?)(?P<post>[$€£¥])?$", re.DOTALL)
_DOT_DECIMAL = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?|[+-]?\.\d+")
_COMMA_DECIMAL = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
_YEAR = re.compile(r"1\d{3}|2\d{3}")
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%Y/%m/%d",
)
_DATETIME_SUFFIX = re.compile(r"[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


_PLAIN_INT = re.compile(r"-?\d{1,15}")
_PLAIN_DECIMAL = re.compile(r"-?\d{1,15}\.\d{1,15}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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
        """The number in `cell`, with its percent or currency sign, or None."""
        if _PLAIN_INT.fullmatch(cell):  # the common case, fast
            return float(cell), ""
        if self.decimal == "." and _PLAIN_DECIMAL.fullmatch(cell):
            return float(cell), ""
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
        currency = match["pre"] or match["post"]
        body = match["body"]
        if percent and currency:
            return None
        if not self.pattern.fullmatch(body):
            return None
        if self.decimal == ".":
            plain = body.replace(",", "")
        else:
            plain = body.replace(".", "").replace(",", ".")
        try:
            value = float(sign + plain)
        except ValueError:
            return None
        if negative:
            value = -value
        unit = "%" if percent else _CURRENCY.get(currency, "")
        return value, unit


DOT, COMMA = NumberStyle("."), NumberStyle(",")


def parse_date(cell: str) -> date | None:
    if _ISO_DATE.fullmatch(cell):  # the common case, fast
        try:
            return date.fromisoformat(cell)
        except ValueError:
            return None
    if not any(ch.isdigit() for ch in cell):
        return None
    text = _DATETIME_SUFFIX.sub("", cell.strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_boolean(cell: str) -> bool | None:
    word = cell.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


_NUMERIC_OR_YEAR = frozenset({"number", "year"})
_DATE_ONLY = frozenset({"date"})


@dataclass
class ColumnProfile:
    """What one column's cells have in common, learnt one cell at a time."""

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
        if could == _DATE_ONLY and _ISO_DATE.fullmatch(cell) and parse_date(cell):
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
        if "." in self.whole and _PLAIN_DECIMAL.fullmatch(cell):
            self.could_be.discard("year")
            self.whole.pop(",", None)  # "12.5" is not a number where commas mark decimals
            self.whole["."] = False
            self.units.add("")
            self.present += 1
            return True
        return False

    def _see_number(self, text):
        for style in list(self.whole):
            parsed = NumberStyle(style).parse(text)
            if parsed is None:
                del self.whole[style]
                continue
            value, unit = parsed
            self.units.add(unit)
            if not value.is_integer():
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


class CellError(ValueError):
    """A cell that does not fit its column's type."""


def convert(cell: str, column: Column):
    """A cell's JSON value for its column: int, float, ISO date, bool, str or None.

    Raises CellError when the cell does not fit the column's type.
    """
    return converter(column)(cell)


def converter(column: Column):
    """A function from cell text to the column's JSON value (built once per column)."""
    kind = column.type
    if kind in (ColumnType.INTEGER, ColumnType.NUMBER):
        style = NumberStyle(column.decimal)
        whole = kind == ColumnType.INTEGER

        def number(cell):
            if _PLAIN_INT.fullmatch(cell):
                return int(cell)
            if is_missing(cell):
                return None
            parsed = style.parse(cell.strip())
            if parsed is None:
                raise CellError(f"“{cell.strip()}” is not a number")
            value = parsed[0]
            if whole:
                if not value.is_integer():
                    raise CellError(f"“{cell.strip()}” is not a whole number")
                return int(value)
            # 980 rather than 980.0: whole values stay whole in JSON and tables.
            return int(value) if value.is_integer() and abs(value) < 2**53 else value

        return number
    if kind == ColumnType.DATE:

        def day(cell):
            if _ISO_DATE.fullmatch(cell):
                if parse_date(cell) is None:
                    raise CellError(f"“{cell}” is not a real date")
                return cell
            if is_missing(cell):
                return None
            text = cell.strip()
            if _YEAR.fullmatch(text):
                return text  # a bare year stays a year: ISO 8601's "YYYY"
            parsed = parse_date(text)
            if parsed is None:
                raise CellError(f"“{text}” is not a date this importer reads")
            return parsed.isoformat()

        return day
    if kind == ColumnType.BOOLEAN:

        def boolean(cell):
            if is_missing(cell):
                return None
            value = parse_boolean(cell)
            if value is None:
                raise CellError(f"“{cell.strip()}” is not true/false or yes/no")
            return value

        return boolean

    def text(cell):
        return None if is_missing(cell) else cell.strip()

    return text
