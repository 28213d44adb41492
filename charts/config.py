"""From a chart's spec and its data to what the browser draws.

The table a chart plots (its data through the spec's transforms) is read in
charts/plotted.py. `chart_config(spec, table)` is pure: the spec (a ChartSpec) and that
table in, a Chart.js configuration (JSON-ready) out. What cannot travel as JSON
(number formats as tick and tooltip callbacks, theme colours) is left to
static/js/charts/ (config.js), which reads the `format` key beside it. The
`layout` key says how the chart is drawn: its orientation, and for vertical bars
whose labels may not fit a phone, the axes to draw there instead ("narrow").
The `marks` key lists what is written on the chart itself: bar values, line
names at the lines' ends, text annotations (static/js/charts/labels.js).
"""

import math
from typing import Any

from charts.annotations import chartjs_annotations, marks_of
from charts.choices import BAR_TYPES, ROUND_TYPES, STACKED_TYPES, ChartType, SortOrder
from charts.colours import PALETTE
from charts.dots import dot_datasets, dot_order, dots_drawing
from charts.labels import series_names, shown_name
from charts.numbers import axis_unit
from charts.plotted import Plotted, plotted_table, read_table  # noqa: F401 (their old home)
from charts.spec import ChartSpec
from datasets.models import NUMERIC_TYPES, ColumnType

# The bars that are not highlighted: grey with 3:1 contrast on both pages.
MUTED = "#8A8A8A"
# Above this many points a line is decimated in the browser (Chart.js's LTTB).
DECIMATE_FROM = 1000
# Up to this many points a line shows its dots.
DOTS_UP_TO = 60

_CHARTJS_TYPE = {
    ChartType.LINE: "line",
    ChartType.AREA: "line",
    ChartType.SCATTER: "scatter",
    ChartType.PIE: "pie",
    ChartType.DOUGHNUT: "doughnut",
    ChartType.DOT: "line",  # points only (showLine: false), values along x, labels down y
}


def axis_kind(spec: ChartSpec, table) -> str | None:
    """The category axis: "category", "time" or "linear"; None for pies."""
    chart_type = spec.chart_type
    if chart_type in ROUND_TYPES:
        return None
    if chart_type == ChartType.SCATTER:
        x_type = table.types[table.header.index(spec.columns.x)]
        return "time" if x_type == ColumnType.DATE else "linear"
    if chart_type in (ChartType.LINE, ChartType.AREA):
        label_type = table.types[0]
        if label_type == ColumnType.DATE:
            return "time"
        if label_type in NUMERIC_TYPES:
            return "linear"
    return "category"


def ordered_rows(spec: ChartSpec, table) -> list:
    """Rows in the order the chart draws them (and its table and CSV list them)."""
    rows = list(table.rows)
    if axis_kind(spec, table) in ("time", "linear") and spec.chart_type != ChartType.SCATTER:
        # A line along a real axis runs left to right; a row with no position is dropped.
        return sorted((r for r in rows if r[0] is not None), key=lambda r: r[0])
    sort = spec.sort
    if sort == SortOrder.LABEL:
        return sorted(rows, key=lambda r: (r[0] is None, _sort_key(r[0])))
    if sort in (SortOrder.DESCENDING, SortOrder.ASCENDING) and spec.chart_type == ChartType.DOT:
        return dot_order(spec, table, rows, descending=sort == SortOrder.DESCENDING)
    if sort in (SortOrder.DESCENDING, SortOrder.ASCENDING):
        indexes = _value_indexes(spec, table)

        def total(row):
            return sum(row[i] for i in indexes if row[i] is not None)

        return sorted(rows, key=total, reverse=sort == SortOrder.DESCENDING)
    return rows


def series_colours(spec: ChartSpec, count) -> list:
    """The chosen colours, then the palette, for `count` series (or slices)."""
    chosen = spec.colours
    rest = [c for c in PALETTE if c.upper() not in {x.upper() for x in chosen}]
    colours = [*chosen, *rest]
    return [colours[i % len(colours)] for i in range(count)]


