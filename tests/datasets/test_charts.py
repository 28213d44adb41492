import pytest

from datasets.charts import PALETTE, chart_config, plotted_table
from datasets.models import ChartType, NumberFormat
from tests.factories import make_chart, make_dataset

pytestmark = pytest.mark.django_db

CSV = b"year,north,south\n2021,10,100\n2022,20,1000\n2023,,10000\n"


@pytest.fixture
def dataset():
    return make_dataset(content=CSV)


def test_bar_chart_config(dataset):
    chart = make_chart(dataset=dataset, label_column="year", value_columns=["north"])
    config = chart_config(chart)
    assert config["type"] == "bar"
    assert config["data"]["labels"] == ["2021", "2022", "2023"]
    assert config["data"]["datasets"][0]["data"] == [10, 20, None]
    assert config["options"]["indexAxis"] == "x"
    assert config["options"]["scales"]["y"] == {"type": "linear", "beginAtZero": True}
    assert config["options"]["plugins"]["legend"]["display"] is False
    assert config["format"] == {"style": NumberFormat.GROUPED, "unit": "", "valueAxis": "y"}


def test_horizontal_bar_swaps_axes(dataset):
    chart = make_chart(
        dataset=dataset, chart_type=ChartType.HORIZONTAL_BAR, label_column="year",
        value_columns=["north"],
    )  # fmt: skip
    config = chart_config(chart)
    assert config["type"] == "bar"
    assert config["options"]["indexAxis"] == "y"
    assert config["options"]["scales"]["x"]["type"] == "linear"
    assert config["format"]["valueAxis"] == "x"


def test_line_chart_with_two_series_has_a_legend_and_distinct_colours(dataset):
    chart = make_chart(
        dataset=dataset, chart_type=ChartType.LINE, label_column="year",
        value_columns=["north", "south"],
    )  # fmt: skip
    config = chart_config(chart)
    assert config["type"] == "line"
    series = config["data"]["datasets"]
    assert [s["label"] for s in series] == ["north", "south"]
    assert series[0]["borderColor"] != series[1]["borderColor"]
    assert config["options"]["plugins"]["legend"]["display"] is True


def test_doughnut_colours_each_slice_and_has_no_axes(dataset):
    chart = make_chart(
        dataset=dataset, chart_type=ChartType.DOUGHNUT, label_column="year",
        value_columns=["south"],
    )  # fmt: skip
    config = chart_config(chart)
    assert config["type"] == "doughnut"
    assert config["data"]["datasets"][0]["backgroundColor"] == PALETTE[:3]
    assert "scales" not in config["options"]
    assert config["format"]["valueAxis"] is None


def test_log_scale_starts_at_the_power_of_ten_below_the_smallest_value(dataset):
    chart = make_chart(
        dataset=dataset, label_column="year", value_columns=["south"], log_scale=True
    )
    scale = chart_config(chart)["options"]["scales"]["y"]
    assert scale == {"type": "logarithmic", "min": 100}


def test_plotted_table_holds_only_the_plotted_columns(dataset):
    chart = make_chart(dataset=dataset, label_column="year", value_columns=["south"])
    assert plotted_table(chart) == (
        ["year", "south"],
        [["2021", 100], ["2022", 1000], ["2023", 10000]],  # bare years read as dates
    )
