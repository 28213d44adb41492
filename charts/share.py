"""A chart drawn by matplotlib for the server's pictures (the articles' share cards).

`draw_chart(figure, chart, top=...)` draws the chart's plotted table
(`charts.config.plotted_table`) as its spec says: type, orientation, log scale,
number format (charts/numbers.py, the same text as the reader's chart) and the
palette, into the part of the figure below `top`.
"""

import math
import textwrap

from charts.annotations import marks_of
from charts.choices import ChartType
from charts.config import PALETTE, ordered_rows, plotted_table, series_colours
from charts.dots import dot_settings, gap_of, gap_words, row_values
from charts.facets import panels
from charts.geo import Boundary, boundary_shapes
from charts.labels import shown_name
from charts.maptable import map_values, table_of
from charts.numbers import axis_unit, number_formatter
from charts.share_marks import bar_values, line_ends, text_notes

BACKGROUND, TEXT, MUTED, GRID = "#fdfcfa", "#1d1d1f", "#5b5b61", "#e6e4df"
# Fonts: the caller draws inside rc_context({"font.family": chartweek.fonts.families()}),
# DejaVu Sans (ships with matplotlib) and then CJK and Devanagari fallbacks.


def draw_chart(figure, chart, *, top: float) -> None:
    """Draw `chart` into `figure` below `top` (a fraction of the figure's height)."""
    if chart.spec.chart_type == ChartType.MAP:
        _ranked_regions(figure, chart, top=top)
        return
    if chart.spec.chart_type == ChartType.TABLE:
        _first_rows(figure, chart, top=top)
        return
    if chart.spec.facet is not None:
        _small_multiples(figure, chart, top=top)
        return
    if chart.spec.chart_type == ChartType.DOT:
        _dots(figure, chart, top=top)
        return
    table = plotted_table(chart)
    spec = chart.spec
    rows = table.rows
    labels = ["" if row[0] is None else textwrap.fill(str(row[0]), 22) for row in rows]
    series = [
        (shown_name(spec, name, table.titles), [math.nan if r[i] is None else r[i] for r in rows])
        for i, name in enumerate(table.header[1:], start=1)
    ]
    chart_type = spec.chart_type
    # Numbers as the reader's chart writes them, in the chart's locale (charts/numbers.py).
    number = spec.shown_format
    fmt = number_formatter(style=number.style, unit=number.unit, locale=number.locale)
    if chart_type == ChartType.SCATTER:
        series = series[1:]  # the x column: the card draws the plotted values by label
    if chart_type in (ChartType.DOUGHNUT, ChartType.PIE):
        _doughnut(figure, labels, series[0][1], fmt, top=top)
        return
    horizontal = spec.axes.orientation == "horizontal"
    # What the reader's chart writes on itself (charts/share_marks.py); a scatter's
    # points are not along its labels, so its card goes without.
    marks = marks_of(spec, rows, table.header) if chart_type != ChartType.SCATTER else {}
    left = 0.27 if horizontal else 0.08
    right = 0.8 if marks.get("lineEnds") else 0.93  # room for the names at the lines' ends
    axes = figure.add_axes((left, 0.15, right - left, top - 0.17), facecolor=BACKGROUND)
    positions = list(range(len(labels)))
    width = 0.8 / len(series)
    colours = [PALETTE[n % len(PALETTE)] for n in range(len(series))]
    bars: list[tuple[float, float]] = []  # (position, value) of each bar drawn
    for n, (name, values) in enumerate(series):
        colour = colours[n]
        if chart_type in (ChartType.LINE, ChartType.AREA):
            axes.plot(positions, values, color=colour, linewidth=3, marker="o", label=name)
            continue
        offsets = [p - 0.4 + width * (n + 0.5) for p in positions]
        bar = axes.barh if horizontal else axes.bar
        bar(offsets, values, width * 0.9, color=colour, label=name)
        bars += zip(offsets, values, strict=True)
    _style_axes(axes, spec, labels, positions, fmt, horizontal=horizontal)
    if marks.get("values"):
        bar_values(axes, bars, fmt, horizontal=horizontal, colour=TEXT)
    if marks.get("lineEnds"):
        line_ends(axes, series, colours)
    elif len(series) > 1:
        axes.legend(frameon=False, fontsize=12, labelcolor=TEXT, loc="upper left")
    if marks.get("notes"):
        shown = ["" if row[0] is None else str(row[0]) for row in rows]
        text_notes(axes, marks["notes"], shown, horizontal=horizontal, muted=MUTED, shade=GRID)


