"""The table a chart plots: its data version's table, through the spec's transforms.

`plotted_table(chart)` is the one place a chart's data is read. The steps
(charts/transforms.py) run on the version's whole table, its values exact as
stored; then the plotted columns are picked, label first, and (unless `exact`)
Decimals become floats, what Chart.js and the descriptions work with. The page,
the chart CSV, the API's chart endpoint and the share image all read it here.
"""

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from charts.labels import column_titles, column_units
from charts.spec import ChartSpec
from charts.transforms import Table, apply

_NONE: Mapping[str, str] = MappingProxyType({})


class Plotted(NamedTuple):
    """The plotted columns of a chart's data: names, rows, each column's type, and the
    dataset's titles and units for them (what readers see: charts/labels.py)."""

    header: list
    rows: list
    types: list
    titles: Mapping[str, str] = _NONE
    units: Mapping[str, str] = _NONE


class MadeColumns:
    """The columns of a table the steps make, asked about as a data version's are."""

    def __init__(self, table: Table, name: str = ""):
        self.table = table
        self.name = name
        self.columns = [
            {"name": n, "type": t} for n, t in zip(table.header, table.types, strict=True)
        ]

    def __str__(self):
        return self.name

    def column_names(self) -> list[str]:
        return [c["name"] for c in self.columns]

    def column(self, name: str) -> dict | None:
        return next((c for c in self.columns if c["name"] == name), None)


def source_table(version) -> Table:
    """A data version's whole table, values exact as stored, in file order."""
    columns = version.columns
    return Table([c["name"] for c in columns], version.ordered_rows(), [c["type"] for c in columns])


def transformed_table(spec: ChartSpec, version) -> Table:
    """The version's table after the spec's steps; raises TransformError for one that cannot run."""
    table = source_table(version)
    return apply(table, spec.transforms) if spec.transforms else table


def pick(spec: ChartSpec, table: Table, *, exact: bool = False) -> Plotted:
    """The plotted columns of a (transformed) table, label first."""
    wanted = spec.plotted_columns()
    indexes = [table.header.index(name) for name in wanted]
    rows = [[values[i] for i in indexes] for values in table.rows]
    if not exact:
        rows = [[_plotted(value) for value in row] for row in rows]
    return Plotted(wanted, rows, [table.types[i] for i in indexes])


def read_table(spec: ChartSpec, version, *, exact: bool = False, dataset=None) -> Plotted:
    """plotted_table for a spec and a data version (the checks read it before a save).

    The dataset's titles come with it; its units too where no step changed the
    numbers (a step's result, a share or a rescale, is not in the column's unit).
    """
    plotted = pick(spec, transformed_table(spec, version), exact=exact)
    dataset = dataset if dataset is not None else version.dataset
    units = {} if spec.transforms else column_units(dataset, version, plotted.header)
    return plotted._replace(titles=column_titles(dataset, plotted.header), units=units)


def plotted_table(chart, *, exact: bool = False) -> Plotted:
    """The columns the chart plots, label first, in row order; with `exact`, Decimals kept."""
    return read_table(chart.spec, chart.version, exact=exact, dataset=chart.dataset)


def _plotted(value):
    return float(value) if isinstance(value, Decimal) else value
