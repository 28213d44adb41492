"""A chart's annotations in chartjs-plugin-annotation's form (for charts/config.py).

Reference lines and bands on either axis, and text annotations pointing at a
point (a label with a callout) or over a period (a box), in whichever
orientation the chart is drawn.
"""

from charts.spec import BandAnnotation, ChartSpec, LineAnnotation


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
        else:
            item = _text_annotation(spec, rows, note, category_axis, value_axis, on)
        if label := getattr(note, "label", ""):  # lines and bands; a text note is its text
            item["label"] = {"display": True, "content": label}
        result[f"a{number}"] = item
    return result


def _text_annotation(spec, rows, note, category_axis, value_axis, on):
    """Words at a point (a label with a callout to it) or over a period (a band)."""
    if note.until is not None:
        return {
            "type": "box",
            f"{category_axis}Min": on("category", note.at),
            f"{category_axis}Max": on("category", note.until),
            "label": {"display": True, "content": note.text, "position": "start"},
        }
    value = note.value
    if value is None:  # the first series' value at that label, if the data has it
        at = _label(note.at)
        value = next((row[-len(spec.series)] for row in rows if _label(row[0]) == at), None)
    return {
        "type": "label",
        f"{category_axis}Value": on("category", note.at),
        f"{value_axis}Value": value,
        "content": note.text,
        "callout": {"display": True},
        "yAdjust": -30 if value_axis == "y" else 0,
        "xAdjust": 30 if value_axis == "x" else 0,
    }


def _label(value):
    return "" if value is None else str(value)