# Maps and tables ----------------------------------------------------------------
# A map's card is a ranked list of its top regions as bars (drawing the shapes on the
# server would need a projection library); a table's card shows its first rows.
SHARE_REGIONS = 8
SHARE_ROWS = 6


def _ranked_regions(figure, chart, *, top):
    spec = chart.spec
    table = plotted_table(chart)
    names = {s.id: s.name for s in boundary_shapes(Boundary(spec.map.boundary))}
    ranked = sorted(map_values(spec, table).items(), key=lambda item: item[1], reverse=True)
    ranked = ranked[:SHARE_REGIONS]
    number = spec.format
    fmt = number_formatter(style=number.style, unit=number.unit, locale=number.locale)
    axes = figure.add_axes((0.27, 0.15, 0.66, top - 0.17), facecolor=BACKGROUND)
    positions = list(range(len(ranked)))
    axes.barh(positions, [v for _, v in ranked], 0.75, color=PALETTE[0])
    labels = [textwrap.fill(names.get(i, i), 22) for i, _ in ranked]
    _style_axes(axes, spec, labels, positions, fmt, horizontal=True)


def _first_rows(figure, chart, *, top):
    spec = chart.spec
    table = plotted_table(chart)
    shown = table_of(spec, table._replace(rows=table.rows[:SHARE_ROWS]), title=chart.title)
    cells = [[cell.text for cell in row] for row in shown.rows]
    axes = figure.add_axes((0.05, 0.1, 0.9, top - 0.12))
    axes.axis("off")
    if not cells:
        return
    drawn = axes.table(
        cellText=cells,
        colLabels=[textwrap.shorten(c.name, 24) for c in shown.columns],
        loc="upper center",
        cellLoc="left",
    )
    drawn.auto_set_font_size(False)
    drawn.set_fontsize(14)
    drawn.scale(1, 2.2)
    for (row, _), cell in drawn.get_celld().items():
        cell.set_edgecolor(GRID)
        cell.set_facecolor(BACKGROUND)
        cell.get_text().set_color(MUTED if row == 0 else TEXT)


# Small multiples -----------------------------------------------------------------
# A grid of small charts, about twice as wide as tall like the card, on the spec's scale.


