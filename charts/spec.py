"""The chart as one typed, versioned document: what it plots and how it is drawn.

`ChartSpec` (pydantic) is the one definition of a chart's type, columns,
series, axes, number format, colours, annotations, labels on the chart,
highlight, sort, texts and big number. It validates a document's shape and
bounds (a hostile document is refused with a ValidationError, never a 500) and
gives the JSON Schema the API publishes. What a spec means against its data
(does the column exist, is it numeric) is checked in charts/validation.py.

Stored documents carry `schema_version`. `migrate(raw)` upgrades an older one
step by step, one function per version, and `read_spec(raw)` migrates and
validates: every chart is read through it, so the spec can grow without
breaking stored charts (Our World in Data's grapher keeps its charts so).
"""

from typing import Annotated, Any, Final, Literal

from pydantic import (
    Field,
    Strict,
    StringConstraints,
    model_validator,
)

from charts.choices import ChartType, NumberFormat, NumberLocale, SortOrder
from charts.spec_base import MAX_COLUMN_NAME, ColumnName, FiniteNumber, _Part, _text
from charts.spec_forms import DotSpec, FacetSpec, MapSpec, TableSpec
from charts.spec_upgrades import UPGRADES
from charts.transforms import Rescale, Transforms, unit_after

SPEC_SCHEMA_VERSION: Final = 3

# Bounds: generous for a chart a reader can read, small enough that no document
# can make the server draw, describe or store something huge.
MAX_SERIES = 30
MAX_COLOURS = 60  # one per slice for pies, one per series otherwise
MAX_ANNOTATIONS = 10
MAX_ANNOTATION_LABEL = 80
MAX_ANNOTATION_TEXT = 200
MAX_HIGHLIGHTS = 20
HEX_PATTERN = r"^#[0-9a-fA-F]{6}$"
HexColour = Annotated[str, StringConstraints(pattern=HEX_PATTERN)]
# A position on an axis: a number, or a label or ISO date on a category or time axis.
Position = Annotated[int, Strict()] | FiniteNumber | Annotated[str, _text(100, min_length=1)]
AxisName = Literal["value", "category"]
SeriesKind = Literal["bar", "line", "area", "point", "slice"]
Orientation = Literal["vertical", "horizontal"]


class Columns(_Part):
    label: ColumnName = Field(
        description="The column whose values label the bars, points or slices, or date a line."
    )
    x: ColumnName | None = Field(
        default=None, description="Scatter charts only: the column along the horizontal axis."
    )


class Series(_Part):
    column: ColumnName
    name: Annotated[str, _text(100)] = Field(
        default="",
        description="What readers see (legend, tooltips, data table, description, chart CSV); "
        "blank: the dataset's title for the column, else the column's name.",
    )
    kind: SeriesKind = Field(description="How the series is drawn.")


class CategoryAxis(_Part):
    title: Annotated[str, _text(100)] = ""


class ValueAxis(_Part):
    title: Annotated[str, _text(100)] = ""
    log: Annotated[bool, Strict()] = False
    min: FiniteNumber | None = None
    max: FiniteNumber | None = None


class Axes(_Part):
    orientation: Orientation = Field(
        default="vertical",
        description="Where the categories run: along the bottom (vertical bars, lines) or "
        "down the side (horizontal bars).",
    )
    category: CategoryAxis = CategoryAxis()
    value: ValueAxis = ValueAxis()


class NumberFormatSpec(_Part):
    style: NumberFormat = NumberFormat.GROUPED
    unit: Annotated[str, _text(40)] = ""
    locale: NumberLocale = NumberLocale.EN_GB
    # The slot for rescaled data (thousands, millions): only 1 until transforms fill it.
    scale: Literal[1] = 1


class LineAnnotation(_Part):
    """A reference line across the chart at one position."""

    kind: Literal["line"]
    axis: AxisName
    value: Position
    label: Annotated[str, _text(MAX_ANNOTATION_LABEL)] = ""


class BandAnnotation(_Part):
    """A shaded span between two positions."""

    kind: Literal["band"]
    axis: AxisName
    start: Position = Field(alias="from")
    end: Position = Field(alias="to")
    label: Annotated[str, _text(MAX_ANNOTATION_LABEL)] = ""


