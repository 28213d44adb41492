"""The chart's data transforms (charts/transforms.py): each step, its bounds, its words.

Pure: tables in, tables out, no database. The real tables from vega-datasets are
in test_transforms_real_data.py.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from charts.transforms import (
    MAX_COLUMNS,
    MAX_SERIES,
    MAX_TRANSFORMS,
    Change,
    Filter,
    Group,
    Index,
    Melt,
    Pivot,
    Rescale,
    RunningTotal,
    Share,
    Sort,
    Table,
    Top,
    TransformError,
    Transforms,
    Transpose,
    apply,
    describe,
    unit_after,
)
from datasets.models import ColumnType as T

STEPS = TypeAdapter(Transforms)

PRICES = Table(
    ["symbol", "date", "price"],
    [
        ["MSFT", date(2000, 1, 1), Decimal("39.81")],
        ["AAPL", date(2000, 1, 1), Decimal("25.94")],
        ["MSFT", date(2000, 2, 1), Decimal("36.35")],
        ["AAPL", date(2000, 2, 1), None],
        ["MSFT", date(2000, 2, 1), Decimal("36.45")],
    ],
    [T.STRING, T.DATE, T.NUMBER],
)
SALES = Table(
    ["region", "units", "revenue"],
    [["North", 10, Decimal("0.1")], ["South", 30, Decimal("0.2")], ["East", None, None]],
    [T.STRING, T.INTEGER, T.NUMBER],
)


def run(table, *steps):
    return apply(table, STEPS.validate_python(list(steps)))


# Filter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "value", "regions"),
    [
        ("=", 10, ["North"]),
        ("!=", 10, ["South", "East"]),  # a missing cell is not 10
        (">", "9.5", ["North", "South"]),
        ("<=", 10, ["North"]),
        ("in", [30, 10], ["North", "South"]),
    ],
)
def test_a_filter_compares_numbers_as_numbers_and_keeps_missing_cells_only_for_not_equal(
    operator, value, regions
):
    table = run(SALES, {"op": "filter", "column": "units", "operator": operator, "value": value})
    assert [row[0] for row in table.rows] == regions


def test_a_filter_on_text_ignores_case_and_contains_finds_a_part():
    assert run(SALES, {"op": "filter", "column": "region", "value": "north"}).rows == [
        SALES.rows[0]
    ]
    table = run(SALES, {"op": "filter", "column": "region", "operator": "contains", "value": "TH"})
    assert [row[0] for row in table.rows] == ["North", "South"]


def test_a_filter_on_dates_compares_them_as_dates_whether_stored_as_dates_or_text():
    step = {"op": "filter", "column": "date", "operator": ">=", "value": "2000-02-01"}
    assert len(run(PRICES, step).rows) == 3
    as_text = Table(PRICES.header, [[s, d.isoformat(), p] for s, d, p in PRICES.rows], PRICES.types)
    assert len(run(as_text, step).rows) == 3


@pytest.mark.parametrize(
    ("value", "says"),
    [("lots", "“lots” is not a number"), ("1e999999", "not a number a chart can hold")],
)
def test_a_filter_value_that_does_not_fit_the_column_says_so_and_names_the_step(value, says):
    with pytest.raises(TransformError) as caught:
        run(
            SALES,
            {"op": "sort", "column": "units"},
            {"op": "filter", "column": "units", "value": value},
        )
    assert caught.value.step == 2
    assert str(caught.value).startswith("Step 2 (Kept the rows where units is")
    assert says in str(caught.value)


# Group and pivot -------------------------------------------------------------


def test_group_counts_rows_and_aggregates_each_value_column_exactly():
    table = run(
        PRICES,
        {
            "op": "group",
            "by": "symbol",
            "aggregates": [
                {"function": "count"},
                {"function": "sum", "column": "price"},
                {"function": "mean", "column": "price", "name": "mean price"},
                {"function": "median", "column": "price", "name": "median"},
                {"function": "max", "column": "date", "name": "latest"},
            ],
        },
    )
    assert table.header == ["symbol", "count", "price", "mean price", "median", "latest"]
    assert table.rows == [
        [
            "MSFT",
            3,
            Decimal("112.61"),
            Decimal("37.53666666666666666666666667"),
            Decimal("36.45"),
            date(2000, 2, 1),
        ],
        ["AAPL", 2, Decimal("25.94"), Decimal("25.94"), Decimal("25.94"), date(2000, 2, 1)],
    ]
    assert table.types == [T.STRING, T.INTEGER, T.NUMBER, T.NUMBER, T.NUMBER, T.DATE]


def test_a_group_of_missing_values_sums_to_missing_never_zero():
    table = run(
        SALES,
        {"op": "group", "by": "region", "aggregates": [{"function": "sum", "column": "units"}]},
    )
    assert table.rows[-1] == ["East", None]


def test_decimal_sums_are_exact_and_float_input_stays_float():
    tenths = Table(["k", "v"], [["a", Decimal("0.1")]] * 3, [T.STRING, T.NUMBER])
    group_sum = {"op": "group", "by": "k", "aggregates": [{"function": "sum", "column": "v"}]}
    assert run(tenths, group_sum).rows == [["a", Decimal("0.3")]]
    # Beyond Decimal's usual 28 digits: a 100-digit number plus a tenth.
    big = Table(["k", "v"], [["a", Decimal(10**99)], ["a", Decimal("0.1")]], [T.STRING, T.NUMBER])
    assert str(run(big, group_sum).rows[0][1]) == "1" + "0" * 99 + ".1"
    floats = Table(["k", "v"], [["a", 0.1]] * 3, [T.STRING, T.NUMBER])
    assert isinstance(run(floats, group_sum).rows[0][1], float)
    mixed = Table(["k", "v"], [["a", Decimal("0.1")], ["a", 0.2]], [T.STRING, T.NUMBER])
    assert run(mixed, group_sum).rows == [["a", 0.30000000000000004]]


def test_pivot_makes_one_series_per_category_with_dates_kept_as_dates():
    table = run(
        PRICES, {"op": "pivot", "category": "symbol", "value": "price", "aggregate": "mean"}
    )
    assert table.header == ["date", "MSFT", "AAPL"]
    assert table.rows == [
        [date(2000, 1, 1), Decimal("39.81"), Decimal("25.94")],
        [date(2000, 2, 1), Decimal("36.4"), None],  # two MSFT prices: their mean
    ]
    assert table.types == [T.DATE, T.NUMBER, T.NUMBER]


def test_a_pivot_into_too_many_series_is_an_editors_error_not_a_crash():
    many = Table(
        ["k", "day", "v"],
        [[f"s{i}", 1, i] for i in range(MAX_SERIES + 1)],
        [T.STRING, T.INTEGER, T.INTEGER],
    )
    with pytest.raises(TransformError, match=f"more than {MAX_SERIES} different values"):
        run(many, {"op": "pivot", "category": "k", "value": "v"})
    assert (
        len(
            run(
                Table(many.header, many.rows[:-1], many.types),
                {"op": "pivot", "category": "k", "value": "v"},
            ).header
        )
        == MAX_SERIES + 1
    )


def test_a_sum_of_a_text_column_is_refused_in_words():
    with pytest.raises(TransformError, match="a sum needs numbers, but “symbol” holds text"):
        run(
            PRICES,
            {"op": "group", "by": "date", "aggregates": [{"function": "sum", "column": "symbol"}]},
        )


# Melt, transpose, sort, top ---------------------------------------------------


def test_melt_turns_columns_into_rows_keeping_missing_values():
    table = run(SALES, {"op": "melt", "name": "measure"})
    assert table.header == ["region", "measure", "value"]
    assert table.rows[:2] == [["North", "units", 10], ["North", "revenue", Decimal("0.1")]]
    assert table.rows[-1] == ["East", "revenue", None]
    assert table.types == [T.STRING, T.STRING, T.NUMBER]


def test_transpose_swaps_rows_and_columns_and_refuses_a_table_too_long_to_swap():
    table = run(SALES, {"op": "transpose"})
    assert table.header == ["name", "North", "South", "East"]
    assert table.rows == [
        ["units", 10, 30, None],
        ["revenue", Decimal("0.1"), Decimal("0.2"), None],
    ]
    assert table.types == [T.STRING, T.NUMBER, T.NUMBER, T.NUMBER]
    long = Table(["k", "v"], [[str(i), i] for i in range(MAX_COLUMNS)], [T.STRING, T.INTEGER])
    with pytest.raises(TransformError, match="filter the rows first"):
        run(long, {"op": "transpose"})


def test_sort_puts_missing_values_last_in_either_direction():
    for direction in ("ascending", "descending"):
        table = run(SALES, {"op": "sort", "column": "units", "direction": direction})
        assert table.rows[-1][0] == "East"
    assert run(SALES, {"op": "sort", "column": "units"}).rows[0][0] == "South"


def test_top_keeps_n_rows_and_sums_the_rest_as_other_with_dates_becoming_labels():
    table = Table(["day", "n"], [[date(2024, 1, d), d] for d in range(1, 6)], [T.DATE, T.INTEGER])
    top = run(table, {"op": "top", "n": 2, "by": "n"})
    assert top.rows == [["2024-01-05", 5], ["2024-01-04", 4], ["Other", 6]]
    assert top.types == [T.STRING, T.INTEGER]
    assert run(table, {"op": "top", "n": 2, "other": False}).rows == table.rows[:2]


# Derived values and rescaling ---------------------------------------------------


def test_change_percent_change_index_and_running_total():
    table = Table(
        ["year", "v"], [[2020, 50], [2021, 75], [2022, None], [2023, 100]], [T.INTEGER, T.INTEGER]
    )
    column = lambda step: [row[1] for row in run(table, step).rows]  # noqa: E731
    assert column({"op": "change"}) == [0, 25, None, 50]
    assert column({"op": "change", "base": "previous", "percent": True}) == [None, 50, None, None]
    assert column({"op": "change", "base": "row", "row": "2021"}) == [-25, 0, None, 25]
    assert column({"op": "index"}) == [100, 150, None, 200]
    assert column({"op": "running_total"}) == [50, 125, None, 225]
    assert run(table, {"op": "running_total"}).types == [T.INTEGER, T.INTEGER]
    assert run(table, {"op": "index"}).types == [T.INTEGER, T.NUMBER]


def test_an_index_at_a_zero_or_missing_base_names_the_column_and_row():
    table = Table(["year", "v"], [["2020", 0], ["2021", 5]], [T.STRING, T.INTEGER])
    with pytest.raises(TransformError, match="“v” is 0 in the row “2020”"):
        run(table, {"op": "index", "row": "2020"})
    with pytest.raises(TransformError, match="no row is labelled “1999”"):
        run(table, {"op": "index", "row": "1999"})


def test_rescale_divides_exactly_and_the_unit_follows():
    steps = [{"op": "rescale", "divide_by": 1000, "unit": "million jobs"}]
    table = run(
        Table(["m", "jobs"], [["a", 5696], ["b", None], ["c", 1]], [T.STRING, T.INTEGER]), *steps
    )
    assert table.rows == [["a", Decimal("5.696")], ["b", None], ["c", Decimal("0.001")]]
    assert table.types == [T.STRING, T.NUMBER]
    assert unit_after(STEPS.validate_python(steps), "thousand jobs") == "million jobs"
    assert unit_after([], "thousand jobs") == "thousand jobs"


# The steps as data ---------------------------------------------------------------


def test_steps_round_trip_through_json_and_unknown_or_unbounded_input_is_refused():
    steps = STEPS.validate_python(
        [
            {"op": "filter", "column": "c", "operator": "in", "value": ["a", 2, 2.5, True]},
            {"op": "group", "by": "c"},
            {"op": "top", "n": 10},
            {"op": "rescale", "divide_by": 1000000},
        ]
    )
    assert STEPS.validate_json(STEPS.dump_json(steps)) == steps
    for bad in (
        [{"op": "explode"}],
        [{"op": "sort", "column": "c", "extra": 1}],
        [{"op": "filter", "column": "c", "value": float("inf")}],
        [{"op": "filter", "column": "c", "operator": "<", "value": [1, 2]}],
        [{"op": "top", "n": 10**6}],
        [{"op": "rescale", "divide_by": 7}],
        [{"op": "sort", "column": "c"}] * (MAX_TRANSFORMS + 1),
        [{"op": "filter", "column": "c", "value": "x" * 501}],
        [{"op": "filter", "column": "c", "value": "a\x00b"}],
        [{"op": "top", "n": 3, "other_label": "Other\x1b[31m"}],
    ):
        with pytest.raises(ValidationError):
            STEPS.validate_python(bad)


def test_an_error_about_a_long_value_quotes_the_start_of_it_not_all_of_it():
    with pytest.raises(TransformError) as caught:
        run(SALES, {"op": "filter", "column": "units", "value": "9" * 450})
    assert len(str(caught.value)) < 200
    assert "(450 characters)" in str(caught.value)


def test_apply_refuses_more_steps_than_the_limit_even_when_built_in_python():
    with pytest.raises(TransformError, match=f"at most {MAX_TRANSFORMS} steps"):
        apply(SALES, [Sort(column="units")] * (MAX_TRANSFORMS + 1))


def test_describe_says_each_step_in_plain_words():
    assert describe(
        [
            Filter(column="weather", value="rain"),
            Group(by="neighbourhood"),
            Pivot(category="symbol", value="price"),
            Melt(),
            Transpose(),
            Sort(column="count"),
            Top(n=10),
            Share(),
            Change(base="previous", percent=True),
            Index(row="2006-01-01"),
            RunningTotal(columns=["deaths"]),
            Rescale(divide_by=1_000_000, unit="million jobs"),
        ]
    ) == [
        "Kept the rows where weather is “rain”",
        "Counted rows by neighbourhood",
        "Made one series per symbol, from price (total where a label repeats)",
        "Turned the columns after the first into rows (series, value)",
        "Swapped rows and columns",
        "Sorted by count, largest first",
        "Kept the top 10, the rest added up as “Other”",
        "Showed every number column as a share of its total (%)",
        "Showed every number column as the % change from the previous row",
        "Indexed every number column to 100 at 2006-01-01",
        "Showed deaths as a running total",
        "Divided every number column by 1,000,000 (in million jobs)",
    ]


# Properties ---------------------------------------------------------------------

numbers = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False),
)


@given(
    labels=st.lists(st.dates(), min_size=1, max_size=8, unique=True),
    series=st.lists(st.text("abcxyz", min_size=1, max_size=4), min_size=1, max_size=5, unique=True),
    data=st.data(),
)
def test_pivot_undoes_melt(labels, series, data):
    rows = [
        [label, *data.draw(st.lists(numbers, min_size=len(series), max_size=len(series)))]
        for label in labels
    ]
    wide = Table(["day", *series], rows, [T.DATE, *[T.NUMBER] * len(series)])
    back = run(wide, {"op": "melt"}, {"op": "pivot", "category": "series", "value": "value"})
    assert back == wide


@given(
    st.lists(
        st.one_of(st.none(), st.integers(0, 10**15), st.decimals(0, 10**6, places=2)),
        min_size=1,
        max_size=40,
    )
)
def test_shares_add_up_to_100(values):
    table = Table(["k", "v"], [[str(i), v] for i, v in enumerate(values)], [T.STRING, T.NUMBER])
    shares = [row[1] for row in run(table, {"op": "share"}).rows]
    assert [s is None for s in shares] == [v is None for v in values] or sum(
        v or 0 for v in values
    ) == 0
    if sum(v or 0 for v in values):
        assert abs(sum(s for s in shares if s is not None) - 100) < Decimal("1e-20")


@given(st.lists(numbers, max_size=40))
def test_the_running_total_ends_at_the_group_total(values):
    table = Table(["k", "v"], [["a", v] for v in values], [T.STRING, T.NUMBER])
    last = next(
        (
            row[1]
            for row in reversed(run(table, {"op": "running_total"}).rows)
            if row[1] is not None
        ),
        None,
    )
    grouped = run(
        table, {"op": "group", "by": "k", "aggregates": [{"function": "sum", "column": "v"}]}
    )
    assert last == (grouped.rows[0][1] if values else None)
