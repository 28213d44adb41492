import json

import pytest

from charts.choices import MAP_TABLE_TYPES
from charts.config import (
    DECIMATE_FROM,
    MUTED,
    PALETTE,
    chart_config,
    named_colours,
    ordered_rows,
    plotted_table,
)
from charts.models import ChartType, NumberFormat
from charts.spec import SPEC_SCHEMA_VERSION
from tests.factories import COUNTRIES_CSV, MONTHLY_CSV, make_chart, make_chart_of_type, make_dataset

pytestmark = pytest.mark.django_db

CSV = b"edition,north,south\n2021,10,100\n2022,20,1000\n2023,,10000\n"


@pytest.fixture
def dataset():
    return make_dataset(content=CSV)


def config_of(chart):
    return chart_config(chart.spec, plotted_table(chart))


def test_bar_chart_config(dataset):
    chart = make_chart(dataset=dataset, label_column="edition", value_columns=["north"])
    config = config_of(chart)
    assert config["type"] == "bar"
    assert config["data"]["labels"] == ["2021", "2022", "2023"]
    assert config["data"]["datasets"][0]["data"] == [10, 20, None]
    assert config["data"]["datasets"][0]["backgroundColor"] == PALETTE[0]
    assert config["options"]["indexAxis"] == "x"
    assert config["options"]["scales"]["y"] == {"type": "linear", "beginAtZero": True}
    assert config["options"]["scales"]["x"]["type"] == "category"
    assert config["options"]["plugins"]["legend"]["display"] is False
    assert config["format"] == {
        "style": NumberFormat.GROUPED,
        "unit": "",
        "locale": "en-GB",
        "valueAxis": "y",
        "labels": "number",
        "x": None,
    }


def test_horizontal_bar_swaps_axes(dataset):
    chart = make_chart(
        dataset=dataset,
        chart_type=ChartType.HORIZONTAL_BAR,
        label_column="edition",
        value_columns=["north"],
    )
    config = config_of(chart)
    assert config["type"] == "bar"
    assert config["options"]["indexAxis"] == "y"
    assert config["options"]["scales"]["x"]["type"] == "linear"
    assert config["options"]["scales"]["y"]["type"] == "category"
    assert config["format"]["valueAxis"] == "x"


def test_grouped_bars_are_side_by_side_with_a_legend_and_a_shared_tooltip():
    config = config_of(make_chart_of_type(ChartType.GROUPED_BAR))
    series = config["data"]["datasets"]
    assert [s["label"] for s in series] == ["exports", "imports"]
    assert [s["backgroundColor"] for s in series] == PALETTE[:2]
    assert "stacked" not in config["options"]["scales"]["y"]
    assert config["options"]["plugins"]["legend"]["display"] is True
    assert config["options"]["interaction"] == {"mode": "index", "intersect": False}


def test_stacked_bars_stack_on_both_axes():
    config = config_of(make_chart_of_type(ChartType.STACKED_BAR))
    scales = config["options"]["scales"]
    assert scales["x"]["stacked"] is True
    assert scales["y"]["stacked"] is True
    assert len(config["data"]["datasets"]) == 2


def test_line_along_dates_has_a_time_axis_and_points_in_date_order():
    dataset = make_dataset(content=b"day,v\n2024-01-03,3\n2024-01-01,1\n,9\n2024-01-02,2\n")
    chart = make_chart(dataset=dataset, chart_type=ChartType.LINE, value_columns=["v"])
    config = config_of(chart)
    assert config["type"] == "line"
    assert config["options"]["scales"]["x"]["type"] == "time"
    assert "labels" not in config["data"]
    # The row with no date is dropped: a line cannot place it.
    assert config["data"]["datasets"][0]["data"] == [
        {"x": "2024-01-01", "y": 1},
        {"x": "2024-01-02", "y": 2},
        {"x": "2024-01-03", "y": 3},
    ]
    assert config["format"]["labels"] == "date"
    assert "decimation" not in config["options"]["plugins"]