class TextAnnotation(_Part):
    """Words pointing at a point (`at`) or a period (`at` to `until`) on the category axis."""

    kind: Literal["text"]
    at: Position
    until: Position | None = None
    value: FiniteNumber | None = Field(
        default=None, description="The height pointed at; blank: the first series' value at `at`."
    )
    text: Annotated[str, _text(MAX_ANNOTATION_TEXT, min_length=1)]


Annotation = Annotated[
    LineAnnotation | BandAnnotation | TextAnnotation, Field(discriminator="kind")
]


class Labels(_Part):
    """Numbers and names written on the chart itself (static/js/charts/labels.js draws them)."""

    values: Annotated[bool, Strict()] = Field(
        default=False,
        description="Bar charts: each bar's value at its end, in the chart's number format.",
    )
    line_ends: Annotated[bool, Strict()] = Field(
        default=False,
        description="Line and area charts: each series' name at its last point, in its "
        "colour, instead of a legend.",
    )


class Texts(_Part):
    subtitle: Annotated[str, _text(300)] = ""
    alt: Annotated[str, _text(400)] = Field(
        default="", description="For screen readers: what the chart shows."
    )
    description: Annotated[str, _text(5000)] = ""
    notes: Annotated[str, _text(2000)] = ""
    source: Annotated[str, _text(300)] = Field(
        default="", description="Blank: the dataset's source."
    )


class Headline(_Part):
    value: Annotated[str, _text(40, min_length=1)]
    label: Annotated[str, _text(200)] = ""
    source: Annotated[str, _text(300)] = ""


# The parts of the other chart forms (maps, tables, small multiples, dot plots) are in
# charts/spec_forms.py.


class ChartSpec(_Part):
    """One chart: everything that defines its drawing, apart from its data and title."""

    schema_version: Literal[3] = SPEC_SCHEMA_VERSION
    chart_type: ChartType = ChartType.BAR
    columns: Columns
    series: list[Series] = Field(default_factory=list, max_length=MAX_SERIES)
    axes: Axes = Axes()
    format: NumberFormatSpec = NumberFormatSpec()
    colours: list[HexColour] = Field(default_factory=list, max_length=MAX_COLOURS)
    annotations: list[Annotation] = Field(default_factory=list, max_length=MAX_ANNOTATIONS)
    highlight: list[Annotated[str, _text(MAX_COLUMN_NAME, min_length=1)]] = Field(
        default_factory=list,
        max_length=MAX_HIGHLIGHTS,
        description="Labels whose bars or slices keep their colour while the others turn grey; "
        "case does not matter.",
    )
    labels: Labels = Labels()
    sort: SortOrder = SortOrder.DATA
    texts: Texts = Texts()
    headline: Headline | None = None
    transforms: Transforms = Field(
        default_factory=list,
        description="Steps (filter, group, pivot, …) from the dataset's table to the plotted "
        "one, in order; the columns above name the table they make.",
    )
    map: MapSpec | None = Field(default=None, description="Map charts only.")
    table: TableSpec | None = Field(default=None, description="Table charts only.")
    facet: FacetSpec | None = Field(
        default=None, description="Bar, line and area charts: draw them as small multiples."
    )
    dots: DotSpec | None = Field(
        default=None, description="Dot, range and arrow plots only; blank: a range plot."
    )

    @model_validator(mode="before")
    @classmethod
    def _orientation_from_type(cls, data: Any) -> Any:
        """A document that leaves out the orientation gets its chart type's."""
        if isinstance(data, dict) and isinstance(data.get("axes", {}), dict):
            axes = data.get("axes", {})
            if "orientation" not in axes:
                data = {
                    **data,
                    "axes": {**axes, "orientation": orientation_of(data.get("chart_type"))},
                }
        return data

    @model_validator(mode="after")
    def _orientation_fits_type(self) -> "ChartSpec":
        if self.axes.orientation != orientation_of(self.chart_type):
            raise ValueError(
                f"a {self.chart_type} chart is drawn {orientation_of(self.chart_type)}"
            )
        return self

    @model_validator(mode="after")
    def _map_table_parts(self) -> "ChartSpec":
        if self.chart_type == ChartType.MAP and self.map is None:
            raise ValueError("a map chart needs its map settings")
        if self.chart_type == ChartType.TABLE and self.table is None:
            raise ValueError("a table chart needs its table settings")
        return self

    def dump(self) -> dict:
        """The document as stored and served (JSON-ready, `from`/`to` for bands)."""
        return self.model_dump(mode="json", by_alias=True)

    @property
    def value_columns(self) -> list[str]:
        return [series.column for series in self.series]

    def highlights(self, label: object) -> bool:
        """Whether a label is a highlighted one: case does not matter ("china" is "China")."""
        if not self.highlight or label is None:
            return False
        return str(label).casefold() in {h.casefold() for h in self.highlight}

    @property
    def shown_format(self) -> NumberFormatSpec:
        """The number format readers see: a rescale step's unit follows the numbers.

        A rescale with no unit of its own says its size before the chart's unit
        ("million jobs"). The values themselves are divided, so the scale stays 1.
        """
        unit = unit_after(self.transforms, self.format.unit)
        rescales = [step for step in self.transforms if isinstance(step, Rescale)]
        if rescales and not rescales[-1].unit:
            size = _SIZE_WORDS[rescales[-1].divide_by]
            unit = f"{size} {unit}".strip()
        return self.format.model_copy(update={"unit": unit[:100]})

    def plotted_columns(self) -> list[str]:
        """The columns the chart plots, label first, of the table its transforms make."""
        if self.chart_type == ChartType.MAP and self.map:
            return list(dict.fromkeys([self.map.region_column, self.map.value_column]))
        if self.chart_type == ChartType.TABLE and self.table:
            return list(dict.fromkeys(self.table.columns))
        x = [self.columns.x] if self.chart_type == ChartType.SCATTER and self.columns.x else []
        plotted = [self.columns.label, *x, *self.value_columns]
        if self.facet and self.facet.column and self.facet.column not in plotted:
            plotted.append(self.facet.column)  # small multiples: the column naming the panels
        return plotted


