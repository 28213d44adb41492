"""From a Chart and its dataset to what the browser draws.

`chart_config` is pure: a chart's spec plus its dataset's rows in, a Chart.js
configuration (JSON-ready) out. Number formatting cannot travel as JSON
functions, so the spec's `format` travels beside it and static/js/charts.js
turns it into tick and tooltip callbacks.
"""

import math

from datasets.models import ChartType

# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]

_CHARTJS_TYPE = {
    ChartType.BAR: "bar",
    ChartType.HORIZONTAL_BAR: "bar",
    ChartType.LINE: "line",
    ChartType.DOUGHNUT: "doughnut",
}


def plotted_table(chart):
    """The columns the chart plots, label column first, as (header, rows)."""
    version = chart.version
    names = version.column_names()
    wanted = [chart.label_column, *chart.value_columns]
    indexes = [names.index(name) for name in wanted]
    rows = [[values[i] for i in indexes] for values in version.ordered_rows()]
    return wanted, rows


def chart_config(chart) -> dict:
    header, rows = plotted_table(chart)
    labels = ["" if row[0] is None else str(row[0]) for row in rows]
    chart_type = ChartType(chart.chart_type)
    series = []
    for offset, name in enumerate(header[1:], start=1):
        values = [row[offset] for row in rows]
        if chart_type == ChartType.DOUGHNUT:
            colours = [PALETTE[i % len(PALETTE)] for i in range(len(values))]
        else:
            colours = PALETTE[(offset - 1) % len(PALETTE)]
        series.append(
            {
                "label": name,
                "data": values,
                "backgroundColor": colours,
                "borderColor": colours,
                "borderWidth": 2 if chart_type == ChartType.LINE else 0,
            }
        )
    options = {
        "plugins": {
            "legend": {"display": chart_type == ChartType.DOUGHNUT or len(series) > 1},
        },
    }
    value_axis = _value_axis(chart_type)
    if value_axis:
        category_axis = "y" if value_axis == "x" else "x"
        options["indexAxis"] = category_axis
        value_scale = {"type": "linear", "beginAtZero": True}
        if chart.log_scale:
            value_scale = {"type": "logarithmic", "min": _log_floor(series)}
        options["scales"] = {category_axis: {"grid": {"display": False}}, value_axis: value_scale}
    return {
        "type": _CHARTJS_TYPE[chart_type],
        "data": {"labels": labels, "datasets": series},
        "options": options,
        "format": {"style": chart.number_format, "unit": chart.unit, "valueAxis": value_axis},
    }


def _value_axis(chart_type):
    """Which Chart.js axis carries the numbers; a doughnut has none."""
    if chart_type == ChartType.DOUGHNUT:
        return None
    return "x" if chart_type == ChartType.HORIZONTAL_BAR else "y"


def _log_floor(series):
    """The power of ten below the smallest value, so the smallest bar still shows."""
    values = [v for s in series for v in s["data"] if v is not None and v > 0]
    return 10 ** math.floor(math.log10(min(values))) if values else None
