"""Dot, range and arrow plots (issue 16): two or more values per label, and the gap between.

Pure functions of a spec and its plotted table (charts.plotted.Plotted). The gap of a
row is its last plotted column minus its first ("after" minus "before"): an arrow
points from the first value to the last, and the gap written beside it ("+4.2") is
signed. The Chart.js config (charts/config.py) draws each column as a series of
points along the value axis, labels down the side; static/js/charts/dots.js joins
them and writes the gaps. Here: the rows' order by a value or the gap, the
description's words, the data table's gap column and the checks.
"""

from collections.abc import Callable

from charts.spec import ChartSpec
from charts.spec_forms import DotSpec

# Above this many rows a dot plot is too tall to read (each row takes ~26 px).
MAX_DOT_ROWS = 300
# Up to this many rows the description reads every row's values and gap.
READ_EVERY_ROW_UP_TO = 6
KIND_NAMES = {"dots": "Dot plot", "range": "Range plot", "arrow": "Arrow plot"}


def dot_settings(spec: ChartSpec) -> DotSpec:
    """The spec's dot settings, or the defaults (a range plot sorted by the gap)."""
    return spec.dots or DotSpec()


def gap_of(values: list) -> float | None:
    """The last value minus the first; None when either is missing."""
    first, last = values[0], values[-1]
    if first is None or last is None:
        return None
    # 35.9 − 29.3 is 6.6 to a reader, not 6.599999999999998.
    return round(last - first, 10)


def _indexes(spec: ChartSpec, header: list) -> list[int]:
    return [header.index(column) for column in spec.value_columns]


def row_values(spec: ChartSpec, header: list, row) -> list:
    """A row's plotted values, in the order of the spec's series."""
    return [row[i] for i in _indexes(spec, header)]


def dot_order(spec: ChartSpec, table, rows: list, *, descending: bool) -> list:
    """Rows by their gap, first or last value (dot_settings.sort_by); rows without one last."""
    indexes = _indexes(spec, table.header)
    by = dot_settings(spec).sort_by

    def key(row):
        values = [row[i] for i in indexes]
        return {"gap": gap_of(values), "first": values[0], "last": values[-1]}[by]

    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    return sorted(present, key=key, reverse=descending) + missing


def dot_datasets(spec: ChartSpec, table, rows: list, colours: list) -> list[dict]:
    """One series of points per plotted column, unjoined: dots.js draws the joins."""
    datasets = []
    for position, series in enumerate(spec.series):
        index = table.header.index(series.column)
        colour = colours[position]
        datasets.append(
            {
                "label": series.name or series.column,
                "data": [row[index] for row in rows],
                "backgroundColor": colour,
                "borderColor": colour,
                "showLine": False,
                "pointRadius": 6,
                "pointHoverRadius": 8,
                "pointBorderWidth": 0,
            }
        )
    return datasets


def dots_drawing(spec: ChartSpec) -> dict:
    """The config's `dots` key: what static/js/charts/dots.js draws between the points."""
    settings = dot_settings(spec)
    return {"style": settings.style, "gapLabels": settings.gap_labels}


def gap_words(gap: float, number: Callable[[float], str]) -> str:
    """A gap as a reader sees it: "+6.6", "−2" (a minus sign), "no change"."""
    if gap == 0:
        return "no change"
    return ("+" if gap > 0 else "\u2212") + number(abs(gap))


def describe_dots(spec: ChartSpec, table, rows: list, number: Callable[[float], str]) -> str:
    """Which plot, what it compares, the largest and smallest gap, how many rose or fell."""
    names = [s.name or s.column for s in spec.series]
    first, last = names[0], names[-1]
    label = spec.columns.label
    kind = KIND_NAMES[dot_settings(spec).style]
    values = " and ".join([", ".join(names[:-1]), last]) if len(names) > 1 else last
    sentences = [
        f"{kind} of {values} by {label}, {_rows(len(rows))}; the gap is {last} minus {first}."
    ]
    gaps = []
    for row in rows:
        shown = row_values(spec, table.header, row)
        gap = gap_of(shown)
        if gap is not None:
            gaps.append((str(row[0]), shown[0], shown[-1], gap))
    if not gaps:
        return " ".join([*sentences, "No row has both values."])

    def read(item):
        name, start, end, gap = item
        return f"{name}: from {number(start)} to {number(end)} ({gap_words(gap, number)})"

    if len(gaps) <= READ_EVERY_ROW_UP_TO:
        sentences.append("; ".join(read(item) for item in gaps) + ".")
    ranked = sorted(gaps, key=lambda item: abs(item[3]), reverse=True)
    sentences.append(f"The largest gap is {read(ranked[0])}.")
    if len(ranked) > 1:
        sentences.append(f"The smallest is {read(ranked[-1])}.")
    higher = sum(1 for item in gaps if item[3] > 0)
    lower = sum(1 for item in gaps if item[3] < 0)
    sentences.append(f"{last} is higher than {first} in {_rows(higher)} and lower in {lower}.")
    return " ".join(sentences)


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def with_gaps(spec: ChartSpec, header: list, rows: list) -> tuple[list, list]:
    """The data table's columns and rows with each row's gap after its values."""
    names = [s.name or s.column for s in spec.series]
    gap_header = f"Gap ({names[-1]} \u2212 {names[0]})"
    return [*header, gap_header], [[*row, gap_of(row_values(spec, header, row))] for row in rows]


def dot_problems(spec: ChartSpec, rows: list) -> list[str]:
    """What makes a dot plot unreadable, for the checks (charts/validation.py)."""
    if len(rows) > MAX_DOT_ROWS:
        return [f"{len(rows):,} rows are too many for a dot plot; keep at most {MAX_DOT_ROWS}."]
    return []
