"""The rules a chart's spec follows, checked against the data version it draws.

`chart_errors(spec, version)` returns {field: [messages]} for Chart.clean(),
written for editors and keyed by the form's field names (charts/spec_fields.py).
The spec's shape and bounds are already checked (charts/spec.py); these are the
rules of meaning. The column rules run first; the rules that need the data (a
log scale needs positive values, a highlight must be one of the labels) run only
once the columns are sound, and read the data through charts.config.read_table.
"""

import datetime
import difflib
from collections import defaultdict

from django.core.exceptions import ValidationError

from charts.choices import (
    BAR_TYPES,
    HIGHLIGHT_TYPES,
    LINE_TYPES,
    MAP_TABLE_TYPES,
    MULTI_SERIES_TYPES,
    ROUND_TYPES,
    SORTABLE_TYPES,
    STACKED_TYPES,
    ChartType,
    SortOrder,
)
from charts.config import axis_kind, read_table
from charts.dots import dot_problems
from charts.facets import facet_problems
from charts.maptable import map_join
from charts.plotted import MadeColumns, pick, transformed_table
from charts.spec import BandAnnotation, ChartSpec, LineAnnotation, series_kind
from charts.transforms import TransformError
from datasets.models import NUMERIC_TYPES, ColumnType, DatasetVersion

_WHAT = {"line": "Reference line", "band": "Band", "text": "Text annotation"}


HIGHLIGHT_CHOICES_SHOWN = 12  # in the message naming the labels a highlight may be


def chart_errors(spec: ChartSpec, version: DatasetVersion) -> dict:
    """Each field's problems with `spec` drawn from `version`; {} when it can be drawn."""
    errors: defaultdict[str, list[str | ValidationError]] = defaultdict(list)
    chart_type = spec.chart_type
    try:
        # Series and label columns name the table the steps make (a pivot makes new series).
        name = f"{version} after its steps" if spec.transforms else str(version)
        table = MadeColumns(transformed_table(spec, version), name)
    except TransformError as exc:
        errors["transforms"].append(str(exc))
        return dict(errors)
    if chart_type in MAP_TABLE_TYPES:
        _check_map_or_table(spec, version, errors)  # from the dataset's own columns
        return dict(errors)
    _check_columns(spec, table, chart_type, errors)
    _check_options(spec, chart_type, errors)
    _check_colours(spec, chart_type, errors)
    if not spec.texts.alt.strip():
        errors["alt_text"].append("Write one or two sentences for readers who cannot see it.")
    if spec.annotations and chart_type in ROUND_TYPES:
        errors["annotations"].append(
            ValidationError(f"A {chart_type.label.lower()} chart has no axes to annotate.")
        )
    if spec.facet is not None and not errors:
        for field, messages in facet_problems(spec, table).items():
            errors[field].extend(messages)
    if not errors:
        _check_data(spec, table, chart_type, errors)
    return dict(errors)


# Maps and tables ---------------------------------------------------------------

# The error lists this many unmatched rows; the builder's join report lists them all.
LISTED_MISSES = 20


def _check_map_or_table(spec, version, errors):
    names = version.column_names()
    if not spec.texts.alt.strip():
        errors["alt_text"].append("Write one or two sentences for readers who cannot see it.")
    if spec.chart_type == ChartType.TABLE:
        for name in spec.table.columns:
            if name not in names:
                errors["table_columns"].append(f"“{name}” is not a column of “{version}”.")
        for name in spec.table.styles:
            if name not in spec.table.columns:
                errors["table_columns"].append(f"“{name}” is not one of the table's columns.")
        return
    part = spec.map
    if part.region_column not in names:
        errors["label_column"].append(f"“{part.region_column}” is not a column of “{version}”.")
    value = version.column(part.value_column)
    if value is None:
        errors["value_columns"].append(f"“{part.value_column}” is not a column of “{version}”.")
    elif value["type"] not in NUMERIC_TYPES:
        errors["value_columns"].append(
            f"“{part.value_column}” holds {value['type']} values, not numbers."
        )
    if part.bins == "breaks" and not part.breaks:
        errors["map_breaks"].append("Give the breaks between the colours, or choose other bins.")
    if errors:
        return
    if problems := join_problems(spec, version):
        errors["label_column"].extend(problems)


