"""The chart spec as the flat fields editors fill in, both ways.

The chart form (charts/forms.py), the demo loader and the test factories speak
in these names (`label_column`, `value_columns`, `log_scale` …); the spec
(charts/spec.py) is the one definition they map to. charts/validation.py
reports problems under the same names, so each message lands beside the field
an editor can change.
"""

from typing import Any

import pydantic
from django.core.exceptions import ValidationError

from charts.choices import ChartType, NumberFormat, NumberLocale, SortOrder
from charts.spec import ChartSpec, series_kind

DEFAULTS: dict[str, Any] = {
    "chart_type": ChartType.BAR,
    "label_column": "",
    "value_columns": [],
    "x_column": "",
    "line_columns": [],
    "series_names": {},
    "sort": SortOrder.DATA,
    "highlight": [],
    "number_format": NumberFormat.GROUPED,
    "unit": "",
    "locale": NumberLocale.EN_GB,
    "value_axis_title": "",
    "category_axis_title": "",
    "log_scale": False,
    "value_min": None,
    "value_max": None,
    "colours": [],
    "annotations": [],
    "value_labels": False,
    "direct_labels": False,
    "headline_value": "",
    "headline_label": "",
    "headline_source": "",
    "source_line": "",
    "notes": "",
    "alt_text": "",
    "description": "",
    "subtitle": "",
    "transforms": [],
    # Maps and tables (issue 16)
    "map_kind": "choropleth",
    "map_boundary": "world",
    "map_region_column": "",
    "map_value_column": "",
    "map_palette": "sequential",
    "map_bins": "quantiles",
    "map_count": 5,
    "map_breaks": [],
    "map_midpoint": 0.0,
    "map_matches": {},
    "table_columns": [],
    "table_styles": {},
    "table_page_size": 25,
    # Small multiples (issue 16): "" draws one chart
    "facet_by": "",
    "facet_column": "",
    "facet_scale": "shared",
    # Dot, range and arrow plots
    "dot_style": "range",
    "dot_sort_by": "gap",
    "dot_gap_labels": True,
}

# Where each part of the spec is edited: a path in the document → the field's name.
_FIELD_OF = {
    ("chart_type",): "chart_type",
    ("columns", "label"): "label_column",
    ("columns", "x"): "x_column",
    ("series",): "value_columns",
    ("sort",): "sort",
    ("highlight",): "highlight",
    ("format", "style"): "number_format",
    ("format", "unit"): "unit",
    ("format", "locale"): "locale",
    ("axes", "category", "title"): "category_axis_title",
    ("axes", "value", "title"): "value_axis_title",
    ("axes", "value", "log"): "log_scale",
    ("axes", "value", "min"): "value_min",
    ("axes", "value", "max"): "value_max",
    ("colours",): "colours",
    ("annotations",): "annotations",
    ("labels", "values"): "value_labels",
    ("labels", "line_ends"): "direct_labels",
    ("transforms",): "transforms",
    ("texts", "subtitle"): "subtitle",
    ("texts", "alt"): "alt_text",
    ("texts", "description"): "description",
    ("texts", "notes"): "notes",
    ("texts", "source"): "source_line",
    ("headline", "value"): "headline_value",
    ("headline", "label"): "headline_label",
    ("headline", "source"): "headline_source",
    ("map", "kind"): "map_kind",
    ("map", "boundary"): "map_boundary",
    ("map", "region_column"): "label_column",
    ("map", "value_column"): "value_columns",
    ("map", "palette"): "map_palette",
    ("map", "bins"): "map_bins",
    ("map", "count"): "map_count",
    ("map", "breaks"): "map_breaks",
    ("map", "midpoint"): "map_midpoint",
    ("map", "matches"): "map_matches",
    ("table", "columns"): "table_columns",
    ("table", "styles"): "table_styles",
    ("table", "page_size"): "table_page_size",
    ("facet", "by"): "facet_by",
    ("facet", "column"): "facet_column",
    ("facet", "scale"): "facet_scale",
    ("dots", "style"): "dot_style",
    ("dots", "sort_by"): "dot_sort_by",
    ("dots", "gap_labels"): "dot_gap_labels",
}