def _small_multiples(figure, chart, *, top):
    spec = chart.spec
    table = plotted_table(chart)
    drawn = panels(spec, table)
    if not drawn:
        return
    number = spec.shown_format
    fmt = number_formatter(style=number.style, unit=number.unit, locale=number.locale)
    columns = min(len(drawn), max(1, round(math.sqrt(len(drawn) * 1.5))))
    rows = math.ceil(len(drawn) / columns)
    # Below the panels, room for the card's source line; under each, its first and last labels.
    width, height = 0.9 / columns, (top - 0.17) / rows
    # Every panel's positions along one axis of all the labels: the dates line up.
    order = {
        label: n for n, label in enumerate(dict.fromkeys(r[0] for r in ordered_rows(spec, table)))
    }
    line = spec.chart_type in (ChartType.LINE, ChartType.AREA)
    names = list(order)
    all_axes, all_marks = [], []
    for n, panel in enumerate(drawn):
        row, column = divmod(n, columns)
        bottom = top - 0.02 - (row + 1) * height + 0.07
        ordered = ordered_rows(panel.spec, panel.table)
        # What the page's panel writes on itself (its config's marks), as on a single chart.
        marks = marks_of(panel.spec, ordered, panel.table.header)
        room = 0.3 * width if marks.get("lineEnds") else 0  # for the names at the lines' ends
        box = (0.08 + column * width, bottom, width - 0.07 - room, height - 0.13)
        axes = figure.add_axes(box, facecolor=BACKGROUND)
        plotted = [r for r in ordered if r[0] in order]
        positions = [order[r[0]] for r in plotted]
        colours = series_colours(panel.spec, len(panel.spec.series))
        step = 0.8 / len(panel.spec.series)
        lines: list[tuple[str, list[float]]] = []
        bars: list[tuple[float, float]] = []  # (position, value) of each bar drawn
        for k, series in enumerate(panel.spec.series):
            index = panel.table.header.index(series.column)
            values = [math.nan if r[index] is None else r[index] for r in plotted]
            if line:
                axes.plot(positions, values, color=colours[k], linewidth=2)
                lines.append((shown_name(panel.spec, series.column, panel.table.titles), values))
            else:
                offsets = [p - 0.4 + step * (k + 0.5) for p in positions]
                axes.bar(offsets, values, step * 0.9, color=colours[k])
                bars += zip(offsets, values, strict=True)
        ends = sorted({0, len(names) - 1})  # the first and last labels say the span
        labels = [_label_text(names[i]) for i in ends]
        _style_axes(axes, spec, labels, ends, fmt, horizontal=False)
        for tick, align in zip(axes.get_xticklabels(), ("left", "right"), strict=False):
            tick.set_horizontalalignment(align)
        axes.set_ylabel("")
        axes.tick_params(labelsize=10)
        axes.set_title(textwrap.shorten(panel.title, 24), loc="left", fontsize=12, color=TEXT)
        if marks.get("values"):
            bar_values(axes, bars, fmt, horizontal=False, colour=TEXT, fontsize=9)
        all_axes.append(axes)
        all_marks.append((marks, lines, positions, colours))
    if spec.facet.scale == "shared" and all_axes:
        low = min(a.get_ylim()[0] for a in all_axes)
        high = max(a.get_ylim()[1] for a in all_axes)
        for axes in all_axes:
            axes.set_ylim(low, high)
    # Placed once the scale is final: names and arrows point at heights as drawn.
    shown = ["" if name is None else str(name) for name in names]
    for axes, (marks, lines, positions, colours) in zip(all_axes, all_marks, strict=True):
        if marks.get("lineEnds"):
            line_ends(axes, lines, colours, positions=positions, fontsize=10, width=12)
        if marks.get("notes"):
            look = {"muted": MUTED, "shade": GRID, "fontsize": 9}
            text_notes(axes, marks["notes"], shown, horizontal=False, **look)


def _label_text(value):
    """A label short enough for a small panel: an ISO date's year and month, else its start."""
    text = "" if value is None else str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return text[:7]
    return textwrap.shorten(text, 14, placeholder="…")


# Dot, range and arrow plots: the first rows as the reader's chart draws them.
SHARE_DOT_ROWS = 10