def test_line_along_numbers_has_a_linear_axis_and_text_labels_a_category_axis(dataset):
    chart = make_chart(
        dataset=dataset, chart_type=ChartType.LINE, label_column="edition", value_columns=["north"]
    )
    config = config_of(chart)
    assert config["options"]["scales"]["x"] == {
        "type": "linear",
        "grid": {"display": False},
        "ticks": {"precision": 0},
    }
    text = make_chart(chart_type=ChartType.LINE)  # labelled by country names
    assert config_of(text)["options"]["scales"]["x"]["type"] == "category"
    assert config_of(text)["data"]["labels"] == ["United States", "United Kingdom"]


def test_line_with_two_series_has_a_legend_and_distinct_colours(dataset):
    chart = make_chart(
        dataset=dataset,
        chart_type=ChartType.LINE,
        label_column="edition",
        value_columns=["north", "south"],
    )
    config = config_of(chart)
    series = config["data"]["datasets"]
    assert [s["label"] for s in series] == ["north", "south"]
    assert series[0]["borderColor"] != series[1]["borderColor"]
    assert config["options"]["plugins"]["legend"]["display"] is True
    assert "beginAtZero" not in config["options"]["scales"]["y"]  # a line need not start at 0


def test_long_lines_are_decimated_in_the_browser():
    rows = "".join(f"{1000 + i},{i % 17}\n" for i in range(DECIMATE_FROM + 1))
    dataset = make_dataset(content=f"n,v\n{rows}".encode())
    chart = make_chart(dataset=dataset, chart_type=ChartType.LINE, value_columns=["v"])
    config = config_of(chart)
    assert config["options"]["parsing"] is False
    assert config["options"]["plugins"]["decimation"] == {"enabled": True, "algorithm": "lttb"}
    assert config["options"]["scales"]["x"]["type"] == "linear"
    assert len(config["data"]["datasets"][0]["data"]) == DECIMATE_FROM + 1
    assert config["data"]["datasets"][0]["pointRadius"] == 0


def test_areas_fill_and_stack():
    config = config_of(make_chart_of_type(ChartType.AREA))
    first, second = config["data"]["datasets"]
    assert config["type"] == "line"
    assert (first["fill"], second["fill"]) == ("origin", "-1")
    assert first["backgroundColor"] == PALETTE[0] + "59"  # translucent
    assert config["options"]["scales"]["y"]["stacked"] is True
    assert config["options"]["scales"]["y"]["beginAtZero"] is True


def test_scatter_plots_x_against_y_and_names_each_point():
    config = config_of(make_chart_of_type(ChartType.SCATTER))
    assert config["type"] == "scatter"
    points = config["data"]["datasets"][0]["data"]
    assert len(points) == 8
    assert points[0] == {"x": 2065, "y": 3376, "label": "United States of America"}
    scales = config["options"]["scales"]
    assert scales["x"]["type"] == "linear"
    assert scales["x"]["title"]["text"] == "exports"
    assert scales["y"]["title"]["text"] == "USD bn"  # the unit
    assert config["format"]["x"] == "exports"


@pytest.mark.parametrize("chart_type", [ChartType.PIE, ChartType.DOUGHNUT])
def test_pies_and_doughnuts_colour_each_slice_and_have_no_axes(dataset, chart_type):
    chart = make_chart(
        dataset=dataset, chart_type=chart_type, label_column="edition", value_columns=["south"]
    )
    config = config_of(chart)
    assert config["type"] == chart_type
    assert config["data"]["datasets"][0]["backgroundColor"] == PALETTE[:3]
    assert "scales" not in config["options"]
    assert config["options"]["plugins"]["legend"]["display"] is True
    assert config["format"]["valueAxis"] is None


def test_bars_and_lines_draw_the_chosen_columns_as_lines_over_the_bars():
    config = config_of(make_chart_of_type(ChartType.BAR_LINE))
    bars, line = config["data"]["datasets"]
    assert config["type"] == "bar"
    assert "type" not in bars
    assert (bars["order"], line["type"], line["order"]) == (1, "line", 0)
    assert config["data"]["labels"][0] == "2023-01-01"
    assert config["format"]["labels"] == "date"