def chart_config(spec: ChartSpec, table) -> dict:
    """A Chart.js configuration for the spec drawn from `table` (a Plotted)."""
    chart_type = spec.chart_type
    kind = axis_kind(spec, table)
    rows = ordered_rows(spec, table)
    labels = [_label(row[0]) for row in rows]
    if chart_type in ROUND_TYPES:
        datasets = _round_datasets(spec, table, rows, labels)
    elif chart_type == ChartType.SCATTER:
        datasets = _scatter_datasets(spec, table, rows)
    elif chart_type in (ChartType.LINE, ChartType.AREA):
        datasets = _line_datasets(spec, table, rows, kind)
    elif chart_type == ChartType.DOT:
        datasets = dot_datasets(spec, table, rows, series_colours(spec, len(spec.series)))
    else:
        datasets = _bar_datasets(spec, table, rows, labels)
    orientation = spec.axes.orientation
    value_axis = None if chart_type in ROUND_TYPES else _VALUE_AXIS[orientation]
    marks = marks_of(spec, rows, table.header)
    legend = chart_type in ROUND_TYPES or (len(datasets) > 1 and not marks.get("lineEnds"))
    options: dict[str, Any] = {"plugins": {"legend": {"display": legend}}}
    layout: dict[str, Any] = {"orientation": orientation}
    if value_axis:
        drawn = _drawn_axes(spec, rows, kind, datasets, orientation, table)
        options["indexAxis"] = drawn["indexAxis"]
        options["scales"] = drawn["scales"]
        if drawn["annotations"]:
            options["plugins"]["annotation"] = {"annotations": drawn["annotations"]}
        if _turns_when_narrow(spec, table, kind):
            # Labels too long to stand under vertical bars on a phone: the browser
            # draws these axes instead (static/js/charts/layout.js decides when).
            layout["narrow"] = {
                "orientation": "horizontal",
                "when": "labels-do-not-fit",
                "valueAxis": _VALUE_AXIS["horizontal"],
                **_drawn_axes(spec, rows, kind, datasets, "horizontal", table),
            }
    if chart_type in (ChartType.LINE, ChartType.AREA) or (
        chart_type not in ROUND_TYPES | {ChartType.SCATTER} and len(datasets) > 1
    ):
        # One tooltip for every series at the hovered label, without aiming at a point.
        options["interaction"] = {"mode": "index", "intersect": False}
        if chart_type == ChartType.DOT:
            options["interaction"]["axis"] = "y"  # a row's values share its label, down the side
    points = max((len(d["data"]) for d in datasets), default=0)
    if kind in ("time", "linear") and chart_type != ChartType.SCATTER and points > DECIMATE_FROM:
        # Decimation needs unparsed, sorted {x, y} points on a linear or time axis.
        options["parsing"] = False
        options["normalized"] = True
        options["plugins"]["decimation"] = {"enabled": True, "algorithm": "lttb"}
    data = {"datasets": datasets}
    if kind == "category" or chart_type in ROUND_TYPES:
        data["labels"] = labels
    config = {
        "type": _CHARTJS_TYPE.get(chart_type, "bar"),
        "data": data,
        "options": options,
        "format": {
            **spec.shown_format.model_dump(mode="json", exclude={"scale"}),
            "valueAxis": value_axis,
            "labels": _label_format(table.types[0], kind),
            "x": shown_name(spec, spec.columns.x, table.titles) if spec.columns.x else None,
        },
        "layout": layout,
        "marks": marks,
    }
    if chart_type == ChartType.DOT:
        config["dots"] = dots_drawing(spec)  # the joins and gaps: static/js/charts/dots.js
    return config


# Which Chart.js axis carries the numbers, by where the categories run.
_VALUE_AXIS = {"vertical": "y", "horizontal": "x"}


