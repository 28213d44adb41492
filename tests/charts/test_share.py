"""A chart drawn for the server's pictures (charts/share.py): what is drawn, read back."""

import pytest

from charts.models import ChartType, NumberFormat
from tests.factories import drawn, make_chart, make_dataset

pytestmark = pytest.mark.django_db

SERIES = b"year,alpha,beta\n2021,10,2000000\n2022,,3500000\n2023,14,6000000\n"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en-GB", "US$6m"), ("en-US", "$6M"), ("de-DE", "6\N{NO-BREAK SPACE}Mio.\N{NO-BREAK SPACE}$")],
)
def test_share_image_value_axis_reads_as_the_readers_chart_writes_it(locale, expected):
    chart = make_chart(
        dataset=make_dataset(content=SERIES),
        label_column="year",
        value_columns=["beta"],
        number_format=NumberFormat.CURRENCY,
        unit="USD",
        locale=locale,
    )
    assert drawn(chart).yaxis.get_major_formatter()(6_000_000, 0) == expected
    # Negative values take the minus sign, as the reader's chart writes them.
    assert drawn(chart).yaxis.get_major_formatter()(-6_000_000, 0).startswith("\N{MINUS SIGN}")


def test_share_image_horizontal_bars_keep_their_long_localised_ticks_apart():
    chart = make_chart(
        dataset=make_dataset(content=SERIES),
        label_column="year",
        value_columns=["beta"],
        chart_type=ChartType.HORIZONTAL_BAR,
        number_format=NumberFormat.CURRENCY,
        unit="USD",
        locale="de-DE",
    )
    axes = drawn(chart)
    low, high = axes.get_xlim()
    assert len([tick for tick in axes.get_xticks() if low <= tick <= high]) <= 6


def test_share_image_doughnut_legend_writes_values_in_full_as_the_tooltips_do():
    chart = make_chart(
        dataset=make_dataset(content=b"party,seats\nRed,46000\nBlue,1500.5\n"),
        chart_type=ChartType.DOUGHNUT,
        number_format=NumberFormat.GROUPED,
        unit="seats",
        locale="fr-FR",
    )
    legend = [text.get_text() for text in drawn(chart).get_legend().get_texts()]
    assert legend == [
        "Red: 46\N{NARROW NO-BREAK SPACE}000 seats",
        "Blue: 1\N{NARROW NO-BREAK SPACE}500,5 seats",
    ]