def test_log_scale_runs_between_the_powers_of_ten_around_the_values(dataset):
    chart = make_chart(
        dataset=dataset, label_column="edition", value_columns=["south"], log_scale=True
    )
    scale = config_of(chart)["options"]["scales"]["y"]
    assert scale == {"type": "logarithmic", "min": 100, "max": 10000}


def test_axis_range_and_titles(dataset):
    chart = make_chart(
        dataset=dataset,
        label_column="edition",
        value_columns=["north"],
        value_min=5,
        value_max=50,
        value_axis_title="Tonnes",
        category_axis_title="Year",
    )
    scales = config_of(chart)["options"]["scales"]
    assert (scales["y"]["min"], scales["y"]["max"]) == (5, 50)
    assert scales["y"]["title"] == {"display": True, "text": "Tonnes"}
    assert scales["x"]["title"] == {"display": True, "text": "Year"}


def test_a_word_unit_titles_the_value_axis_but_a_currency_does_not(dataset):
    words = make_chart(dataset=dataset, label_column="edition", value_columns=["north"], unit="t")
    assert config_of(words)["options"]["scales"]["y"]["title"]["text"] == "t"
    money = make_chart(
        dataset=dataset,
        label_column="edition",
        value_columns=["north"],
        unit="USD",
        number_format=NumberFormat.CURRENCY,
        locale="de-DE",
    )
    config = config_of(money)
    assert "title" not in config["options"]["scales"]["y"]
    assert config["format"]["locale"] == "de-DE"
    assert config["format"]["style"] == "currency"


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("data", ["United States of America", "China", "Germany"]),
        ("value_desc", ["China", "United States of America", "Germany"]),
        ("value_asc", ["United Kingdom", "Republic of Korea", "France"]),
        ("label", ["China", "France", "Germany"]),
    ],
)
def test_bars_are_sorted_as_asked(sort, expected):
    chart = make_chart_of_type(ChartType.BAR, sort=sort, highlight="")
    labels = config_of(chart)["data"]["labels"]
    assert labels[:3] == expected
    # The table and the CSV list the rows in the same order as the bars.
    assert [row[0] for row in ordered_rows(chart.spec, plotted_table(chart))] == labels


def test_stacked_bars_sort_by_their_total():
    chart = make_chart_of_type(ChartType.STACKED_BAR, sort="value_desc")
    assert config_of(chart)["data"]["labels"][:2] == ["China", "United States of America"]


def test_highlight_colours_one_bar_and_greys_the_rest():
    config = config_of(make_chart_of_type(ChartType.BAR))  # highlights China
    colours = config["data"]["datasets"][0]["backgroundColor"]
    assert colours[1] == PALETTE[0]
    assert set(colours[:1] + colours[2:]) == {MUTED}


def test_highlight_takes_the_chosen_colours():
    chart = make_chart_of_type(ChartType.DOUGHNUT, colours=["#AA0000", "#DDDDDD"])
    colours = config_of(chart)["data"]["datasets"][0]["backgroundColor"]
    assert colours.count("#AA0000") == 1
    assert colours.count("#DDDDDD") == 7


def test_chosen_colours_come_first_then_the_palette_without_repeats():
    chart = make_chart_of_type(ChartType.GROUPED_BAR, colours=[PALETTE[1]])
    series = config_of(chart)["data"]["datasets"]
    assert [s["backgroundColor"] for s in series] == [PALETTE[1], PALETTE[0]]


def test_annotations_become_plugin_lines_and_boxes_on_the_right_axes():
    chart = make_chart_of_type(
        ChartType.HORIZONTAL_BAR,
        annotations=[
            {"kind": "line", "axis": "value", "value": 1000, "label": "Average"},
            {"kind": "band", "axis": "category", "from": "Germany", "to": "Japan", "label": ""},
        ],
    )
    notes = config_of(chart)["options"]["plugins"]["annotation"]["annotations"]
    assert notes["a0"] == {
        "type": "line",
        "scaleID": "x",
        "value": 1000,
        "label": {"display": True, "content": "Average"},
    }
    assert notes["a1"] == {"type": "box", "yMin": "Germany", "yMax": "Japan"}


