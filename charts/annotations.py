"""A chart's annotations as the browser draws them (for charts/config.py).

Reference lines and bands on either axis go to chartjs-plugin-annotation, in
whichever orientation the chart is drawn; so does the shading of a text
annotation's period. The words of text annotations (`text_notes`) are drawn by
static/js/charts/labels.js, which wraps them, keeps them inside the chart at any
width and draws the leader line to their point or period. `marks_of` says what
labels.js writes on a chart (its values, line names and notes); the share image
draws the same.
"""

from typing import Any

from charts.choices import BAR_TYPES, LINE_TYPES, ROUND_TYPES
from charts.spec import BandAnnotation, ChartSpec, LineAnnotation, TextAnnotation


def chartjs_annotations(
    spec: ChartSpec, rows: list, category_axis: str, value_axis: str, *, labels: bool
) -> dict:
    """chartjs-plugin-annotation's form, keyed a0, a1…; js/charts/colours.js adds the colours.

    On a category axis a position is a label: the plugin would read a number such
    as 2020 as the 2,021st label.
    """

    def on(axis_name, value):
        return _label(value) if labels and axis_name == "category" else value

    result = {}
    for number, note in enumerate(spec.annotations):
        if isinstance(note, TextAnnotation) and note.until is None:
            continue  # words and an arrow only: labels.js draws them
        if isinstance(note, LineAnnotation):
            axis = value_axis if note.axis == "value" else category_axis
            item = {"type": "line", "scaleID": axis, "value": on(note.axis, note.value)}
        elif isinstance(note, BandAnnotation):
            axis = value_axis if note.axis == "value" else category_axis
            item = {
                "type": "box",
                f"{axis}Min": on(note.axis, note.start),
                f"{axis}Max": on(note.axis, note.end),
            }
        else:  # a text annotation's period, shaded; labels.js writes its words above
            item = {
                "type": "box",
                f"{category_axis}Min": on("category", note.at),
                f"{category_axis}Max": on("category", note.until),
            }
        if label := getattr(note, "label", ""):  # lines and bands; a text note is its text
            item["label"] = {"display": True, "content": label}
        result[f"a{number}"] = item
    return result


def text_notes(spec: ChartSpec, rows: list, header: list[str]) -> list[dict]:
    """The words of the text annotations, where they point: for static/js/charts/labels.js.

    `at` (and `until`) are positions on the category axis, as the data writes
    them; `value` is the height pointed at: the editor's, else the first
    series' value at `at` (its column found in `header`, the rows' columns: a
    panel of small multiples has more than its own), else None (the arrow then
    points at the axis).
    """
    first = header.index(spec.series[0].column) if spec.series else None
    notes = []
    for note in spec.annotations:
        if not isinstance(note, TextAnnotation):
            continue
        value = note.value
        if value is None and note.until is None and first is not None:
            at = _label(note.at)
            value = next((row[first] for row in rows if _label(row[0]) == at), None)
        notes.append({"at": note.at, "until": note.until, "value": value, "text": note.text})
    return notes


def _label(value):
    return "" if value is None else str(value)


def marks_of(spec: ChartSpec, rows, header: list[str]) -> dict:
    """What static/js/charts/labels.js writes on the chart: values, line names, notes.

    Each only where the chart type has it (the checks say so to the editor); the
    names at the lines' ends stand in for the legend.
    """
    marks: dict[str, Any] = {}
    if spec.labels.values and spec.chart_type in BAR_TYPES:
        marks["values"] = True
    if spec.labels.line_ends and spec.chart_type in LINE_TYPES:
        marks["lineEnds"] = True
    if spec.chart_type not in ROUND_TYPES and (notes := text_notes(spec, rows, header)):
        marks["notes"] = notes
    return marks
