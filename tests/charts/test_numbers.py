"""The share image's number formatter writes what the reader's chart writes.

tests/fixtures/number_formats.json holds what static/js/charts/format.js writes
with Intl (node --test checks it there, tests/e2e/test_number_formats.py in
Chromium); here the Python side is held to the same table.
"""

import json
import math
from pathlib import Path

import pytest

from charts.models import NumberFormat, NumberLocale
from charts.numbers import MISSING, axis_unit, number_formatter, word_unit

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "number_formats.json"
ROWS = json.loads(FIXTURE.read_text())["rows"]


def test_the_table_covers_every_number_style_and_locale_with_awkward_values():
    assert {row["style"] for row in ROWS} == set(NumberFormat.values)
    assert {row["locale"] for row in ROWS} == set(NumberLocale.values)
    values = {row["value"] for row in ROWS}
    assert 0 in values
    assert any(v < 0 for v in values)
    assert any(v != int(v) for v in values)
    assert max(values) >= 1e12


@pytest.mark.parametrize("locale", NumberLocale.values)
def test_ticks_and_tooltips_read_as_the_readers_chart_writes_them(locale):
    wrong = []
    for row in (r for r in ROWS if r["locale"] == locale):
        numbers = number_formatter(
            style=row["style"], unit=row["unit"], locale=locale, scale=row.get("scale", 1)
        )
        got = {"tick": numbers.tick(row["value"]), "tooltip": numbers.tooltip(row["value"])}
        wrong += [(row, kind, got[kind]) for kind in got if got[kind] != row[kind]]
    assert wrong == []


def test_british_english_is_written_as_the_reader_sees_it_not_as_americans_do():
    usd = number_formatter(style=NumberFormat.CURRENCY, unit="USD", locale="en-GB")
    assert (usd.tick(6_000_000), usd.tooltip(6_000_000)) == ("US$6m", "US$6,000,000")
    assert (
        number_formatter(style=NumberFormat.COMPACT, unit="", locale="en-GB").tick(46000) == "46k"
    )
    assert (
        number_formatter(style=NumberFormat.COMPACT, unit="", locale="en-US").tick(46000) == "46K"
    )


def test_negative_numbers_take_the_minus_sign_not_a_hyphen_in_every_locale_and_style():
    for locale in NumberLocale.values:
        for style in NumberFormat.values:
            numbers = number_formatter(style=style, unit="GPU-hours", locale=locale)
            for text in (numbers.tick(-46000), numbers.tooltip(-46000)):
                assert "\N{MINUS SIGN}" in text, (locale, style, text)
                assert "-" not in text.replace("GPU-hours", ""), (locale, style, text)


def test_a_table_in_thousands_is_written_in_millions_never_as_thousands():
    compact = number_formatter(style=NumberFormat.COMPACT, unit="jobs", locale="en-GB")
    assert compact.tick(-1000) == "\N{MINUS SIGN}1k"  # the bug: this meant minus a million
    in_thousands = number_formatter(
        style=NumberFormat.COMPACT, unit="jobs", locale="en-GB", scale=1000
    )
    assert in_thousands.tick(-1000) == "\N{MINUS SIGN}1m"
    assert in_thousands.tooltip(5696) == "5.7m jobs"
    rows = [r for r in ROWS if r.get("scale") == 1000 and r["style"] == NumberFormat.COMPACT]
    assert {r["locale"] for r in rows} == set(NumberLocale.values)


@pytest.mark.parametrize("value", [None, math.nan, math.inf, -math.inf])
def test_a_missing_or_infinite_value_is_a_dash_without_its_unit(value):
    numbers = number_formatter(style=NumberFormat.GROUPED, unit="papers", locale="en-GB")
    assert numbers.tick(value) == numbers.tooltip(value) == MISSING


def test_an_unknown_locale_falls_back_to_british_english_rather_than_failing():
    assert (
        number_formatter(style=NumberFormat.COMPACT, unit="", locale="xx-!!").tick(46000) == "46k"
    )


def test_the_largest_floats_are_written_without_error():
    for style in NumberFormat.values:
        numbers = number_formatter(style=style, unit="USD", locale="hi-IN")
        assert numbers.tick(-1.7e308)
        assert numbers.tooltip(5e-324).replace("USD", "").strip("$% ") == "0"


def test_word_units_follow_tooltip_numbers_and_title_the_axis_but_codes_and_percent_do_not():
    assert word_unit(style=NumberFormat.GROUPED, unit="papers") == "papers"
    assert word_unit(style=NumberFormat.CURRENCY, unit="USD") == ""
    assert word_unit(style=NumberFormat.CURRENCY, unit="dollars") == "dollars"
    assert word_unit(style=NumberFormat.PERCENT, unit="%") == ""
    assert axis_unit(style=NumberFormat.COMPACT, unit="GPU-hours") == "GPU-hours"
    assert axis_unit(style=NumberFormat.CURRENCY, unit="dollars") == ""
