"""The chart spec's parts for the chart forms beyond bars and lines (issue 16): maps,
tables, small multiples, and dot, range and arrow plots. `ChartSpec` (charts/spec.py)
holds each as an optional part."""

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from charts.choices import ChartType
from charts.spec_base import ColumnName, FiniteNumber, _Part, _text

MAX_BREAKS = 8
MAX_FOCUS = 60
MAX_MATCHES = 500
MAX_TABLE_COLUMNS = 30
ShapeId = Annotated[str, _text(20, min_length=1)]


class MapSpec(_Part):
    """A map: which shapes, which columns join to them, how values become colours or sizes."""

    kind: Literal["choropleth", "symbols"] = "choropleth"
    boundary: Literal["world", "us-states", "us-counties"] = Field(
        default="world", description="The shapes: countries, US states or US counties."
    )
    region_column: ColumnName = Field(
        description="The column naming each row's region: ISO code, FIPS, postal code or name."
    )
    value_column: ColumnName
    palette: Literal["sequential", "diverging"] = "sequential"
    bins: Literal["continuous", "quantiles", "equal", "breaks"] = "quantiles"
    count: Annotated[int, Strict(), Field(ge=2, le=9)] = 5
    breaks: list[FiniteNumber] = Field(default_factory=list, max_length=MAX_BREAKS)
    midpoint: FiniteNumber = 0
    focus: list[ShapeId] = Field(default_factory=list, max_length=MAX_FOCUS)
    matches: dict[Annotated[str, _text(100, min_length=1)], ShapeId] = Field(
        default_factory=dict,
        max_length=MAX_MATCHES,
        description="A row's region key → the shape it means: suggestions the editor accepted.",
    )


class TableSpec(_Part):
    """A table: its columns in order (the first heads each row), cell styles, page size."""

    columns: list[ColumnName] = Field(min_length=1, max_length=MAX_TABLE_COLUMNS)
    styles: dict[ColumnName, Literal["plain", "bar", "heat"]] = Field(
        default_factory=dict, max_length=MAX_TABLE_COLUMNS
    )
    page_size: Annotated[int, Strict(), Field(ge=5, le=200)] = 25
    sort_column: ColumnName | None = None
    sort_direction: Literal["ascending", "descending"] = "descending"


# Small multiples (issue 16) ------------------------------------------------

MAX_PANELS = 24
# The chart types drawn as small multiples: one small chart a panel.
FACET_TYPES = frozenset(
    {ChartType.BAR, ChartType.GROUPED_BAR, ChartType.STACKED_BAR, ChartType.LINE, ChartType.AREA}
)


class FacetSpec(_Part):
    """Small multiples: the chart drawn once a category of a column, or once a series."""

    by: Literal["series", "column"] = Field(
        default="series",
        description="One panel per series (value column), or per value of `column`.",
    )
    column: ColumnName | None = Field(
        default=None, description="With `by: column`: the column whose values name the panels."
    )
    scale: Literal["shared", "free"] = Field(
        default="shared",
        description="Shared: every panel on the same axes, to compare sizes; free: each its own.",
    )

    @model_validator(mode="after")
    def _column_when_by_column(self) -> "FacetSpec":
        if self.by == "column" and not self.column:
            raise ValueError("small multiples by column need the column that names the panels")
        return self


class DotSpec(_Part):
    """A dot, range or arrow plot: how the values of a label are joined, and the rows' order.

    The gap is the last series minus the first ("before" to "after"); an arrow points
    from the first value to the last.
    """

    style: Literal["dots", "range", "arrow"] = Field(
        default="range",
        description="dots: the values on a faint line; range: a bar from the lowest to the "
        "highest (a dumbbell); arrow: from the first value to the last.",
    )
    sort_by: Literal["gap", "first", "last"] = Field(
        default="gap",
        description="What a value sort (`sort`: value_desc, value_asc) orders the rows by.",
    )
    gap_labels: Annotated[bool, Strict()] = Field(
        default=True, description="Write each row's gap (“+4.2”) beside it."
    )


# ---------------------------------------------------------------------------
