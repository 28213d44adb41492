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
        numbers = number_formatter(style=row["style"], unit=row["unit"], locale=locale)
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


def test_negative_numbers_use_the_charts_hyphen_minus_not_matplotlibs_minus_sign():
    for locale in NumberLocale.values:
        text = number_formatter(style=NumberFormat.GROUPED, unit="", locale=locale).tick(-46000)
        assert text.startswith("-"), (locale, text)
        assert "\N{MINUS SIGN}" not in text


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
