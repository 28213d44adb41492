"""The spec's rules (charts/validation.py), through Chart.full_clean as editors meet them."""

import pytest
from django.core.exceptions import ValidationError

from charts.models import ChartType
from tests.factories import (
    COUNTRIES_CSV,
    MONTHLY_CSV,
    build_chart,
    make_chart_of_type,
    make_dataset,
)

pytestmark = pytest.mark.django_db


def errors_of(**fields):
    """The message dict of an invalid chart of the countries table."""
    dataset = fields.pop("dataset", None) or make_dataset(content=COUNTRIES_CSV)
    values = {
        "title": "t",
        "alt_text": "a",
        "label_column": "country",
        "value_columns": ["exports"],
        **fields,
    }
    with pytest.raises(ValidationError) as caught:
        build_chart(dataset=dataset, **values).full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize("chart_type", list(ChartType))
def test_the_fixture_chart_of_every_type_is_valid(chart_type):
    make_chart_of_type(chart_type).full_clean()


@pytest.mark.parametrize(
    "chart_type", [ChartType.GROUPED_BAR, ChartType.STACKED_BAR, ChartType.BAR_LINE]
)
def test_grouped_stacked_and_bar_line_charts_need_two_columns(chart_type):
    errors = errors_of(chart_type=chart_type, line_columns=["exports"])
    assert "needs at least two columns" in str(errors["value_columns"])


@pytest.mark.parametrize("chart_type", [ChartType.PIE, ChartType.DOUGHNUT])
def test_pies_take_one_column_no_axis_options_and_no_negative_values(chart_type):
    errors = errors_of(
        chart_type=chart_type, value_columns=["exports", "imports"], log_scale=True, value_min=1
    )
    assert "plots exactly one column" in str(errors["value_columns"])
    assert "no value axis" in str(errors["log_scale"])
    assert "no value axis" in str(errors["value_min"])
    negative = errors_of(chart_type=chart_type, value_columns=["growth"])
    assert "cannot show negative values" in str(negative["value_columns"])


def test_bar_line_lines_must_be_some_but_not_all_plotted_columns():
    base = {"chart_type": ChartType.BAR_LINE, "value_columns": ["exports", "imports"]}
    assert "Choose which" in str(errors_of(**base, line_columns=[])["line_columns"])
    assert "Only plotted" in str(errors_of(**base, line_columns=["growth"])["line_columns"])
    every = errors_of(**base, line_columns=["exports", "imports"])
    assert "at least one column as bars" in str(every["line_columns"])


def test_scatter_needs_a_numeric_x_column_not_plotted_up_the_y_axis():
    base = {"chart_type": ChartType.SCATTER, "value_columns": ["imports"]}
    assert "needs a column" in str(errors_of(**base)["x_column"])
    assert "not numbers" in str(errors_of(**base, x_column="country")["x_column"])
    assert "also plotted" in str(errors_of(**base, x_column="imports")["x_column"])
    assert "is not a column" in str(errors_of(**base, x_column="nope")["x_column"])


def test_value_sorting_is_for_bars_and_pies_only():
    dataset = make_dataset(content=MONTHLY_CSV)
    errors = errors_of(
        dataset=dataset,
        chart_type=ChartType.LINE,
        label_column="month",
        value_columns=["north"],
        sort="value_desc",
    )
    assert "Only bars, pies and doughnuts" in str(errors["sort"])


def test_axis_range_must_run_upwards_and_a_log_scale_start_above_zero():
    errors = errors_of(value_min=10, value_max=5)
    assert "end above where it starts" in str(errors["value_max"])
    assert "above zero" in str(errors_of(log_scale=True, value_min=0)["value_min"])


def test_a_stacked_chart_refuses_a_log_scale():
    errors = errors_of(
        chart_type=ChartType.STACKED_BAR, value_columns=["exports", "imports"], log_scale=True
    )
    assert "mislead" in str(errors["log_scale"])


def test_log_scale_refuses_zero_or_negative_values():
    errors = errors_of(value_columns=["growth"], log_scale=True)
    assert "every plotted value above zero" in str(errors["value_columns"])


def test_highlight_must_be_a_label_of_a_one_column_bar_or_pie():
    message = str(errors_of(highlight="Atlantis")["highlight"])
    assert "not one of the labels" in message
    assert "Choose one of: “China”" in message  # the valid choices, listed