def _dots(figure, chart, *, top):
    spec = chart.spec
    table = plotted_table(chart)
    rows = ordered_rows(spec, table)[:SHARE_DOT_ROWS]
    number = spec.shown_format
    fmt = number_formatter(style=number.style, unit=number.unit, locale=number.locale)
    style = dot_settings(spec).style
    axes = figure.add_axes((0.27, 0.15, 0.6, top - 0.17), facecolor=BACKGROUND)
    positions = list(range(len(rows)))
    for y, row in zip(positions, rows, strict=True):
        values = row_values(spec, table.header, row)
        present = [v for v in values if v is not None]
        if len(present) > 1 and style != "arrow":
            width = 5 if style == "range" else 1
            axes.plot([min(present), max(present)], [y, y], color=GRID, linewidth=width, zorder=1)
        gap = gap_of(values)
        if style == "arrow" and gap:
            after = PALETTE[(len(spec.series) - 1) % len(PALETTE)]
            arrow = {
                "arrowstyle": "-|>",
                "color": after,
                "linewidth": 2,
                "shrinkA": 6,
                "shrinkB": 7,
            }
            arrow["mutation_scale"] = 16
            axes.annotate("", xy=(values[-1], y), xytext=(values[0], y), arrowprops=arrow)
        if gap is not None and dot_settings(spec).gap_labels:
            end = max(present)
            axes.annotate(
                gap_words(gap, fmt.tick),  # a figure: the axis says the unit
                (end, y),
                xytext=(10, 0),
                textcoords="offset points",
                va="center",
                color=MUTED,
                fontsize=12,
            )
    for n, series in enumerate(spec.series):
        index = table.header.index(series.column)
        xs = [row[index] for row in rows]
        shown = [(x, y) for x, y in zip(xs, positions, strict=True) if x is not None]
        axes.scatter(
            [x for x, _ in shown],
            [y for _, y in shown],
            s=90,
            zorder=3,
            color=PALETTE[n % len(PALETTE)],
            label=series.name or series.column,
        )
    labels = ["" if row[0] is None else textwrap.fill(str(row[0]), 22) for row in rows]
    _style_axes(axes, spec, labels, positions, fmt, horizontal=True)
    # Above the rows, in one line: clear of every row's dots and gap.
    axes.legend(
        frameon=False,
        fontsize=12,
        labelcolor=TEXT,
        loc="lower left",
        bbox_to_anchor=(0, 1),
        ncol=len(spec.series),
        borderaxespad=0.2,
    )


def _style_axes(axes, spec, labels, positions, fmt, *, horizontal):
    from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

    value_axis, category_axis = (axes.xaxis, axes.yaxis) if horizontal else (axes.yaxis, axes.xaxis)
    if not horizontal and labels:
        # Side by side, labels need room: every nth, so two never run into each other.
        step = _label_step(axes, labels)
        positions, labels = positions[::step], labels[::step]
    category_axis.set_ticks(positions, labels)
    log = spec.axes.value.log
    if log:
        (axes.set_xscale if horizontal else axes.set_yscale)("log")
        value_axis.set_minor_formatter(NullFormatter())
    value_axis.set_major_formatter(FuncFormatter(lambda v, _: fmt.tick(v)))
    if horizontal and not log:
        # Side by side, ticks such as "175 Mio. $" need room: at most six of them.
        value_axis.set_major_locator(MaxNLocator(nbins=5))
    if horizontal:
        axes.invert_yaxis()  # first row on top, as the reader's chart draws it
    axes.grid(axis="x" if horizontal else "y", color=GRID, linewidth=1)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left" if not horizontal else "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(which="both", colors=TEXT, labelsize=13, length=0)
    for spine in axes.spines.values():
        spine.set_color(GRID)
    word = axis_unit(style=spec.format.style, unit=spec.shown_format.unit)
    if word:
        (axes.set_xlabel if horizontal else axes.set_ylabel)(word, color=MUTED, fontsize=12)


def _label_step(axes, labels) -> int:
    """How many labels along the bottom to skip between two shown: the widest must fit."""
    figure = axes.figure
    width = axes.get_position().width * figure.get_figwidth() * figure.dpi
    widest = max(len(line) for label in labels for line in str(label).split("\n"))
    room = max(1, int(width // (widest * 8.5 + 18)))  # 13 px type: about 8 px a character
    return max(1, math.ceil(len(labels) / room))


def _doughnut(figure, labels, values, fmt, *, top):
    axes = figure.add_axes((0.05, 0.1, 0.4, top - 0.12))
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(values))]
    pairs = [(label, v) for label, v in zip(labels, values, strict=True) if not math.isnan(v)]
    axes.pie(
        [v for _, v in pairs],
        colors=colours[: len(pairs)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45, "edgecolor": BACKGROUND},
    )
    axes.legend(
        [f"{label}: {fmt.tooltip(v)}" for label, v in pairs],
        loc="center left",
        bbox_to_anchor=(1.05, 0.5),
        frameon=False,
        fontsize=13,
        labelcolor=TEXT,
    )
    axes.set_aspect("equal")
