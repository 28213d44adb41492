"""The builder's steps field, step results and suggestions: pure, no database."""

import json

import pytest
from django.core.exceptions import ValidationError

from charts.transforms import Table
from charts.transforms_form import StepsField, parse_steps, step_results, suggestions

EVENTS = Table(
    ["date", "weather"],
    [["2012-01-01", "rain"], ["2012-01-02", "sun"], ["2012-01-03", "rain"]],
    ["date", "string"],
)
PRICES = Table(
    ["symbol", "date", "price"],
    [["MSFT", "2000-01-01", 39.81], ["AMZN", "2000-01-01", 64.56]],
    ["string", "date", "number"],
)


def test_steps_field_reads_plain_step_json_and_writes_it_back():
    field = StepsField()
    steps = field.clean(json.dumps([{"op": "group", "by": "weather"}]))
    assert steps == [
        {
            "op": "group",
            "by": "weather",
            "aggregates": [{"function": "count", "column": None, "name": None}],
        }
    ]
    assert json.loads(field.prepare_value(steps)) == steps
    assert field.clean("") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "could not be read"),
        ('{"op": "sort"}', "could not be read"),
        (json.dumps([{"op": "sort"}]), "Step 1 (column): Field required."),
        (json.dumps([{"op": "nope"}]), "Step 1"),
        (json.dumps([{"op": "transpose"}] * 21), "at most 20 steps"),
        ("[" + " " * 30_000 + "]", "Too many"),
        (json.dumps([{"op": "filter", "column": "a\x00", "value": 1}]), "Step 1"),
    ],
)
def test_bad_steps_are_refused_in_words(text, expected):
    with pytest.raises(ValidationError) as caught:
        parse_steps(text)
    assert expected in " ".join(caught.value.messages)


def test_each_step_shows_its_first_rows_and_counts_and_a_failing_step_ends_the_list():
    steps = parse_steps(
        [
            {"op": "group", "by": "weather"},
            {"op": "sort", "column": "count"},
            {"op": "sort", "column": "missing"},
            {"op": "transpose"},
        ]
    )
    results = step_results(EVENTS, steps)
    assert [r["number"] for r in results] == [1, 2, 3]
    assert results[1]["header"] == ["weather", "count"]
    assert results[1]["rows"] == [["rain", "2"], ["sun", "1"]]
    assert (results[1]["row_count"], results[1]["column_count"]) == (2, 2)
    assert results[2]["error"].startswith("Step 3 ")


def test_suggestions_offer_a_count_without_numbers_and_a_pivot_when_labels_repeat():
    (count,) = suggestions(EVENTS, label="weather")
    assert count["step"] == {"op": "group", "by": "weather"}
    parse_steps([count["step"]])
    (pivot,) = suggestions(PRICES, label="date")
    assert pivot["step"] == {"op": "pivot", "category": "symbol", "label": "date", "value": "price"}
    assert "pivot by “symbol”" in pivot["text"]
    parse_steps([pivot["step"]])
    assert suggestions(PRICES, label="symbol") == []  # one row per symbol: nothing to suggest