def test_several_highlights_each_unknown_label_is_named_with_the_closest_one():
    message = str(errors_of(highlight=["china", "Japn", "Atlantis"])["highlight"])
    assert "“china”" not in message  # a label, whatever its case
    assert "“Japn” is not one of the labels in “country”. Did you mean “Japan”?" in message
    assert "“Atlantis” is not one of the labels" in message
    assert "Choose one of: “China”" in message  # nothing close: the valid choices, listed


def test_several_labels_may_be_highlighted():
    dataset = make_dataset(content=COUNTRIES_CSV)
    fields = {"title": "t", "alt_text": "a", "label_column": "country"}
    chart = build_chart(
        dataset=dataset, value_columns=["exports"], highlight=["CHINA", "japan"], **fields
    )
    chart.full_clean()
    assert chart.spec.highlight == ["CHINA", "japan"]


def test_highlight_is_a_label_whatever_its_case():
    dataset = make_dataset(content=COUNTRIES_CSV)
    fields = {"title": "t", "alt_text": "a", "label_column": "country"}
    build_chart(
        dataset=dataset, value_columns=["exports"], highlight="china", **fields
    ).full_clean()
    two = errors_of(value_columns=["exports", "imports"], highlight="China")
    assert "one column" in str(two["highlight"])
    line = errors_of(chart_type=ChartType.LINE, highlight="China")
    assert "Only bar, pie and doughnut" in str(line["highlight"])


def test_colours_are_hex_codes_one_per_series():
    assert "hex codes" in str(errors_of(colours=["red", "#12345"])["colours"])
    assert "give one per column" in str(errors_of(colours=["#000000", "#FFFFFF"])["colours"])
    highlighted = errors_of(highlight="China", colours=["#000000", "#111111", "#222222"])
    assert "at most two" in str(highlighted["colours"])
    pie = errors_of(chart_type=ChartType.PIE, colours=["#000000"] * 9)
    assert "9 colours for 8 slices" in str(pie["colours"])


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ({"kind": "arrow"}, "does not match any of the expected tags"),
        ({"kind": "line", "axis": "value", "value": None}, "valid"),
        ({"kind": "line", "axis": "sideways", "value": 1}, "'value' or 'category'"),
        ({"kind": "line", "axis": "value", "value": "high"}, "Reference line: give a number"),
        ({"kind": "band", "axis": "value", "from": 5, "to": 1}, "Band: the band must end after"),
        ({"kind": "band", "axis": "category", "from": "China", "to": "Mars"}, "“Mars” is not"),
        ({"kind": "line", "axis": "value", "value": 1, "label": "x" * 81}, "at most 80"),
    ],
)
def test_annotations_are_checked_against_their_axis(note, message):
    assert message in str(errors_of(annotations=[note])["annotations"])


def test_annotations_on_a_time_axis_are_dates():
    dataset = make_dataset(content=MONTHLY_CSV)
    note = {"kind": "line", "axis": "category", "value": "March", "label": ""}
    errors = errors_of(
        dataset=dataset,
        chart_type=ChartType.LINE,
        label_column="month",
        value_columns=["north"],
        annotations=[note],
    )
    assert "give a date as YYYY-MM-DD" in str(errors["annotations"])


def test_a_pie_has_no_axes_to_annotate():
    note = {"kind": "line", "axis": "value", "value": 1, "label": ""}
    errors = errors_of(chart_type=ChartType.PIE, annotations=[note])
    assert "no axes to annotate" in str(errors["annotations"])


def test_values_are_written_on_bars_only():
    errors = errors_of(
        dataset=make_dataset(content=MONTHLY_CSV),
        chart_type=ChartType.LINE,
        label_column="month",
        value_columns=["north"],
        value_labels=True,
    )
    assert errors["value_labels"] == ["Only bars carry their values; lines and slices do not."]
    make_chart_of_type(ChartType.STACKED_BAR, value_labels=True).full_clean()


def test_names_at_the_ends_are_for_lines_only():
    errors = errors_of(direct_labels=True)
    assert errors["direct_labels"] == ["Only line and area charts name their lines at the end."]
    make_chart_of_type(ChartType.AREA, direct_labels=True).full_clean()


def test_a_text_annotation_on_a_time_axis_names_a_date():
    note = {"kind": "text", "at": "20 January", "text": "R1"}
    errors = errors_of(
        dataset=make_dataset(content=MONTHLY_CSV),
        chart_type=ChartType.LINE,
        label_column="month",
        value_columns=["north"],
        annotations=[note],
    )
    assert "Text annotation: give a date as YYYY-MM-DD." in str(errors["annotations"])
