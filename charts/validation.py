"""The rules a chart's spec follows, checked against its own dataset.

`chart_errors(chart)` returns {field: [messages]} for Chart.clean(), written for
editors. The column rules run first; the rules that need the data (a log scale
needs positive values, a highlight must be one of the labels) run only once the
columns are sound, and read the data through charts.config.plotted_table.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError

from charts.colours import HEX_COLOUR
from charts.config import axis_kind, plotted_table
from charts.models import (
    BAR_TYPES,
    HIGHLIGHT_TYPES,
    MULTI_SERIES_TYPES,
    ROUND_TYPES,
    SORTABLE_TYPES,
    STACKED_TYPES,
    ChartType,
    SortOrder,
)
from datasets.models import NUMERIC_TYPES, ColumnType

MAX_ANNOTATIONS = 10
MAX_ANNOTATION_LABEL = 80
_ANNOTATION_KEYS = {"line": {"value"}, "band": {"from", "to"}}


def chart_errors(chart) -> dict:
    errors: defaultdict[str, list[str]] = defaultdict(list)
    try:
        chart_type = ChartType(chart.chart_type)
    except ValueError:
        return {}  # clean_fields() has already said the choice is not valid
    _check_columns(chart, chart_type, errors)
    _check_options(chart, chart_type, errors)
    _check_colours(chart, chart_type, errors)
    _check_annotation_shapes(chart, chart_type, errors)
    if not errors:
        _check_data(chart, chart_type, errors)
    return dict(errors)


def _check_columns(chart, chart_type, errors):
    # The columns of the data version the chart draws, named as editors know it.
    dataset = chart.version
    names = dataset.column_names()
    if chart.label_column not in names:
        errors["label_column"].append(
            f"“{chart.label_column}” is not a column of “{dataset}”. "
            f"Its columns are: {', '.join(names)}."
        )
    values = chart.value_columns
    if not isinstance(values, list) or not values:
        errors["value_columns"].append("Choose at least one column to plot.")
        return
    for name in values:
        column = dataset.column(name)
        if column is None:
            errors["value_columns"].append(f"“{name}” is not a column of “{dataset}”.")
        elif column["type"] not in NUMERIC_TYPES:
            errors["value_columns"].append(f"“{name}” holds {column['type']} values, not numbers.")
        elif name == chart.label_column:
            errors["value_columns"].append(f"“{name}” is already the label column.")
    if len(set(values)) != len(values):
        errors["value_columns"].append("A column is chosen twice.")
    if chart_type in ROUND_TYPES and len(values) > 1:
        errors["value_columns"].append(
            f"A {chart_type.label.lower()} chart plots exactly one column."
        )
    if chart_type in MULTI_SERIES_TYPES and len(values) < 2:
        errors["value_columns"].append(
            f"“{chart_type.label}” needs at least two columns; for one, choose “Bars”."
        )
    if chart_type == ChartType.BAR_LINE:
        lines = chart.line_columns
        if not isinstance(lines, list) or not lines:
            errors["line_columns"].append("Choose which of the plotted columns are lines.")
        elif not set(lines) <= set(values):
            errors["line_columns"].append("Only plotted columns can be drawn as lines.")
        elif set(values) <= set(lines):
            errors["line_columns"].append("Leave at least one column as bars.")
    if chart_type == ChartType.SCATTER:
        _check_x_column(chart, errors)


def _check_x_column(chart, errors):
    column = chart.version.column(chart.x_column) if chart.x_column else None
    if not chart.x_column:
        errors["x_column"].append("A scatter chart needs a column for its horizontal axis.")
    elif column is None:
        errors["x_column"].append(f"“{chart.x_column}” is not a column of “{chart.version}”.")
    elif column["type"] not in NUMERIC_TYPES | {ColumnType.DATE}:
        errors["x_column"].append(f"“{chart.x_column}” holds {column['type']} values, not numbers.")
    elif chart.x_column in chart.value_columns:
        errors["x_column"].append(f"“{chart.x_column}” is also plotted up the vertical axis.")


def _check_options(chart, chart_type, errors):
    if chart_type in ROUND_TYPES:
        name = chart_type.label.lower()
        if chart.log_scale:
            errors["log_scale"].append(f"A {name} chart has no value axis to put on a log scale.")
        for field in ("value_min", "value_max"):
            if getattr(chart, field) is not None:
                errors[field].append(f"A {name} chart has no value axis.")
    if chart.log_scale and chart_type in STACKED_TYPES:
        errors["log_scale"].append("Stacked values on a log scale mislead; use a linear scale.")
    low, high = chart.value_min, chart.value_max
    if low is not None and high is not None and low >= high:
        errors["value_max"].append("The axis must end above where it starts.")
    if chart.log_scale and low is not None and low <= 0:
        errors["value_min"].append("A log scale starts above zero.")
    if chart.sort in (SortOrder.DESCENDING, SortOrder.ASCENDING) and (
        chart_type not in SORTABLE_TYPES
    ):
        errors["sort"].append(
            "Only bars, pies and doughnuts can be sorted by value; lines and scatters follow "
            "their horizontal axis."
        )
    if chart.highlight:
        if chart_type not in HIGHLIGHT_TYPES:
            errors["highlight"].append("Only bar, pie and doughnut charts can highlight a label.")
        elif isinstance(chart.value_columns, list) and len(chart.value_columns) != 1:
            errors["highlight"].append("A highlight needs a chart of one column.")


def _check_colours(chart, chart_type, errors):
    colours = chart.colours
    if not isinstance(colours, list):
        errors["colours"].append("Colours must be a list of hex codes.")
        return
    bad = [c for c in colours if not isinstance(c, str) or not HEX_COLOUR.fullmatch(c)]
    if bad:
        errors["colours"].append(
            f"Write colours as hex codes such as #0072B2; not {', '.join(map(str, bad))}."
        )
    series = len(chart.value_columns) if isinstance(chart.value_columns, list) else 0
    if chart.highlight:
        if len(colours) > 2:
            errors["colours"].append(
                "With a highlight, give at most two colours: the highlighted label's, the rest's."
            )
    elif chart_type not in ROUND_TYPES and len(colours) > series:
        errors["colours"].append(
            f"{len(colours)} colours for {series} plotted column(s): give one per column."
        )


def _check_annotation_shapes(chart, chart_type, errors):
    notes = chart.annotations
    if not isinstance(notes, list):
        errors["annotations"].append("Annotations must be a list.")
        return
    if notes and chart_type in ROUND_TYPES:
        errors["annotations"].append(
            ValidationError(f"A {chart_type.label.lower()} chart has no axes to annotate.")
        )
    if len(notes) > MAX_ANNOTATIONS:
        errors["annotations"].append(f"At most {MAX_ANNOTATIONS} annotations.")
    for note in notes:
        if not isinstance(note, dict) or note.get("kind") not in _ANNOTATION_KEYS:
            errors["annotations"].append("Each annotation is a line or a band.")
            continue
        kind = note["kind"]
        what = "Reference line" if kind == "line" else "Band"
        if note.get("axis") not in ("value", "category"):
            errors["annotations"].append(
                ValidationError(f"{what}: choose the axis it marks.", code=kind)
            )
        if missing := [k for k in sorted(_ANNOTATION_KEYS[kind]) if note.get(k) in (None, "")]:
            errors["annotations"].append(
                ValidationError(f"{what}: give {' and '.join(missing)}.", code=kind)
            )
        label = note.get("label", "")
        if not isinstance(label, str) or len(label) > MAX_ANNOTATION_LABEL:
            errors["annotations"].append(
                ValidationError(
                    f"{what}: a label is text of at most {MAX_ANNOTATION_LABEL} characters.",
                    code=kind,
                )
            )


def _check_data(chart, chart_type, errors):
    spec = chart.spec()
    table = plotted_table(chart)
    values = [v for row in table.rows for v in row[len(table.header) - len(spec["series"]) :]]
    if chart.log_scale and any(v is not None and v <= 0 for v in values):
        errors["value_columns"].append("A log scale needs every plotted value above zero.")
    if chart_type in ROUND_TYPES and any(v is not None and v < 0 for v in values):
        errors["value_columns"].append(
            f"A {chart_type.label.lower()} chart cannot show negative values."
        )
    labels = {"" if row[0] is None else str(row[0]) for row in table.rows}
    if chart.highlight and chart.highlight not in labels:
        errors["highlight"].append(
            f"“{chart.highlight}” is not one of the labels in “{chart.label_column}”."
        )
    if chart_type in ROUND_TYPES and len(chart.colours) > len(table.rows):
        errors["colours"].append(
            f"{len(chart.colours)} colours for {len(table.rows)} slices: give one per slice."
        )
    kind = axis_kind(spec, table)
    for note in chart.annotations:
        problem = _annotation_problem(note, kind, labels, log=chart.log_scale)
        if problem:
            what = "Reference line" if note["kind"] == "line" else "Band"
            errors["annotations"].append(ValidationError(f"{what}: {problem}", code=note["kind"]))
    if chart_type in BAR_TYPES and len(table.rows) > 500:
        errors["chart_type"].append(
            f"{len(table.rows):,} bars are too many to read; use a line, or fewer rows."
        )


def _annotation_problem(note, kind, labels, *, log):
    """What is wrong with one annotation's position on its axis, or None."""
    ends = [note["value"]] if note["kind"] == "line" else [note["from"], note["to"]]
    if note["axis"] == "value" or kind == "linear":
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in ends):
            return "give a number."
        if log and note["axis"] == "value" and min(ends) <= 0:
            return "a log scale has nothing at zero or below."
    elif kind == "time":
        if not all(isinstance(v, str) and _is_iso_date(v) for v in ends):
            return "give a date as YYYY-MM-DD."
    elif missing := [str(v) for v in ends if str(v) not in labels]:
        return f"“{missing[0]}” is not one of the labels."
    if note["kind"] == "band" and not _in_order(ends):
        return "the band must end after it starts."
    return None


def _in_order(ends):
    low, high = ends
    if isinstance(low, str) and isinstance(high, str) and not (_is_iso_date(low)):
        return low != high  # labels: any two different ones mark a span
    return low < high


def _is_iso_date(text):
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
