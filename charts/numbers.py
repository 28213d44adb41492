"""Numbers written as the reader's chart writes them, for drawings made on the server.

The reader's chart formats with the browser's Intl (static/js/charts/format.js);
the share image (articles/share.py) is drawn by matplotlib and formats here,
with Babel's CLDR data, to the same text: tests/fixtures/number_formats.json
pins both to what Chromium writes, for every style and locale.

What the styles mean (datasets.models.NumberFormat):

- plain: no thousands separators; grouped: the locale's separators;
- compact: "46k", "2,5 Mio." (one decimal at most), on ticks and in tooltips;
- percent: values are 0–100, written with the locale's percent sign;
- currency, when the unit is a currency code: compact on ticks ("US$6m"), in
  full in tooltips ("US$6,000,000"); with any other unit, grouped.

Up to two decimals, rounded half away from zero as Intl does. A word unit
("papers") follows the number in tooltips; on an axis it is the axis title.
Negative numbers take the minus sign (U+2212), not a hyphen. `scale` is what
one unit of the data is worth (1000 for a table in thousands), so that compact
writes 5,696 thousand as "5.7m", never "5.7k".
"""

import copy
import decimal
import math
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_compact_currency, format_compact_decimal

from charts.models import NumberFormat, NumberLocale

MISSING = "–"  # a missing value, as the chart writes it
MINUS = "\N{MINUS SIGN}"  # for Babel's (and Intl's) hyphen-minus
# CLDR's minimumGroupingDigits, which Babel does not read: Spanish and Italian
# write 1500 but 15.000. (The fixture test fails if a locale here is wrong.)
_MIN_GROUPING = {"es": 2, "it": 2}


def is_currency_code(unit: str) -> bool:
    return len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper()


def word_unit(*, style: str, unit: str) -> str:
    """The unit as a word after numbers and on the value axis ("" for currencies and percent)."""
    if style == NumberFormat.PERCENT or (style == NumberFormat.CURRENCY and is_currency_code(unit)):
        return ""
    return unit


def axis_unit(*, style: str, unit: str) -> str:
    """A unit such as "papers" titles the value axis; currencies and % show on each tick."""
    if style in (NumberFormat.CURRENCY, NumberFormat.PERCENT):
        return ""
    return unit


@dataclass(frozen=True)
class NumberFormatter:
    """`tick(value)` for a value axis, `tooltip(value)` for one value with its word unit."""

    style: str
    unit: str
    locale: str
    scale: float = 1

    def tick(self, value: float | None) -> str:
        compact = self.style == NumberFormat.COMPACT or self._currency
        return self._write(value, compact=compact)

    def tooltip(self, value: float | None) -> str:
        text = self._write(value, compact=self.style == NumberFormat.COMPACT)
        word = word_unit(style=self.style, unit=self.unit)
        return f"{text} {word}" if word and text != MISSING else text

    def cell(self, value: float | None) -> str:
        """A value in a table's cell: as in a tooltip, its word unit left to the column's header."""
        return self._write(value, compact=self.style == NumberFormat.COMPACT)

    @property
    def _currency(self) -> str | None:
        currency = self.style == NumberFormat.CURRENCY and is_currency_code(self.unit)
        return self.unit if currency else None

    def _write(self, value, *, compact):
        if value is None or not math.isfinite(value):
            return MISSING
        value = float(value) * self.scale  # matplotlib's ticks are numpy floats
        if not math.isfinite(value):
            return MISSING
        return self._number(value, compact=compact).replace("-", MINUS)

    def _number(self, value, *, compact):
        locale = _babel_locale(self.locale)
        currency = self._currency
        # Intl rounds "halfExpand"; the precision holds any float to the cent.
        with decimal.localcontext(rounding=decimal.ROUND_HALF_UP, prec=400):
            if self.style == NumberFormat.PERCENT:
                number = decimal.Decimal(repr(value * 0.01))  # as the chart scales it
                return _apply(locale.percent_formats[None], number, locale, digits=2)
            number = decimal.Decimal(repr(value))
            if compact:
                return _compact(number, locale, currency=currency)
            if currency:
                pattern = locale.currency_formats["standard"]
                return _apply(pattern, number, locale, digits=2, currency=currency)
            plain = self.style == NumberFormat.PLAIN
            grouping = math.inf if plain else _MIN_GROUPING.get(locale.language, 1)
            return _apply(locale.decimal_formats[None], number, locale, digits=2, grouping=grouping)


def number_formatter(*, style: str, unit: str, locale: str, scale: float = 1) -> NumberFormatter:
    return NumberFormatter(style=style, unit=unit or "", locale=locale, scale=scale or 1)


def _apply(pattern, number, locale, *, digits, grouping=None, currency=None):
    """The locale's pattern with 0 to `digits` decimals; separators from `grouping` digits."""
    if grouping is None:
        grouping = _MIN_GROUPING.get(locale.language, 1)
    integer_digits = len(str(abs(int(round(number.scaleb(pattern.scale), digits)))))
    pattern = copy.copy(pattern)
    pattern.frac_prec = (0, digits)
    return pattern.apply(
        number,
        locale,
        currency=currency,
        currency_digits=False,
        group_separator=integer_digits >= 3 + grouping,
    )


def _compact(number, locale, *, currency):
    """One decimal at most; "46k" once the locale shortens numbers that size, else in full."""
    if abs(round(number, 1)) < _compact_from(locale, currency=currency):
        # Intl's compact notation groups from five digits ("1500", "46,000") in every locale.
        pattern = locale.currency_formats["standard"] if currency else locale.decimal_formats[None]
        return _apply(pattern, number, locale, digits=1, grouping=2, currency=currency)
    number = max(number, round(number, 1), key=abs)  # 999.96 is "1K", as Intl has it
    if currency:
        return format_compact_currency(number, currency, locale=locale, fraction_digits=1)
    return format_compact_decimal(number, locale=locale, fraction_digits=1)


def _compact_from(locale, *, currency):
    """The smallest number the locale's short compact patterns shorten (1000 in English)."""
    formats = locale.compact_currency_formats if currency else locale.compact_decimal_formats
    shortened = [
        int(magnitude)
        for magnitude, pattern in formats["short"]["other"].items()
        if pattern.pattern.strip("¤\xa0 ") != "0"
    ]
    return min(shortened, default=math.inf)


@cache
def _babel_locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse(NumberLocale.EN_GB, sep="-")
