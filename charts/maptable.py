"""Maps and tables as chart types: what the page draws from a MAP or TABLE spec.

Pure functions of a spec and its plotted table (charts.config.Plotted):
`map_join` joins the region column to the boundary's shapes (charts/geo.py),
applying the editor's accepted matches first; `map_settings` is what
static/js/charts/mapdraw.js draws (with the addresses of the geo extension and
the boundary file, so only pages with a map load them); `table_of` is the
server-rendered table (charts/tables.py) that table.js enhances;
`describe_map` the words for screen readers.
"""

from typing import Any

from charts.assets import map_addresses
from charts.choices import ChartType
from charts.config import chart_config
from charts.facets import facet_config
from charts.geo import Boundary, Join, boundary_shapes, join_regions
from charts.labels import shown_name
from charts.spec import ChartSpec
from charts.spec_forms import MapSpec, TableSpec
from charts.tables import DataTable, data_table

# Regions named in a map's description, highest and lowest.
DESCRIBED_REGIONS = 3


def _map(spec: ChartSpec) -> MapSpec:
    if spec.map is None:
        raise ValueError("This chart has no map settings.")
    return spec.map


def _table(spec: ChartSpec) -> TableSpec:
    if spec.table is None:
        raise ValueError("This chart has no table settings.")
    return spec.table


def map_join(spec: ChartSpec, table) -> Join:
    """The join of the map's region column to its boundary's shapes."""
    boundary = Boundary(_map(spec).boundary)
    keys = [_key(row[0], spec) for row in table.rows]
    return join_regions(keys, boundary=boundary, shapes=boundary_shapes(boundary))


def _key(value, spec: ChartSpec):
    if value is None:
        return value
    return _map(spec).matches.get(str(value), value)


def map_values(spec: ChartSpec, table) -> dict[str, float]:
    """Shape id → value, for the rows that joined and have a number."""
    index = table.header.index(_map(spec).value_column)
    values = {}
    for row_number, shape_id in map_join(spec, table).matched.items():
        value = table.rows[row_number][index]
        if isinstance(value, int | float) and not isinstance(value, bool):
            values[shape_id] = float(value)
    return values


def map_settings(spec: ChartSpec, table, *, title: str) -> dict:
    """The settings mapdraw.drawMap takes, and the addresses it fetches."""
    part = _map(spec)
    boundary = Boundary(part.boundary)
    addresses = map_addresses(boundary)
    scale: dict[str, Any] = {"palette": part.palette, "bins": part.bins, "count": part.count}
    if part.bins == "breaks":
        scale["breaks"] = part.breaks
    if part.palette == "diverging":
        scale["midpoint"] = part.midpoint
    return {
        "map": {
            "kind": part.kind,
            "boundary": part.boundary,
            "object": addresses["object"],
            "values": map_values(spec, table),
            "scale": scale,
            "format": {
                "style": spec.format.style,
                "locale": spec.format.locale,
                "unit": spec.format.unit,
            },
            "title": title,
            "focus": part.focus,
        },
        "addresses": addresses,
    }


def table_of(spec: ChartSpec, table, *, title: str) -> DataTable:
    """A TABLE chart's rows as the accessible table table.js enhances."""
    part = _table(spec)
    return data_table(
        caption=title,
        header=table.header,
        shown=[shown_name(spec, column, table.titles) for column in table.header],
        rows=table.rows,
        types=table.types,
        number_format=spec.format.style,
        unit=spec.format.unit,
        locale=spec.format.locale,
        styles=dict(part.styles),
        page_size=part.page_size,
    )


def describe_map(spec: ChartSpec, table, number) -> str:
    """ "Map of X by country, N regions. Highest: …; lowest: …." `number` writes a value."""
    values = map_values(spec, table)
    names = {shape.id: shape.name for shape in boundary_shapes(Boundary(_map(spec).boundary))}
    noun = {"world": "countries", "us-states": "states", "us-counties": "counties"}
    value = shown_name(spec, _map(spec).value_column, table.titles)
    region = shown_name(spec, _map(spec).region_column, table.titles)
    what = f"Map of {value} by {region}"
    sentences = [f"{what}, {len(values)} {noun[_map(spec).boundary]} with data."]
    ranked = sorted(values.items(), key=lambda item: item[1], reverse=True)
    if ranked:
        top = ranked[:DESCRIBED_REGIONS]
        bottom = ranked[::-1][:DESCRIBED_REGIONS]
        listed = "; ".join(f"{names.get(i, i)} {number(v)}" for i, v in top)
        sentences.append(f"Highest: {listed}.")
        if len(ranked) > DESCRIBED_REGIONS:
            listed = "; ".join(f"{names.get(i, i)} {number(v)}" for i, v in bottom)
            sentences.append(f"Lowest: {listed}.")
    return " ".join(sentences)


def describe_table(spec: ChartSpec, table) -> str:
    first, *rest = (shown_name(spec, column, table.titles) for column in table.header)
    columns = ", ".join(rest)
    return f"Table of {columns} by {first}, {len(table.rows)} rows."


def drawing_config(spec: ChartSpec, table, *, title: str) -> dict | None:
    """What the page's renderer draws: a Chart.js config, a map's settings, small
    multiples' panels (charts/facets.py), or for a table nothing (the server renders
    it; table.js enhances it)."""
    if spec.chart_type == ChartType.MAP:
        return map_settings(spec, table, title=title)
    if spec.chart_type == ChartType.TABLE:
        return None
    if spec.facet is not None:
        return facet_config(spec, table)
    return chart_config(spec, table)


def join_report(spec: ChartSpec, table) -> dict:
    """The builder's join report: rows matched, every unmatched row with its suggestion,
    the shapes without data (charts.geo.Join.report)."""
    return map_join(spec, table).report()