def spec_from_fields(**fields: Any) -> ChartSpec:
    """The spec the fields describe; a ValidationError keyed by field names if none can be."""
    unknown = set(fields) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"Not chart fields: {', '.join(sorted(unknown))}")
    f = {**DEFAULTS, **fields}
    chart_type = f["chart_type"]
    values, lines = list(f["value_columns"] or []), list(f["line_columns"] or [])
    if chart_type == ChartType.BAR_LINE and not set(lines) <= set(values):
        raise ValidationError({"line_columns": "Only plotted columns can be drawn as lines."})
    kind = series_kind(chart_type)
    document = {
        "chart_type": chart_type,
        "columns": {
            "label": f["label_column"] or _first_column(f),
            "x": (f["x_column"] or None) if chart_type == ChartType.SCATTER else None,
        },
        "series": [
            {
                "column": name,
                "name": (f["series_names"] or {}).get(name, ""),
                "kind": "line" if chart_type == ChartType.BAR_LINE and name in lines else kind,
            }
            for name in values
        ],
        "sort": f["sort"],
        "highlight": _labels(f["highlight"]),
        "axes": {
            "category": {"title": f["category_axis_title"]},
            "value": {
                "title": f["value_axis_title"],
                "log": f["log_scale"],
                "min": f["value_min"],
                "max": f["value_max"],
            },
        },
        "format": {"style": f["number_format"], "unit": f["unit"], "locale": f["locale"]},
        "colours": list(f["colours"] or []),
        "annotations": list(f["annotations"] or []),
        "labels": {"values": bool(f["value_labels"]), "line_ends": bool(f["direct_labels"])},
        "texts": {
            "subtitle": f["subtitle"],
            "alt": f["alt_text"],
            "description": f["description"],
            "notes": f["notes"],
            "source": f["source_line"],
        },
        "headline": {
            "value": f["headline_value"],
            "label": f["headline_label"],
            "source": f["headline_source"],
        }
        if f["headline_value"]
        else None,
        "transforms": list(f["transforms"] or []),
        **_map_table_part(f),
        "facet": {
            "by": f["facet_by"],
            "column": f["facet_column"] or None,
            "scale": f["facet_scale"] or "shared",
        }
        if f["facet_by"]
        else None,
    }
    try:
        return ChartSpec.model_validate(document)
    except pydantic.ValidationError as exc:
        raise ValidationError(field_errors(exc)) from None


def _labels(highlight: Any) -> Any:
    """The highlighted labels: a list, or one label (the fields' older shape); blanks dropped."""
    if isinstance(highlight, str):
        highlight = [highlight]
    if isinstance(highlight, list | tuple):
        return [label for label in highlight if not isinstance(label, str) or label.strip()]
    return highlight  # the spec says what is wrong with it


def _first_column(f: dict) -> str:
    """A map's or a table's label column, when the form leaves it blank: the one it heads with."""
    if f["chart_type"] == ChartType.MAP:
        return f["map_region_column"]
    if f["chart_type"] == ChartType.TABLE:
        return next(iter(f["table_columns"] or []), "")
    return ""


def _map_table_part(f: dict) -> dict:
    """A map's or a table's part of the document, from its fields."""
    if f["chart_type"] == ChartType.MAP:
        return {
            "map": {
                "kind": f["map_kind"],
                "boundary": f["map_boundary"],
                "region_column": f["map_region_column"] or f["label_column"],
                "value_column": f["map_value_column"],
                "palette": f["map_palette"],
                "bins": f["map_bins"],
                "count": f["map_count"],
                "breaks": list(f["map_breaks"] or []),
                "midpoint": float(f["map_midpoint"] or 0),
                "matches": dict(f["map_matches"] or {}),
            }
        }
    if f["chart_type"] == ChartType.TABLE:
        return {
            "table": {
                "columns": list(f["table_columns"] or []),
                "styles": dict(f["table_styles"] or {}),
                "page_size": f["table_page_size"],
            }
        }
    if f["chart_type"] == ChartType.DOT:
        return {
            "dots": {
                "style": f["dot_style"],
                "sort_by": f["dot_sort_by"],
                "gap_labels": f["dot_gap_labels"],
            }
        }
    return {}