def _drawn_axes(spec, rows, kind, datasets, orientation, table) -> dict:
    """The axes as drawn in one orientation: Chart.js's index axis, scales, annotations."""
    value_axis = _VALUE_AXIS[orientation]
    category_axis = "y" if value_axis == "x" else "x"
    annotations = None
    if spec.annotations:
        labels = kind == "category"
        annotations = chartjs_annotations(spec, rows, category_axis, value_axis, labels=labels)
    return {
        "indexAxis": category_axis,
        "scales": {
            category_axis: _category_scale(spec, kind, table),
            value_axis: _value_scale(spec, spec.chart_type, datasets),
        },
        "annotations": annotations,
    }


def _turns_when_narrow(spec, table, kind) -> bool:
    """Vertical bars of text labels (no line through them) may be drawn sideways on a phone."""
    return (
        spec.axes.orientation == "vertical"
        and spec.chart_type in BAR_TYPES
        and _label_format(table.types[0], kind) == "text"
        and all(series.kind == "bar" for series in spec.series)
    )


def _bar_datasets(spec, table, rows, labels):
    indexes = _value_indexes(spec, table)
    colours = series_colours(spec, len(indexes))
    datasets = []
    for position, (series, index) in enumerate(zip(spec.series, indexes, strict=True)):
        colour = colours[position]
        if spec.highlight:
            colour = [colour if spec.highlights(label) else _others(spec) for label in labels]
        dataset = {
            "label": shown_name(spec, series.column, table.titles),
            "data": [row[index] for row in rows],
            "backgroundColor": colour,
            "borderColor": colour,
            "borderWidth": 0,
        }
        if series.kind == "line":
            dataset.update(type="line", borderWidth=2.5, order=0, pointRadius=3)
        elif spec.chart_type == ChartType.BAR_LINE:
            dataset["order"] = 1  # bars under the lines
        datasets.append(dataset)
    return datasets


def _line_datasets(spec, table, rows, kind):
    indexes = _value_indexes(spec, table)
    colours = series_colours(spec, len(indexes))
    area = spec.chart_type == ChartType.AREA
    radius = 3 if len(rows) <= DOTS_UP_TO else 0
    datasets = []
    for position, (series, index) in enumerate(zip(spec.series, indexes, strict=True)):
        if kind == "category":
            data = [row[index] for row in rows]
        else:
            data = [{"x": row[0], "y": row[index]} for row in rows]
            if len(data) > DECIMATE_FROM:
                data = [p for p in data if p["y"] is not None]
        colour = colours[position]
        dataset = {
            "label": shown_name(spec, series.column, table.titles),
            "data": data,
            "borderColor": colour,
            "backgroundColor": colour,
            "borderWidth": 2.5,
            "pointRadius": radius,
            "pointHoverRadius": 4,
            "tension": 0,
        }
        if area:
            # Translucent fill (8-digit hex); several areas stack, each on the one below.
            dataset.update(backgroundColor=colour + "59", fill="origin" if position == 0 else "-1")
        datasets.append(dataset)
    return datasets


def _scatter_datasets(spec, table, rows):
    x_index = table.header.index(spec.columns.x)
    indexes = _value_indexes(spec, table)
    colours = series_colours(spec, len(indexes))
    return [
        {
            "label": shown_name(spec, series.column, table.titles),
            "data": [
                {"x": row[x_index], "y": row[index], "label": _label(row[0])}
                for row in rows
                if row[x_index] is not None and row[index] is not None
            ],
            "backgroundColor": colours[position] + "B3",
            "borderColor": colours[position],
            "borderWidth": 1,
            "pointRadius": 4,
            "pointHoverRadius": 6,
        }
        for position, (series, index) in enumerate(zip(spec.series, indexes, strict=True))
    ]


def _round_datasets(spec, table, rows, labels):
    index = _value_indexes(spec, table)[0]
    colours = series_colours(spec, len(rows))
    if spec.highlight:
        colours = [colours[0] if spec.highlights(label) else _others(spec) for label in labels]
    return [
        {
            "label": series_names(spec, table)[0],
            "data": [row[index] for row in rows],
            "backgroundColor": colours,
            "borderWidth": 2,  # in the page's background colour (js/charts/): slices stay apart
        }
    ]


