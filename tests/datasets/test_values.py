"""What a cell's text becomes: exact numbers, codes kept as text, missing words, bounds."""

from decimal import Decimal

import pytest

from datasets.exactjson import Exact
from datasets.models import ColumnType
from datasets.values import (
    DOT,
    CellError,
    Column,
    ColumnProfile,
    NumberOutOfRange,
    converter,
    has_leading_zero,
)


def read(cells, name="x"):
    """The column's inferred type and its cells' values, as the ingest reads them."""
    profile = ColumnProfile(name)
    for cell in cells:
        profile.see(cell)
    column = profile.decide()
    convert = converter(column)
    return column.type, [convert(cell) for cell in cells]


@pytest.mark.parametrize(
    "cells",
    [
        ["01001", "06037", "48201"],  # US county FIPS codes
        ["02134", "90210"],  # ZIP codes
        ["007", "12"],
        ["-01", "5"],
    ],
)
def test_a_column_with_leading_zeros_is_text_kept_as_written(cells):
    assert read(cells) == (ColumnType.STRING, cells)


@pytest.mark.parametrize("cell", ["0", "0.5", ".5", "-0.25", "10", "0,5"])
def test_zero_before_a_point_or_alone_is_not_a_leading_zero(cell):
    assert not has_leading_zero(cell)


def test_integers_beyond_two_to_the_53_are_exact_ints():
    kind, values = read(["9007199254740993", "12345678901234567890", "-98765432109876543210"])
    assert kind == ColumnType.INTEGER
    assert values == [9007199254740993, 12345678901234567890, -98765432109876543210]


def test_decimals_keep_every_digit_written_including_trailing_zeros():
    kind, values = read(["1.10", "0.1000000000000000000001", "2.0", "-3.250"])
    assert kind == ColumnType.NUMBER
    assert [str(v) for v in values] == ["1.10", "0.1000000000000000000001", "2.0", "-3.250"]
    assert all(isinstance(v, Exact) for v in values)


def test_thousands_separators_currency_and_percent_read_exactly():
    assert DOT.parse("$1,234.50") == (Decimal("1234.50"), "USD")
    assert DOT.parse("(1,200)") == (-1200, "")
    assert DOT.parse("-5%") == (-5, "%")


def test_an_exponent_is_written_out_in_plain_digits():
    assert str(DOT.parse("1.5e-7")[0]) == "0.00000015"
    assert str(DOT.parse("2.5E3")[0]) == "2500"


@pytest.mark.parametrize("word", ["NA", "N/A", "..", "null", "none", "nan", "-", "—"])
def test_missing_words_are_text_in_a_text_column(word):
    assert read(["Namibia", word, "Chile"]) == (ColumnType.STRING, ["Namibia", word, "Chile"])


def test_namibia_s_code_survives_in_a_column_of_country_codes():
    assert read(["NA", "ZA", "BW"]) == (ColumnType.STRING, ["NA", "ZA", "BW"])
    assert read(["NA", "NA"]) == (ColumnType.STRING, ["NA", "NA"])


@pytest.mark.parametrize("word", ["NA", "N/A", "..", "", "nan"])
def test_missing_words_are_missing_in_numbers_dates_and_booleans(word):
    assert read(["1", word, "3"])[1] == [1, None, 3]
    assert read(["2020-01-01", word])[1] == ["2020-01-01", None]
    assert read(["yes", word])[1] == [True, None]


def test_only_an_empty_cell_is_missing_in_a_text_column():
    assert read(["a", "", "  "])[1] == ["a", None, None]


@pytest.mark.parametrize(
    "cell",
    [
        "1e999",
        "-1e400",
        "1e-400",
        "1" * 101,
        "1" * 5000,  # beyond Python's int-from-text digit limit
        "1e99999999999999999999",
        "0." + "0" * 400 + "1",
    ],
)
def test_numbers_out_of_range_are_refused_with_a_message(cell):
    with pytest.raises(NumberOutOfRange, match="beyond the numbers this importer stores"):
        DOT.parse(cell)


@pytest.mark.parametrize("cell", ["inf", "-Infinity", "+inf", "∞", "$inf"])
def test_infinities_are_refused_not_stored(cell):
    with pytest.raises(NumberOutOfRange, match="is not a finite number"):
        DOT.parse(cell)


def test_a_column_of_numbers_with_one_out_of_range_stays_numbers_and_refuses_it():
    profile = ColumnProfile("x")
    for cell in ["1", "1e999", "3.5"]:
        profile.see(cell)
    column = profile.decide()
    assert column.type == ColumnType.NUMBER
    with pytest.raises(CellError, match="1e999"):
        converter(column)("1e999")


def test_the_longest_numbers_in_bounds_are_stored():
    assert DOT.parse("9" * 100) == (int("9" * 100), "")
    assert str(DOT.parse("1e308")[0]) == "1" + "0" * 308
    assert DOT.parse("1e-308")[0] == Decimal("1e-308")


def test_negative_zero_is_zero():
    assert str(DOT.parse("-0.0")[0]) == "0.0"


def test_a_code_in_an_integer_column_says_to_make_it_text():
    with pytest.raises(CellError, match="starts with a zero, as codes do"):
        converter(Column("fips", ColumnType.INTEGER))("01001")


def test_a_decimal_in_an_integer_column_is_refused_but_a_whole_one_is_read():
    convert = converter(Column("n", ColumnType.INTEGER))
    assert convert("12.0") == 12
    with pytest.raises(CellError, match="not a whole number, but the column holds integer"):
        convert("12.5")


def test_digits_of_other_scripts_are_text_not_numbers():
    assert read(["0.٠", "٣"]) == (ColumnType.STRING, ["0.٠", "٣"])