def _map_table_fields(spec: ChartSpec) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if spec.map:
        m = spec.map
        fields |= {
            "map_kind": m.kind,
            "map_boundary": m.boundary,
            "map_region_column": m.region_column,
            "map_value_column": m.value_column,
            "map_palette": m.palette,
            "map_bins": m.bins,
            "map_count": m.count,
            "map_breaks": list(m.breaks),
            "map_midpoint": m.midpoint,
            "map_matches": dict(m.matches),
        }
    if spec.table:
        t = spec.table
        fields |= {
            "table_columns": list(t.columns),
            "table_styles": dict(t.styles),
            "table_page_size": t.page_size,
        }
    if spec.dots:
        fields |= {
            "dot_style": spec.dots.style,
            "dot_sort_by": spec.dots.sort_by,
            "dot_gap_labels": spec.dots.gap_labels,
        }
    return fields


def fields_from_spec(spec: ChartSpec) -> dict[str, Any]:
    """The form's fields for a spec: what an editor sees when opening a chart."""
    headline = spec.headline
    return {
        "chart_type": spec.chart_type,
        "label_column": spec.columns.label,
        "value_columns": spec.value_columns,
        "x_column": spec.columns.x or "",
        "line_columns": [s.column for s in spec.series if s.kind == "line"]
        if spec.chart_type == ChartType.BAR_LINE
        else [],
        "series_names": {s.column: s.name for s in spec.series if s.name},
        "sort": spec.sort,
        "highlight": list(spec.highlight),
        "number_format": spec.format.style,
        "unit": spec.format.unit,
        "locale": spec.format.locale,
        "value_axis_title": spec.axes.value.title,
        "category_axis_title": spec.axes.category.title,
        "log_scale": spec.axes.value.log,
        "value_min": spec.axes.value.min,
        "value_max": spec.axes.value.max,
        "colours": list(spec.colours),
        "annotations": [a.model_dump(mode="json", by_alias=True) for a in spec.annotations],
        "value_labels": spec.labels.values,
        "direct_labels": spec.labels.line_ends,
        "headline_value": headline.value if headline else "",
        "headline_label": headline.label if headline else "",
        "headline_source": headline.source if headline else "",
        "source_line": spec.texts.source,
        "notes": spec.texts.notes,
        "alt_text": spec.texts.alt,
        "description": spec.texts.description,
        "subtitle": spec.texts.subtitle,
        "transforms": [step.model_dump(mode="json") for step in spec.transforms],
        **_map_table_fields(spec),
        "facet_by": spec.facet.by if spec.facet else "",
        "facet_column": (spec.facet.column or "") if spec.facet else "",
        "facet_scale": spec.facet.scale if spec.facet else "shared",
    }


def field_errors(exc: pydantic.ValidationError) -> dict[str, list[str]]:
    """pydantic's complaints about a spec as {field name: [messages]} for editors."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors():
        loc = tuple(error["loc"])
        field = next(
            (name for path, name in _FIELD_OF.items() if loc[: len(path)] == path), "__all__"
        )
        if field == "colours":
            message = f"Write colours as hex codes such as #0072B2; not {error['input']}."
        else:
            message = error["msg"].removeprefix("Value error, ")
            message = message[0].upper() + message[1:] + ("" if message.endswith(".") else ".")
        errors.setdefault(field, []).append(message)
    return errors