NOTES = [
    {"kind": "line", "axis": "value", "value": 1000, "label": "Average"},
    {"kind": "band", "axis": "category", "from": "Germany", "to": "Japan", "label": ""},
]


def test_vertical_bars_of_text_labels_carry_the_axes_they_are_drawn_with_on_a_phone():
    vertical = config_of(make_chart_of_type(ChartType.BAR, annotations=NOTES))
    sideways = config_of(make_chart_of_type(ChartType.HORIZONTAL_BAR, annotations=NOTES))
    assert vertical["layout"]["orientation"] == "vertical"
    assert sideways["layout"] == {"orientation": "horizontal"}
    narrow = vertical["layout"]["narrow"]
    assert (narrow["orientation"], narrow["indexAxis"], narrow["valueAxis"]) == (
        "horizontal",
        "y",
        "x",
    )
    # Exactly the axes a horizontal bar chart of the same data is drawn with.
    assert narrow["scales"] == sideways["options"]["scales"]
    assert narrow["annotations"] == sideways["options"]["plugins"]["annotation"]["annotations"]
    assert vertical["options"]["indexAxis"] == "x"  # the wide drawing is untouched


@pytest.mark.parametrize(
    "chart_type", [ChartType.LINE, ChartType.BAR_LINE, ChartType.HORIZONTAL_BAR, ChartType.PIE]
)
def test_charts_that_never_turn_have_no_narrow_layout(chart_type):
    # Lines, bars along dates, bars with a line through them, sideways bars, pies.
    assert "narrow" not in config_of(make_chart_of_type(chart_type))["layout"]


def test_text_annotations_point_at_a_label_or_span_a_period():
    chart = make_chart_of_type(
        ChartType.LINE,
        annotations=[
            {"kind": "text", "at": "2023-03-01", "text": "Launch"},
            {"kind": "text", "at": "2023-06-01", "until": "2023-09-01", "text": "Strike"},
            {"kind": "text", "at": "2024-02-01", "value": 50, "text": "Set by hand"},
        ],
    )
    config = config_of(chart)
    # The words and their arrows are drawn by js/charts/labels.js, which keeps them
    # inside the chart at any width; the height pointed at is the data's.
    assert config["marks"]["notes"] == [
        {"at": "2023-03-01", "until": None, "value": 120, "text": "Launch"},
        {"at": "2023-06-01", "until": "2023-09-01", "value": None, "text": "Strike"},
        {"at": "2024-02-01", "until": None, "value": 50, "text": "Set by hand"},
    ]
    # The period is shaded by the annotation plugin, without words of its own.
    shading = config["options"]["plugins"]["annotation"]["annotations"]
    assert list(shading) == ["a1"]
    assert shading["a1"] == {"type": "box", "xMin": "2023-06-01", "xMax": "2023-09-01"}


def test_a_note_on_a_date_the_data_lacks_points_at_the_axis():
    chart = make_chart_of_type(
        ChartType.LINE, annotations=[{"kind": "text", "at": "2023-03-15", "text": "Mid-month"}]
    )
    config = config_of(chart)
    assert config["marks"]["notes"][0]["value"] is None
    assert "annotation" not in config["options"]["plugins"]  # nothing for the plugin to draw


def test_values_on_bars_are_marked_for_bar_charts_only():
    bars = config_of(make_chart_of_type(ChartType.HORIZONTAL_BAR, value_labels=True))
    assert bars["marks"] == {"values": True}
    assert config_of(make_chart_of_type(ChartType.HORIZONTAL_BAR))["marks"] == {}


def test_names_at_the_lines_ends_replace_the_legend():
    plain = config_of(make_chart_of_type(ChartType.LINE))
    assert plain["options"]["plugins"]["legend"]["display"] is True
    assert plain["marks"] == {}
    named = config_of(make_chart_of_type(ChartType.LINE, direct_labels=True))
    assert named["marks"] == {"lineEnds": True}
    assert named["options"]["plugins"]["legend"]["display"] is False
    # The names written are the series' display names.
    assert [d["label"] for d in named["data"]["datasets"]] == ["north", "south"]