def _category_scale(spec, kind, table):
    chart_type = spec.chart_type
    scale = {"type": kind, "grid": {"display": False}}
    if chart_type in STACKED_TYPES and kind == "category":
        scale["stacked"] = True
    if chart_type == ChartType.DOT:
        scale["offset"] = True  # each row centred in its band, as bars are: labels clear the legend
    if kind == "linear":
        scale["ticks"] = {"precision": 0}  # years and counts, not 2,020.5
    title = spec.axes.category.title
    if not title and chart_type == ChartType.SCATTER:
        title = shown_name(spec, spec.columns.x, table.titles)  # both measures: name them
    if title:
        scale["title"] = {"display": True, "text": title}
    return scale


def _value_scale(spec, chart_type, datasets):
    axis = spec.axes.value
    if axis.log:
        low, high = _log_bounds(datasets)
        scale = {"type": "logarithmic", "min": axis.min or low, "max": axis.max or high}
    else:
        scale = {"type": "linear"}
        if chart_type not in (ChartType.SCATTER, ChartType.LINE, ChartType.DOT):
            scale["beginAtZero"] = True  # bars and areas are read by their length
        if axis.min is not None:
            scale["min"] = axis.min
        if axis.max is not None:
            scale["max"] = axis.max
    if chart_type in STACKED_TYPES and len(datasets) > 1:
        scale["stacked"] = True
    title = axis.title or axis_unit(style=spec.format.style, unit=spec.shown_format.unit)
    if not title and chart_type == ChartType.SCATTER and len(spec.series) == 1:
        title = datasets[0]["label"]
    if title:
        scale["title"] = {"display": True, "text": title}
    return scale


def _value_indexes(spec, table):
    return [table.header.index(series.column) for series in spec.series]


def _label(value):
    return "" if value is None else str(value)


def _label_format(label_type, kind):
    """How the renderer writes the category labels: dates, plain numbers or as they are."""
    if kind == "time" or (kind != "linear" and label_type == ColumnType.DATE):
        return "date"
    if kind == "linear" or label_type in NUMERIC_TYPES:
        return "number"
    return "text"


def _sort_key(value):
    return value.casefold() if isinstance(value, str) else value


def _log_bounds(datasets):
    """The powers of ten around the values, so that the smallest bar still shows, the
    largest has room above it, and both ends of the axis are labelled."""
    values = [
        v
        for d in datasets
        for point in d["data"]
        if isinstance(v := point["y"] if isinstance(point, dict) else point, int | float) and v > 0
    ]
    if not values:
        return None, None
    low = 10 ** math.floor(math.log10(min(values)))
    high = 10 ** math.ceil(math.log10(max(values)))
    return low, high if high > low else low * 10


def named_colours(spec: ChartSpec, table) -> list:
    """(what an editor calls it, colour) for every colour the chart uses: for the checks."""
    if spec.highlight:
        noun = "slices" if spec.chart_type in ROUND_TYPES else "bars"
        return [
            (
                f"the highlighted {' and '.join(f'“{h}”' for h in spec.highlight)}",
                series_colours(spec, 1)[0],
            ),
            (f"the other {noun}", _others(spec)),
        ]
    if spec.chart_type in ROUND_TYPES:
        labels = [_label(row[0]) for row in ordered_rows(spec, table)]
        return list(
            zip(
                (f"the “{label}” slice" for label in labels),
                series_colours(spec, len(labels)),
                strict=True,
            )
        )
    names = [f"“{name}”" for name in series_names(spec, table)]
    return list(zip(names, series_colours(spec, len(names)), strict=True))


def chart_colours(chart) -> list:
    """named_colours for a chart, reading its data through plotted_table."""
    return named_colours(chart.spec, plotted_table(chart))


def _others(spec):
    """The colour of the labels a highlight leaves out: the second chosen, or grey."""
    return spec.colours[1] if len(spec.colours) > 1 else MUTED