_SIZE_WORDS = {1_000: "thousand", 1_000_000: "million", 1_000_000_000: "billion"}


def orientation_of(chart_type: Any) -> Orientation:
    horizontal = chart_type in (ChartType.HORIZONTAL_BAR, ChartType.DOT)
    return "horizontal" if horizontal else "vertical"


def series_kind(chart_type: ChartType) -> SeriesKind:
    """How a chart type draws its series (bars-and-lines charts choose per series)."""
    return _SERIES_KIND.get(chart_type, "bar")


_SERIES_KIND: dict[ChartType, SeriesKind] = {
    ChartType.LINE: "line",
    ChartType.AREA: "area",
    ChartType.SCATTER: "point",
    ChartType.PIE: "slice",
    ChartType.DOUGHNUT: "slice",
    ChartType.DOT: "point",
}


class SpecVersionError(ValueError):
    pass


def migrate(raw: dict) -> dict:
    """An older stored document upgraded to SPEC_SCHEMA_VERSION, one version at a time."""
    if not isinstance(raw, dict):
        raise SpecVersionError("A chart spec is a JSON object.")
    # Version 1 called its number "version"; a document with neither is written to the current.
    version = raw.get("schema_version", raw.get("version", SPEC_SCHEMA_VERSION))
    if type(version) is not int or not 1 <= version <= SPEC_SCHEMA_VERSION:
        raise SpecVersionError(f"Unknown chart spec version {version!r}.")
    document = dict(raw)
    while version < SPEC_SCHEMA_VERSION:
        document = UPGRADES[version](document)
        version += 1
    return document


def read_spec(raw: dict | ChartSpec) -> ChartSpec:
    """A stored or submitted document as a validated, current ChartSpec."""
    if isinstance(raw, ChartSpec):
        return raw
    return ChartSpec.model_validate(migrate(raw))


def spec_json_schema() -> dict:
    """The JSON Schema of a stored or submitted chart spec (the API publishes it)."""
    return ChartSpec.model_json_schema(by_alias=True)