def join_problems(spec: ChartSpec, version: DatasetVersion) -> list[str]:
    """Every row the map cannot place (the first LISTED_MISSES spelled out), with suggestions."""
    misses = map_join(spec, read_table(spec, version)).misses
    if not misses:
        return []
    lines = []
    for miss in misses[:LISTED_MISSES]:
        hint = f" Did you mean {miss.suggestion.name}?" if miss.suggestion else ""
        lines.append(f"Row {miss.row + 1}, “{miss.key}”: {_MISS_REASONS[miss.reason]}.{hint}")
    if len(misses) > LISTED_MISSES:
        lines.append(f"And {len(misses) - LISTED_MISSES} more rows; see the join report.")
    return [f"{len(misses)} rows match no shape on the map. " + " ".join(lines)]


_MISS_REASONS = {
    "unknown": "matches no region",
    "duplicate": "names a region another row already has",
    "ambiguous": "could be more than one region",
    "blank": "has no region",
}


# -------------------------------------------------------------------------------


def _check_columns(spec, version, chart_type, errors):
    # The columns of the table the chart draws (its version's, after the steps).
    names = version.column_names()
    label = spec.columns.label
    if label not in names:
        errors["label_column"].append(
            f"“{label}” is not a column of “{version}”. Its columns are: {', '.join(names)}."
        )
    values = spec.value_columns
    if not values:
        errors["value_columns"].append("Choose at least one column to plot.")
        return
    for name in values:
        column = version.column(name)
        if column is None:
            errors["value_columns"].append(f"“{name}” is not a column of “{version}”.")
        elif column["type"] not in NUMERIC_TYPES:
            errors["value_columns"].append(f"“{name}” holds {column['type']} values, not numbers.")
        elif name == label:
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
    kinds = [s.kind for s in spec.series]
    if chart_type == ChartType.BAR_LINE:
        if "line" not in kinds:
            errors["line_columns"].append("Choose which of the plotted columns are lines.")
        elif "bar" not in kinds:
            errors["line_columns"].append("Leave at least one column as bars.")
        if set(kinds) - {"bar", "line"}:
            errors["value_columns"].append("Bars-and-lines charts draw bars or lines.")
    elif set(kinds) - {series_kind(chart_type)}:
        errors["value_columns"].append(
            f"A {chart_type.label.lower()} chart draws its series as {series_kind(chart_type)}s."
        )
    if chart_type == ChartType.SCATTER:
        _check_x_column(spec, version, errors)


def _check_x_column(spec, version, errors):
    x = spec.columns.x
    column = version.column(x) if x else None
    if not x:
        errors["x_column"].append("A scatter chart needs a column for its horizontal axis.")
    elif column is None:
        errors["x_column"].append(f"“{x}” is not a column of “{version}”.")
    elif column["type"] not in NUMERIC_TYPES | {ColumnType.DATE}:
        errors["x_column"].append(f"“{x}” holds {column['type']} values, not numbers.")
    elif x in spec.value_columns:
        errors["x_column"].append(f"“{x}” is also plotted up the vertical axis.")


def _check_options(spec, chart_type, errors):
    axis = spec.axes.value
    if chart_type in ROUND_TYPES:
        name = chart_type.label.lower()
        if axis.log:
            errors["log_scale"].append(f"A {name} chart has no value axis to put on a log scale.")
        for field, value in (("value_min", axis.min), ("value_max", axis.max)):
            if value is not None:
                errors[field].append(f"A {name} chart has no value axis.")
    if axis.log and chart_type in STACKED_TYPES:
        errors["log_scale"].append("Stacked values on a log scale mislead; use a linear scale.")
    low, high = axis.min, axis.max
    if low is not None and high is not None and low >= high:
        errors["value_max"].append("The axis must end above where it starts.")
    if axis.log and low is not None and low <= 0:
        errors["value_min"].append("A log scale starts above zero.")
    if spec.sort in (SortOrder.DESCENDING, SortOrder.ASCENDING) and (
        chart_type not in SORTABLE_TYPES
    ):
        errors["sort"].append(
            "Only bars, pies and doughnuts can be sorted by value, and dot plots by a value "
            "or their gap; lines and scatters follow their horizontal axis."
        )
    if spec.highlight:
        if chart_type not in HIGHLIGHT_TYPES:
            errors["highlight"].append("Only bar, pie and doughnut charts can highlight a label.")
        elif len(spec.series) != 1:
            errors["highlight"].append("A highlight needs a chart of one column.")
    if spec.labels.values and chart_type not in BAR_TYPES:
        errors["value_labels"].append("Only bars carry their values; lines and slices do not.")
    if spec.labels.line_ends and chart_type not in LINE_TYPES:
        errors["direct_labels"].append("Only line and area charts name their lines at the end.")


