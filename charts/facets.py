"""Small multiples (issue 16): a bar, line or area chart drawn once a panel.

A spec with a `facet` (charts/spec.py: FacetSpec) is split into panels, one per
series or per value of a column (`panels`), each an ordinary spec and table
that `chart_config` draws. `facet_config` is what the page draws
(static/js/charts/facetdraw.js): the panels' Chart.js configs, on one value axis
(and one date or number axis) when the scale is shared, and one legend for them
all. `facet_problems` are the builder's messages (too many panels: filter or keep
the top N), `describe_facets` the words for screen readers.
"""

from collections.abc import Callable
from typing import Any, NamedTuple

from charts.choices import STACKED_TYPES
from charts.config import _log_bounds, axis_kind, chart_config, ordered_rows, series_colours
from charts.plotted import Plotted, pick
from charts.spec import ChartSpec
from charts.spec_forms import FACET_TYPES, MAX_PANELS, FacetSpec

# A panel with no name (a blank cell in the panels' column).
BLANK = "–"


class Panel(NamedTuple):
    title: str
    spec: ChartSpec
    table: Plotted


def _facet(spec: ChartSpec) -> FacetSpec:
    if spec.facet is None:
        raise ValueError("This chart is not drawn as small multiples.")
    return spec.facet


def panel_names(spec: ChartSpec, table: Plotted) -> list[str]:
    """The panels' titles in order: the series' names, or the column's values as first met."""
    facet = _facet(spec)
    if facet.by == "series":
        return [s.name or s.column for s in spec.series]
    index = table.header.index(facet.column)
    return list(dict.fromkeys(_name(row[index]) for row in table.rows))


def _name(value) -> str:
    return BLANK if value is None or value == "" else str(value)


def panels(spec: ChartSpec, table: Plotted) -> list[Panel]:
    """One spec and table a panel; each is drawn as an ordinary chart."""
    facet = _facet(spec)
    single = spec.model_copy(update={"facet": None})
    if facet.by == "series":
        colours = series_colours(spec, len(spec.series))
        return [
            Panel(
                name,
                single.model_copy(update={"series": [series], "colours": [colours[n]]}),
                table,
            )
            for n, (name, series) in enumerate(
                zip(panel_names(spec, table), spec.series, strict=True)
            )
        ]
    index = table.header.index(facet.column)
    rows: dict[str, list] = {}
    for row in table.rows:
        rows.setdefault(_name(row[index]), []).append(row)
    return [Panel(name, single, table._replace(rows=chunk)) for name, chunk in rows.items()]


def facet_rows(spec: ChartSpec, table: Plotted) -> list:
    """The rows in the order of the panels (the data table under the chart lists them so)."""
    if _facet(spec).by == "series":
        return ordered_rows(spec, table)
    return [row for panel in panels(spec, table) for row in ordered_rows(panel.spec, panel.table)]


def facet_config(spec: ChartSpec, table: Plotted) -> dict:
    """What facetdraw.js draws: the panels' configs, the scale they share, one legend."""
    facet = _facet(spec)
    drawn: list[dict[str, Any]] = []
    for panel in panels(spec, table):
        config = chart_config(panel.spec, panel.table)
        config["layout"].pop("narrow", None)  # a panel is small at every width: never turned
        config["options"]["plugins"]["legend"]["display"] = False  # one legend for all panels
        drawn.append({"title": panel.title, "config": config})
    if facet.scale == "shared" and drawn:
        _share_scales(spec, table, [d["config"] for d in drawn])
    if facet.by == "series":
        names = panel_names(spec, table)
    else:
        names = [s.name or s.column for s in spec.series]
    colours = series_colours(spec, len(names))
    return {
        "facets": {
            "by": facet.by,
            "scale": facet.scale,
            "legend": [{"label": n, "colour": c} for n, c in zip(names, colours, strict=True)],
            "panels": drawn,
        }
    }


