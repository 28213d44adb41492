"""Plotted tables as HTML (charts/tables.py and its include): pure, no database."""

import math
from decimal import Decimal

from django.template import Context, Template

from charts.tables import MAX_COLUMNS, MAX_ROWS, data_table

HEADER = ["Country", "Income", "Region"]
TYPES = ["string", "number", "string"]


def table(rows, **options):
    options = {"number_format": "grouped", "unit": "", "locale": "en-GB", **options}
    return data_table(caption="Income", header=HEADER, rows=rows, types=TYPES, **options)


def render(data, dom_id="income"):
    template = Template("{% load charts %}{% data_table table dom_id %}")
    return template.render(Context({"table": data, "dom_id": dom_id}))


def test_numbers_are_written_as_the_chart_writes_them_with_their_raw_value():
    data = table([["Norway", 64304.5, "Europe"]], locale="de-DE")
    cell = data.rows[0][1]
    assert (cell.text, cell.value, cell.numeric) == ("64.304,5", "64304.5", True)
    html = render(data)
    assert '<td class="data-table__number" data-value="64304.5">64.304,5</td>' in html


def test_the_table_has_a_caption_column_headers_and_row_headers():
    html = render(table([["Norway", 1, "Europe"]]))
    assert '<caption id="income-caption">Income</caption>' in html
    assert html.count('<th scope="col"') == 3
    assert '<th scope="row">Norway</th>' in html
    assert 'role="region" aria-labelledby="income-caption" tabindex="0"' in html


def test_a_word_unit_heads_the_column_and_currency_is_written_in_each_cell():
    worded = table([["Norway", 5, "Europe"]], unit="people")
    assert worded.columns[1].name == "Income (people)"
    assert worded.rows[0][1].text == "5"
    priced = table([["Norway", 64304, "Europe"]], number_format="currency", unit="USD")
    assert priced.columns[1].name == "Income"
    assert priced.rows[0][1].text == "US$64,304"


def test_missing_and_odd_values_are_a_dash_never_an_error():
    rows = [["A", None, None], ["B", math.nan, ""], ["C", math.inf, "x"], ["D", Decimal("2.5"), 3]]
    data = table(rows)
    assert [row[1].text for row in data.rows] == ["–", "–", "–", "2.5"]
    assert all(row[1].numeric for row in data.rows)
    assert '<td class="data-table__number">–</td>' in render(data)


def test_editor_text_is_escaped():
    data = data_table(
        caption="<b>Income</b>",
        header=["<i>Country</i>", "Income"],
        rows=[["<script>alert(1)</script>", 1]],
        types=["string", "number"],
        number_format="plain",
    )
    html = render(data)
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bar_and_heat_styles_apply_to_numeric_columns_only():
    data = table([["A", 1, "x"]], styles={"Income": "heat", "Region": "bar"})
    assert [c.style for c in data.columns] == ["plain", "heat", "plain"]
    assert table([["A", 1, "x"]], styles={"Income": "sparkle"}).columns[1].style == "plain"
    assert 'data-style="heat"' in render(data)


def test_a_long_table_is_bounded_in_rows_columns_text_and_page_size():
    rows = [["A" * 10_000, n, "x"] for n in range(MAX_ROWS + 7)]
    data = table(rows, page_size=10**9)
    assert len(data.rows) == MAX_ROWS
    assert data.more_rows == 7
    assert len(data.rows[0][0].text) == 500
    assert data.page_size == 200
    assert "7 more rows" in render(data)
    wide = data_table(
        caption="",
        header=[f"c{n}" for n in range(100)],
        rows=[list(range(100))],
        types=["number"] * 100,
        number_format="plain",
    )
    assert len(wide.columns) == MAX_COLUMNS
    assert len(wide.rows[0]) == MAX_COLUMNS
