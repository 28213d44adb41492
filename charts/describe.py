"""A chart described in words, from its data, for readers who cannot see it.

Used when the editor leaves a chart's description blank, so that every chart has
one: what kind of chart it is, what it plots, and each series' extremes (or,
along a time axis, where it starts, ends and peaks). `description_of` is what
readers get: the editor's words or these, and in either case every text
annotation drawn on the chart, so that no note is seen but not heard.
"""

import datetime

from charts.choices import ChartType, NumberFormat
from charts.config import axis_kind, ordered_rows
from charts.dots import describe_dots
from charts.facets import describe_facets
from charts.labels import series_names, shown_name
from charts.maptable import describe_map, describe_table
from charts.spec import BandAnnotation, ChartSpec, LineAnnotation, TextAnnotation

KIND_NAMES = {
    ChartType.BAR: "Bar chart",
    ChartType.HORIZONTAL_BAR: "Horizontal bar chart",
    ChartType.GROUPED_BAR: "Grouped bar chart",
    ChartType.STACKED_BAR: "Stacked bar chart",
    ChartType.LINE: "Line chart",
    ChartType.AREA: "Area chart",
    ChartType.SCATTER: "Scatter chart",
    ChartType.PIE: "Pie chart",
    ChartType.DOUGHNUT: "Doughnut chart",
    ChartType.BAR_LINE: "Bar and line chart",
}
_NOUNS = {
    ChartType.BAR: "bars",
    ChartType.HORIZONTAL_BAR: "bars",
    ChartType.GROUPED_BAR: "groups of bars",
    ChartType.STACKED_BAR: "stacks of bars",
    ChartType.PIE: "slices",
    ChartType.DOUGHNUT: "slices",
}
# Up to this many labels, every value is read out; beyond, the extremes.
LIST_ALL_UP_TO = 6
MAX_SERIES = 5


def description_of(spec: ChartSpec, table) -> str:
    """The chart's description for readers: the editor's, with its text annotations, or ours."""
    if not spec.texts.description:
        return describe(spec, table)
    notes = [
        _annotation_sentence(note, spec)
        for note in spec.annotations
        if isinstance(note, TextAnnotation) and note.text not in spec.texts.description
    ]
    return " ".join([spec.texts.description.strip(), *notes])


def describe(spec: ChartSpec, table) -> str:
    chart_type = spec.chart_type
    if chart_type == ChartType.MAP:
        return describe_map(spec, table, lambda value: _number(value, spec))
    if chart_type == ChartType.TABLE:
        return describe_table(spec, table)
    if spec.facet is not None:
        return describe_facets(spec, table, describe)
    rows = ordered_rows(spec, table)
    if chart_type == ChartType.DOT:
        return describe_dots(spec, table, rows, lambda value: _number(value, spec))
    columns = spec.value_columns
    names = series_names(spec, table)
    label = shown_name(spec, spec.columns.label, table.titles)
    if chart_type == ChartType.SCATTER:
        return _describe_scatter(spec, table, rows)
    noun = _NOUNS.get(chart_type, "points")
    sentences = [f"{KIND_NAMES[chart_type]} of {_join(names)} by {label}, {len(rows)} {noun}."]
    along_axis = axis_kind(spec, table) in ("time", "linear") or chart_type == ChartType.BAR_LINE
    for name, column in list(zip(names, columns, strict=True))[:MAX_SERIES]:
        index = table.header.index(column)
        points = [(_text(row[0]), row[index]) for row in rows if row[index] is not None]
        if not points:
            sentences.append(f"{name} has no values.")
        elif len(points) <= LIST_ALL_UP_TO and not along_axis:
            listed = "; ".join(f"{k}: {_number(v, spec)}" for k, v in points)
            sentences.append(f"{name}: {listed}.")
        else:
            sentences.append(_extremes(name, points, spec, along_axis=along_axis))
    if len(names) > MAX_SERIES:
        sentences.append(f"And {len(names) - MAX_SERIES} more series.")
    if spec.highlight:
        are = "is" if len(spec.highlight) == 1 else "are"
        sentences.append(f"{_join(spec.highlight)} {are} highlighted.")
    sentences.extend(_annotation_sentence(note, spec) for note in spec.annotations)
    return " ".join(sentences)


def _extremes(name, points, spec, *, along_axis):
    high = max(points, key=lambda p: p[1])
    low = min(points, key=lambda p: p[1])
    if not along_axis:
        return (
            f"{name}: highest {_number(high[1], spec)} ({high[0]}), "
            f"lowest {_number(low[1], spec)} ({low[0]})."
        )
    first, last = points[0], points[-1]
    text = (
        f"{name} goes from {_number(first[1], spec)} ({first[0]}) "
        f"to {_number(last[1], spec)} ({last[0]})"
    )
    if high not in (first, last):
        text += f", peaking at {_number(high[1], spec)} ({high[0]})"
    if low not in (first, last):
        text += f", with a low of {_number(low[1], spec)} ({low[0]})"
    return text + "."


def _describe_scatter(spec, table, rows):
    x_index = table.header.index(spec.columns.x)
    x = shown_name(spec, spec.columns.x, table.titles)
    sentences = []
    for series, name in list(zip(spec.series, series_names(spec, table), strict=True))[:MAX_SERIES]:
        index = table.header.index(series.column)
        points = [row for row in rows if row[x_index] is not None and row[index] is not None]
        sentences.append(f"{len(points)} points of {name} against {x}.")
        if points:
            top = max(points, key=lambda row: row[index])
            sentences.append(
                f"The highest {name} is {_number(top[index], spec)} "
                f"({_text(top[0])}, {x} {_plain(top[x_index])})."
            )
    return f"{KIND_NAMES[ChartType.SCATTER]}. " + " ".join(sentences)


def _annotation_sentence(note, spec):
    if isinstance(note, LineAnnotation):
        where = _number(note.value, spec) if note.axis == "value" else note.value
        text, label = f"A line marks {where}", note.label
    elif isinstance(note, BandAnnotation):
        ends = [note.start, note.end]
        if note.axis == "value":
            ends = [_number(v, spec) for v in ends]
        text, label = f"A band marks {ends[0]} to {ends[1]}", note.label
    else:
        where = _text(note.at) if note.until is None else f"{_text(note.at)} to {_text(note.until)}"
        text, label = f"A note at {where}", note.text
    return text + (f": {label}." if label else ".")


def _number(value, spec):
    style, unit = spec.format.style, spec.shown_format.unit
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}" if style != NumberFormat.PLAIN else str(int(value))
    if style == NumberFormat.PERCENT:
        return f"{text}%"
    if style == NumberFormat.CURRENCY:
        return f"{unit} {text}".strip()
    return f"{text} {unit}".strip()


def _plain(value):
    """A number grouped (2,065) or a date in words, without the chart's unit."""
    if isinstance(value, int | float):
        return f"{value:,}"
    return _text(value)


def _text(value):
    """A label as a reader hears it: ISO dates in words ("1 March 2024")."""
    if value is None:
        return "–"
    if isinstance(value, str) and len(value) == 10:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return value
        return f"{day.day} {day:%B %Y}"
    return str(value)


def _join(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
