"""Transforms on real public tables nobody here wrote: the npm package vega-datasets.

Each file is read by the site's own ingest (datasets/ingest.py), so values are
typed as an upload's are, and each result is checked against the raw CSV read
independently with the csv module.
"""

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import File
from pydantic import TypeAdapter

from charts.transforms import Table, Transforms, apply, describe
from datasets import ingest
from datasets.models import ColumnType as T

DATA = Path(__file__).resolve().parents[2] / "node_modules" / "vega-datasets" / "data"
STEPS = TypeAdapter(Transforms)


def uploaded(name: str) -> Table:
    """The file as the site would store it: typed columns, typed values."""
    with (DATA / name).open("rb") as handle:
        inspection = ingest.inspect(File(handle, name=name))
        rows = list(inspection.rows())
    return Table([c.name for c in inspection.columns], rows, [c.type for c in inspection.columns])


def raw(name: str) -> list[dict]:
    with (DATA / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module", autouse=True)
def _vega_datasets_installed():
    assert DATA.is_dir(), "run `npm ci`: the vega-datasets devDependency holds these tables"


def test_long_stock_prices_become_one_series_per_company():
    steps = STEPS.validate_python([{"op": "pivot", "category": "symbol", "value": "price"}])
    table = apply(uploaded("stocks.csv"), steps)
    prices = raw("stocks.csv")
    assert table.header == ["date", "MSFT", "AMZN", "IBM", "GOOG", "AAPL"]
    assert table.types == [T.DATE, T.NUMBER, T.NUMBER, T.NUMBER, T.NUMBER, T.NUMBER]
    assert len(table.rows) == len({p["date"] for p in prices}) == 123
    assert table.rows[0][:2] == ["2000-01-01", Decimal("39.81")]
    # Google listed in August 2004: its series is missing before, never 0.
    assert table.rows[0][4] is None
    goog = [p for p in prices if p["symbol"] == "GOOG"]
    assert sum(row[4] is not None for row in table.rows) == len(goog)
    assert sum(row[4] for row in table.rows if row[4] is not None) == sum(
        Decimal(p["price"]) for p in goog
    )
    assert describe(steps) == [
        "Made one series per symbol, from price (total where a label repeats)"
    ]


def test_daily_weather_becomes_days_counted_per_kind_of_weather():
    steps = STEPS.validate_python(
        [{"op": "group", "by": "weather"}, {"op": "sort", "column": "count"}]
    )
    table = apply(uploaded("seattle-weather.csv"), steps)
    expected = Counter(day["weather"] for day in raw("seattle-weather.csv"))
    assert table.header == ["weather", "count"]
    assert table.types == [T.STRING, T.INTEGER]
    assert table.rows == [[kind, n] for kind, n in expected.most_common()]
    assert table.rows[0] == ["rain", 641]
    assert describe(steps) == ["Counted rows by weather", "Sorted by count, largest first"]


def test_one_row_per_event_becomes_counted_bars_top_10_and_other():
    steps = STEPS.validate_python(
        [{"op": "group", "by": "neighborhood"}, {"op": "top", "n": 10, "by": "count"}]
    )
    table = apply(uploaded("la-riots.csv"), steps)
    deaths = raw("la-riots.csv")
    counts = Counter(d["neighborhood"] for d in deaths)
    assert len(counts) == 38  # 63 rows: as bars, 63 with repeated labels
    assert len(table.rows) == 11
    assert table.rows[-1][0] == "Other"
    assert sum(row[1] for row in table.rows) == len(deaths) == 63
    top_ten = sorted(counts.values(), reverse=True)
    assert [row[1] for row in table.rows[:10]] == top_ten[:10]
    assert table.rows[-1][1] == sum(top_ten[10:])


def test_a_wide_table_of_sectors_becomes_ranked_bars_of_the_latest_month_in_millions():
    sectors = [
        "mining_and_logging",
        "construction",
        "manufacturing",
        "wholesale_trade",
        "retail_trade",
        "transportation_and_warehousing",
        "utilities",
        "information",
        "financial_activities",
        "professional_and_business_services",
        "education_and_health_services",
        "leisure_and_hospitality",
        "other_services",
        "government",
    ]  # the sectors that do not contain one another
    steps = STEPS.validate_python(
        [
            {"op": "filter", "column": "month", "value": "2015-12-01"},
            {"op": "transpose", "name": "sector"},
            {"op": "filter", "column": "sector", "operator": "in", "value": sectors},
            {"op": "top", "n": 10, "by": "2015-12-01"},
            {"op": "rescale", "divide_by": 1000, "unit": "million jobs"},
        ]
    )
    table = apply(uploaded("us-employment.csv"), steps)
    latest = raw("us-employment.csv")[-1]
    in_millions = sorted(
        ((Decimal(latest[s]) / 1000, s) for s in sectors), key=lambda pair: -pair[0]
    )
    assert table.header == ["sector", "2015-12-01"]
    assert table.types == [T.STRING, T.NUMBER]
    assert [row[0] for row in table.rows] == [s for _, s in in_millions[:10]] + ["Other"]
    # Exact: thousands as written in the file, divided by 1,000 without rounding.
    assert [row[1] for row in table.rows[:10]] == [v for v, _ in in_millions[:10]]
    assert table.rows[-1][1] == sum(v for v, _ in in_millions[10:])
    assert table.rows[0] == ["education_and_health_services", Decimal("22.318")]
    assert describe(steps)[1:2] == ["Swapped rows and columns"]
