"""Reading a cell's text as a calendar date, in the forms people write them.

Numbers only, day first (31/01/2000) or ISO (2000-01-31); or with the month's
English name or its abbreviation (Jan, Sept, Sep.): 31 Jan 2000, Jan 31 2000,
January 31, 2000, and a month alone, January 2000 or Jan-2000, which is read
as its first day.

A date followed by a time of day (2000-01-31T12:00Z, 2010/01/01 01:00) is not a
date: a date column holds days, and reading it as one would drop the time, so the
cell stays text as written (`has_time_of_day` says so, for the messages). Only
midnight, the start of the day the cell writes (2000-01-31T00:00:00Z,
2010-01-01 00:00), is read as that day: it says nothing a day does not.
`DATE_FORMS` lists them for the messages editors see, so no message can promise
a form this module does not read.
"""

import re
from datetime import date, datetime

_NUMERIC_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# A time of day after a date: its clock (hours, minutes, seconds and fractions), then a
# zone (Z or an offset), if any.
_TIME_OF_DAY = re.compile(
    r"[T ](?P<clock>\d{2}:\d{2}(:\d{2}(\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$", re.ASCII
)

_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTHS = {name: n for n, name in enumerate(_MONTH_NAMES, start=1)}
MONTHS |= {name[:3]: n for name, n in list(MONTHS.items())}
MONTHS["sept"] = 9

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})"
_YEAR4 = r"(?P<year>\d{4})"
_NAMED_FORMS = [
    re.compile(rf"{_DAY}[ \-]{_MONTH},?[ \-]{_YEAR4}", re.ASCII),  # 31 Jan 2000, 31-Jan-2000
    re.compile(rf"{_MONTH} {_DAY},? {_YEAR4}", re.ASCII),  # Jan 31 2000, January 31, 2000
    re.compile(rf"{_MONTH}[ \-]{_YEAR4}", re.ASCII),  # January 2000, Jan-2000
]

# One example of each form read; the messages list them, and a test reads each.
DATE_EXAMPLES = (
    "2000-01-31",
    "31/01/2000",
    "31.01.2000",
    "31-01-2000",
    "2000/01/31",
    "31 Jan 2000",
    "31 January 2000",
    "Jan 31 2000",
    "January 31, 2000",
    "January 2000",
    "Jan-2000",
)
DATE_FORMS = "; ".join(DATE_EXAMPLES) + " (a month alone is read as its first day)"


def is_iso_date(cell: str) -> bool:
    """Whether `cell` is written YYYY-MM-DD (a real date or not)."""
    return _ISO_DATE.fullmatch(cell) is not None


def parse_date(cell: str) -> date | None:
    """The date `cell` writes in one of DATE_FORMS, or None."""
    if _ISO_DATE.fullmatch(cell):  # the common case, fast
        try:
            return date.fromisoformat(cell)
        except ValueError:
            return None
    if not cell.isascii() or not any(ch.isdigit() for ch in cell):
        return None  # every form read is ASCII: digits 0-9, English month names
    text, clock = _split_time(cell.strip())
    if _past_midnight(clock):
        return None  # a time of day other than midnight: not a day
    if any(ch.isalpha() for ch in text):
        return _named(text)
    for fmt in _NUMERIC_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def has_time_of_day(cell: str) -> bool:
    """Whether `cell` writes a date followed by a time other than midnight
    (2010/01/01 01:00, 2000-01-31T12:00Z): a moment, which parse_date does not read."""
    if not cell.isascii():
        return False
    text, clock = _split_time(cell.strip())
    return _past_midnight(clock) and parse_date(text) is not None


def _split_time(text):
    """`text` less the time of day that ends it, and that time's clock (or None)."""
    match = _TIME_OF_DAY.search(text)
    if match is None:
        return text, None
    return text[: match.start()], match["clock"]


def _past_midnight(clock: str | None) -> bool:
    """Whether `clock` (12:00, 00:00:00.5) is a time of day other than midnight."""
    return clock is not None and bool(clock.strip("0:."))


def _named(text):
    """A date written with the month's name: 31 Jan 2000, January 31, 2000, Jan-2000."""
    text = " ".join(text.split())
    for form in _NAMED_FORMS:
        match = form.fullmatch(text)
        if match is None:
            continue
        month = MONTHS.get(match["month"].lower())
        if month is None:
            return None
        day = int(match.groupdict().get("day") or 1)
        try:
            return date(int(match["year"]), month, day)
        except ValueError:
            return None
    return None
