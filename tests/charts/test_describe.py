import pytest

from charts.config import plotted_table
from charts.describe import describe, description_of
from charts.models import ChartType, NumberFormat
from tests.factories import make_chart, make_chart_of_type, make_dataset

pytestmark = pytest.mark.django_db


def words(chart):
    return describe(chart.spec, plotted_table(chart))


def test_a_short_bar_chart_reads_out_every_value_with_its_unit():
    chart = make_chart(unit="papers")
    assert words(chart) == (
        "Bar chart of papers by country, 2 bars. "
        "papers: United States: 9,660 papers; United Kingdom: 3,560 papers."
    )


def test_a_long_bar_chart_gives_the_extremes_and_the_highlight():
    assert words(make_chart_of_type(ChartType.BAR)) == (
        "Bar chart of exports by country, 8 bars. "
        "exports: highest 3,594 (China), lowest 521 (United Kingdom). China is highlighted."
    )


def test_a_line_over_time_says_where_it_starts_ends_and_peaks():
    dataset = make_dataset(content=b"day,rate\n2024-01-01,2.5\n2024-02-01,7\n2024-03-01,4\n")
    chart = make_chart(
        dataset=dataset,
        chart_type=ChartType.LINE,
        value_columns=["rate"],
        number_format=NumberFormat.PERCENT,
        annotations=[{"kind": "band", "axis": "value", "from": 2, "to": 3, "label": "Target"}],
    )
    assert words(chart) == (
        "Line chart of rate by day, 3 points. rate goes from 2.5% (1 January 2024) to 4% "
        "(1 March 2024), peaking at 7% (1 February 2024). A band marks 2% to 3%: Target."
    )


def test_a_scatter_names_its_axes_and_its_top_point():
    assert words(make_chart_of_type(ChartType.SCATTER)) == (
        "Scatter chart. 8 points of imports against exports. The highest imports is "
        "3,376 USD bn (United States of America, exports 2,065)."
    )


def test_currency_reads_with_its_code():
    chart = make_chart(number_format=NumberFormat.CURRENCY, unit="USD")
    assert "United States: USD 9,660" in words(chart)


def test_an_editors_description_is_used_instead(client):
    from tests.factories import make_article

    chart = make_chart(description="The gap has widened every year.")
    html = client.get(make_article(charts=[chart]).get_absolute_url()).content.decode()
    assert "The gap has widened every year." in html
    describedby = f'aria-describedby="chart-{chart.pk}-description chart-{chart.pk}-keys"'
    assert describedby in html
    assert f'id="chart-{chart.pk}-keys">Arrow keys read out each value.</p>' in html


def test_text_annotations_are_read_out_with_the_editors_description_or_ours():
    notes = [
        {"kind": "text", "at": "2023-03-01", "text": "Launch"},
        {"kind": "text", "at": "2023-06-01", "until": "2023-09-01", "text": "Strike"},
    ]
    ours = make_chart_of_type(ChartType.LINE, annotations=notes)
    table = plotted_table(ours)
    assert description_of(ours.spec, table).endswith(
        "A note at 1 March 2023: Launch. A note at 1 June 2023 to 1 September 2023: Strike."
    )
    theirs = make_chart_of_type(
        ChartType.LINE, annotations=notes, description="North overtook south. Strike aside."
    )
    # The note the editor already wrote about is not read twice.
    assert description_of(theirs.spec, table) == (
        "North overtook south. Strike aside. A note at 1 March 2023: Launch."
    )
    plain = make_chart_of_type(ChartType.LINE, description="North overtook south.")
    assert description_of(plain.spec, table) == "North overtook south."