def _share_scales(spec: ChartSpec, table: Plotted, configs: list[dict]) -> None:
    """Every panel's value axis spans all panels' values; a date or number axis, all positions."""
    value_axis = configs[0]["format"]["valueAxis"]
    category_axis = configs[0]["options"]["indexAxis"]
    stacked = spec.chart_type in STACKED_TYPES
    values = [v for config in configs for v in _heights(config, stacked=stacked)]
    axis = spec.axes.value
    for config in configs:
        scale = config["options"]["scales"][value_axis]
        if axis.log:
            datasets = [d for c in configs for d in c["data"]["datasets"]]
            low, high = _log_bounds(datasets)
            scale.update(min=axis.min or low, max=axis.max or high)
        elif values:
            # Suggested, not fixed: Chart.js still rounds the ends to tidy ticks, the same in
            # every panel since every panel asks for the same span.
            if axis.min is None:
                scale["suggestedMin"] = min(values)
            if axis.max is None:
                scale["suggestedMax"] = max(values)
    if axis_kind(spec, table) in ("time", "linear"):
        positions = [row[0] for row in table.rows if row[0] is not None]
        if positions:
            for config in configs:
                config["options"]["scales"][category_axis].update(
                    min=min(positions), max=max(positions)
                )


def _heights(config: dict, *, stacked: bool) -> list[float]:
    """The values a panel's value axis must reach: each value, or each stack's ends."""
    columns: list[list[float | None]] = []
    for dataset in config["data"]["datasets"]:
        numbers = [_y(point) for point in dataset["data"]]
        columns.append([v for v in numbers if v is not None] if not stacked else numbers)
    if not stacked or len(columns) < 2:
        return [v for column in columns for v in column if v is not None]
    heights = []
    for values in zip(*columns, strict=False):
        heights.append(sum(v for v in values if v is not None and v > 0))
        heights.append(sum(v for v in values if v is not None and v < 0))
    return heights


def _y(point: Any) -> float | None:
    value = point["y"] if isinstance(point, dict) else point
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def facet_problems(spec: ChartSpec, columns) -> dict[str, list[str]]:
    """The builder's messages for small multiples; `columns` (a MadeColumns): the table the
    steps make, the one the panels are cut from."""
    facet = _facet(spec)
    if spec.chart_type not in FACET_TYPES:
        return {"facet_by": ["Small multiples are drawn for bar, line and area charts."]}
    if facet.by == "series":
        if len(spec.series) < 2:
            return {"facet_by": ["One panel per series needs two or more value columns."]}
        count = len(spec.series)
        where = "value columns"
    else:
        if columns.column(facet.column) is None:
            return {"facet_column": [f"“{facet.column}” is not a column of “{columns}”."]}
        if facet.column == spec.columns.label:
            return {"facet_column": ["The panels' column must differ from the label column."]}
        count = len(panel_names(spec, pick(spec, columns.table)))
        where = f"values in “{facet.column}”"
    if count > MAX_PANELS:
        field = "facet_by" if facet.by == "series" else "facet_column"
        return {
            field: [
                f"{count} {where} would make {count} panels; small multiples show at most "
                f"{MAX_PANELS}. Keep the ones that matter with a Filter or Top step "
                "(Steps, above), or group the rest."
            ]
        }
    return {}


def describe_facets(spec: ChartSpec, table: Plotted, describe: Callable[..., str]) -> str:
    """ "N small line charts of X by Y, one per Z, on a shared scale." Then each panel's words."""
    facet = _facet(spec)
    drawn = panels(spec, table)
    kind = describe(drawn[0].spec, drawn[0].table).split(" of ", 1)[0].lower() if drawn else ""
    one_per = "series" if facet.by == "series" else facet.column
    names = [s.name or s.column for s in spec.series]
    what = ", ".join(names) if facet.by == "column" else f"{len(names)} series"
    sentences = [
        f"Small multiples: {len(drawn)} {kind}s of {what} by {spec.columns.label}, "
        f"one per {one_per}, "
        + ("on a shared scale." if facet.scale == "shared" else "each on its own scale.")
    ]
    for panel in drawn:
        # Each panel's words without its first sentence (its kind, which the first one said).
        words = describe(panel.spec, panel.table).split(". ", 1)
        sentences.append(f"{panel.title}: {words[-1]}")
    return " ".join(sentences)