def test_annotations_on_a_category_axis_name_labels_even_when_they_are_numbers(dataset):
    chart = make_chart(
        dataset=dataset,
        label_column="edition",
        value_columns=["north"],
        annotations=[{"kind": "line", "axis": "category", "value": 2022, "label": "Reform"}],
    )
    notes = config_of(chart)["options"]["plugins"]["annotation"]["annotations"]
    assert notes["a0"]["value"] == "2022"  # the label, not the 2,023rd bar


def test_plotted_table_holds_only_the_plotted_columns(dataset):
    chart = make_chart(dataset=dataset, label_column="edition", value_columns=["south"])
    table = plotted_table(chart)
    assert table.header == ["edition", "south"]
    assert table.rows == [[2021, 100], [2022, 1000], [2023, 10000]]
    assert table.types == ["integer", "integer"]


def test_plotted_table_of_a_scatter_adds_its_x_column():
    chart = make_chart_of_type(ChartType.SCATTER)
    assert plotted_table(chart).header == ["country", "exports", "imports"]


# Maps and tables draw no Chart.js config of this kind: tests/charts/test_map_table.py.
@pytest.mark.parametrize("chart_type", [t for t in ChartType if t not in MAP_TABLE_TYPES])
def test_every_type_makes_a_json_ready_spec_and_config(chart_type):
    chart = make_chart_of_type(chart_type)
    document = chart.spec.dump()
    assert json.loads(json.dumps(document)) == document
    assert document["schema_version"] == SPEC_SCHEMA_VERSION
    assert document["chart_type"] == chart_type
    config = chart_config(chart.spec, plotted_table(chart))
    assert json.loads(json.dumps(config)) == config
    assert config["data"]["datasets"]


def test_spec_holds_the_whole_chart():
    chart = make_chart_of_type(
        ChartType.BAR_LINE,
        subtitle="Sub",
        notes="Careful",
        description="Long words",
        headline_value="46k",
        colours=["#000000"],
    )
    chart.refresh_from_db()  # as stored
    document = chart.spec.dump()
    assert document["series"] == [
        {"column": "north", "name": "", "kind": "bar"},
        {"column": "south", "name": "", "kind": "line"},
    ]
    assert document["texts"] == {
        "subtitle": "Sub",
        "alt": chart.spec.texts.alt,
        "description": "Long words",
        "notes": "Careful",
        "source": "",
    }
    assert chart.source_text == "A statistics office"  # blank: the dataset's
    assert document["headline"] == {"value": "46k", "label": "", "source": ""}
    assert document["colours"] == ["#000000"]


def test_named_colours_name_series_slices_and_highlights():
    grouped = make_chart_of_type(ChartType.GROUPED_BAR)
    assert named_colours(grouped.spec, plotted_table(grouped)) == [
        ("“exports”", PALETTE[0]),
        ("“imports”", PALETTE[1]),
    ]
    highlighted = make_chart_of_type(ChartType.BAR)
    assert named_colours(highlighted.spec, plotted_table(highlighted)) == [
        ("the highlighted “China”", PALETTE[0]),
        ("the other bars", MUTED),
    ]
    pie = make_chart_of_type(ChartType.PIE)
    names = named_colours(pie.spec, plotted_table(pie))
    assert names[0] == ("the “United States of America” slice", PALETTE[0])
    assert len(names) == 8


def test_fixture_tables_parse_as_the_chart_tests_expect():
    assert make_dataset(content=COUNTRIES_CSV).column("growth")["type"] == "number"
    assert make_dataset(content=MONTHLY_CSV).column("month")["type"] == "date"


def test_highlight_matches_a_label_whatever_its_case():
    config = config_of(make_chart_of_type(ChartType.BAR, highlight="cHINA"))
    colours = config["data"]["datasets"][0]["backgroundColor"]
    assert colours[1] == PALETTE[0]
    assert set(colours[:1] + colours[2:]) == {MUTED}