def highlight_problems(spec: ChartSpec, labels: set[str]) -> list[str]:
    """One message per highlighted label that is not a label of the chart, with the closest."""
    known = {label.casefold(): label for label in labels}
    problems = []
    for wanted in spec.highlight:
        if wanted.casefold() in known:
            continue
        close = difflib.get_close_matches(wanted.casefold(), known, n=1, cutoff=0.7)
        if close:
            hint = f"Did you mean “{known[close[0]]}”?"
        else:
            shown = sorted(labels)[:HIGHLIGHT_CHOICES_SHOWN]
            more = " …" if len(labels) > HIGHLIGHT_CHOICES_SHOWN else ""
            hint = f"Choose one of: {', '.join(f'“{label}”' for label in shown)}{more}."
        problems.append(f"“{wanted}” is not one of the labels in “{spec.columns.label}”. {hint}")
    return problems


def _check_colours(spec, chart_type, errors):
    colours = spec.colours
    series = len(spec.series)
    if spec.highlight:
        if len(colours) > 2:
            errors["colours"].append(
                "With a highlight, give at most two colours: the highlighted label's, the rest's."
            )
    elif chart_type not in ROUND_TYPES and len(colours) > series:
        errors["colours"].append(
            f"{len(colours)} colours for {series} plotted column(s): give one per column."
        )


def _check_data(spec, columns, chart_type, errors):
    table = pick(spec, columns.table)
    first_value = len(table.header) - len(spec.series)
    values = [v for row in table.rows for v in row[first_value:]]
    axis = spec.axes.value
    if axis.log and any(v is not None and v <= 0 for v in values):
        errors["value_columns"].append("A log scale needs every plotted value above zero.")
    if chart_type in ROUND_TYPES and any(v is not None and v < 0 for v in values):
        errors["value_columns"].append(
            f"A {chart_type.label.lower()} chart cannot show negative values."
        )
    labels = {"" if row[0] is None else str(row[0]) for row in table.rows}
    if problems := highlight_problems(spec, labels):
        errors["highlight"].extend(problems)
    if chart_type in ROUND_TYPES and len(spec.colours) > len(table.rows):
        errors["colours"].append(
            f"{len(spec.colours)} colours for {len(table.rows)} slices: give one per slice."
        )
    kind = axis_kind(spec, table)
    for note in spec.annotations:
        problem = _annotation_problem(note, kind, labels, log=axis.log)
        if problem:
            errors["annotations"].append(
                ValidationError(f"{_WHAT[note.kind]}: {problem}", code=note.kind)
            )
    if chart_type == ChartType.DOT and (problems := dot_problems(spec, table.rows)):
        errors["chart_type"].extend(problems)
    if chart_type in BAR_TYPES and len(table.rows) > 500:
        errors["chart_type"].append(
            f"{len(table.rows):,} bars are too many to read; use a line, or fewer rows."
        )


def _annotation_problem(note, kind, labels, *, log):
    """What is wrong with one annotation's position on its axis, or None."""
    if isinstance(note, LineAnnotation):
        axis, ends = note.axis, [note.value]
    elif isinstance(note, BandAnnotation):
        axis, ends = note.axis, [note.start, note.end]
    else:  # text: a point or a period along the category axis
        axis, ends = "category", [note.at] if note.until is None else [note.at, note.until]
    if axis == "value" or kind == "linear":
        numbers = [v for v in ends if isinstance(v, int | float)]
        if len(numbers) < len(ends):
            return "give a number."
        if log and axis == "value" and min(numbers) <= 0:
            return "a log scale has nothing at zero or below."
    elif kind == "time":
        if not all(isinstance(v, str) and _is_iso_date(v) for v in ends):
            return "give a date as YYYY-MM-DD."
    elif missing := [str(v) for v in ends if str(v) not in labels]:
        return f"“{missing[0]}” is not one of the labels."
    if len(ends) == 2 and not _in_order(ends):
        return "the band must end after it starts."
    return None


def _in_order(ends):
    low, high = ends
    if isinstance(low, str) != isinstance(high, str):
        return str(low) != str(high)  # a label that reads as a number beside one that does not
    if isinstance(low, str) and not _is_iso_date(low):
        return low != high  # labels: any two different ones mark a span
    return low < high


def _is_iso_date(text):
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
