"""Dates as people write them, and the message that lists the forms read."""

from datetime import date

import pytest

from datasets.dates import DATE_EXAMPLES, DATE_FORMS, has_time_of_day, parse_date
from datasets.models import ColumnType
from datasets.values import CellError, Column, converter


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("Jan 1 2000", date(2000, 1, 1)),
        ("1 January 2025", date(2025, 1, 1)),
        ("January 2025", date(2025, 1, 1)),
        ("Jan-2025", date(2025, 1, 1)),
        ("1 Jan 2000", date(2000, 1, 1)),
        ("January 1, 2000", date(2000, 1, 1)),
        ("Sept 3 2020", date(2020, 9, 3)),
        ("3 Sept. 2020", date(2020, 9, 3)),
        ("15-Mar-2021", date(2021, 3, 15)),
        ("DECEMBER 31, 1999", date(1999, 12, 31)),
        ("2000-01-31", date(2000, 1, 31)),
        ("31/01/2000", date(2000, 1, 31)),
        ("31.01.2000", date(2000, 1, 31)),
        ("2000/01/31", date(2000, 1, 31)),
        # Midnight is the start of the day written, and says nothing more.
        ("2000-01-31T00:00:00Z", date(2000, 1, 31)),
        ("2010-01-01 00:00", date(2010, 1, 1)),
        ("2010/01/01 00:00", date(2010, 1, 1)),
        ("2010-01-01T00:00:00", date(2010, 1, 1)),
        ("2010-01-01T00:00:00.000+05:30", date(2010, 1, 1)),
    ],
)
def test_common_date_forms_are_read(cell, day):
    assert parse_date(cell) == day


@pytest.mark.parametrize("cell", ["Feb 30 2000", "Foo 1 2000", "Jan 2000 1", "January", "1/2"])
def test_what_is_not_a_date_is_not_read_as_one(cell):
    assert parse_date(cell) is None


@pytest.mark.parametrize(
    "cell",
    [
        "2010/01/01 01:00",  # seattle-temps.csv (NOAA), one row per hour
        "2000-01-31T12:00:00Z",
        "2000-01-31T12:00",
        "2000-01-31 00:00:01",
        "2000-01-31T00:00:00.5",
        "2000-01-31T23:59:59-08:00",
        "2000-01-31T00:30+0100",
        "31/01/2000 18:45",
        "Jan 31 2000 09:00",
    ],
)
def test_a_date_with_a_time_of_day_is_not_a_date(cell):
    assert parse_date(cell) is None
    assert has_time_of_day(cell)


@pytest.mark.parametrize("cell", ["2000-01-31", "2000-01-31T00:00Z", "12:00", "x 12:00", "é 12:00"])
def test_a_day_or_a_clock_alone_has_no_time_of_day(cell):
    assert not has_time_of_day(cell)


def test_a_date_column_refuses_a_time_of_day_and_says_to_keep_it_as_text():
    convert = converter(Column("day", ColumnType.DATE))
    assert convert("2010-01-01 00:00") == "2010-01-01"
    with pytest.raises(CellError) as refused:
        convert("2010-01-01 01:00")
    assert "“2010-01-01 01:00” has a time of day" in str(refused.value)
    assert "text column to keep the times" in str(refused.value)


@pytest.mark.parametrize("example", DATE_EXAMPLES)
def test_every_form_the_message_lists_is_read(example):
    assert example in DATE_FORMS
    assert parse_date(example) is not None


def test_a_date_the_importer_cannot_read_is_refused_with_the_forms_it_reads():
    with pytest.raises(CellError) as refused:
        converter(Column("day", ColumnType.DATE))("1st Jan 2000")
    message = str(refused.value)
    assert "“1st Jan 2000” in a column of dates is not written in a form this importer reads" in (
        message
    )
    assert "Jan 31 2000" in message
    assert "a year alone (2000)" in message
    assert "but the column holds date values" not in message


def test_a_month_alone_is_its_first_day_and_a_year_alone_stays_a_year():
    convert = converter(Column("day", ColumnType.DATE))
    assert convert("Jan-2025") == "2025-01-01"
    assert convert("2025") == "2025"
