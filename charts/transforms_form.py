"""The builder's side of data transforms: the steps field, each step's result, suggestions.

Editors add, reorder and remove steps with plain fields (static/js/transform-steps.js
writes them into one hidden field as the steps' JSON; nobody types JSON). The
field checks them against the spec's types (charts/transforms.py); `step_results`
shows what each step makes, a few rows and the counts, under the preview; and
`suggestions` offers the one step that would make a table read as a chart.
"""

import json
from typing import Any

import pydantic
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from charts.plotted import source_table
from charts.transforms import MAX_TRANSFORMS, Table, TransformError, Transforms, apply
from datasets.models import NUMERIC_TYPES, ColumnType

MAX_STEPS_JSON = 20_000  # characters: twenty steps with long filter lists fit
PREVIEW_ROWS = 5
PREVIEW_COLUMNS = 8
_ADAPTER = pydantic.TypeAdapter(Transforms)


def parse_steps(text: Any) -> list:
    """The steps in a submitted field as Transform objects; ValidationError for editors."""
    if text in (None, ""):
        return []
    if isinstance(text, list):
        raw = text
    else:
        if len(text) > MAX_STEPS_JSON:
            raise ValidationError("Too many or too long steps.")
        try:
            raw = json.loads(text)
        except ValueError:
            raise ValidationError("The steps could not be read; reload the page.") from None
    if not isinstance(raw, list):
        raise ValidationError("The steps could not be read; reload the page.")
    if len(raw) > MAX_TRANSFORMS:
        raise ValidationError(f"A chart has at most {MAX_TRANSFORMS} steps.")
    try:
        return _ADAPTER.validate_python(raw)
    except pydantic.ValidationError as exc:
        messages = []
        for error in exc.errors()[:5]:
            loc = error["loc"]
            where = f"Step {loc[0] + 1}" if loc and isinstance(loc[0], int) else "A step"
            field = next((str(p) for p in reversed(loc[1:]) if isinstance(p, str)), "")
            about = f" ({field.replace('_', ' ')})" if field and field not in _OPS else ""
            messages.append(f"{where}{about}: {error['msg'].removeprefix('Value error, ')}.")
        raise ValidationError(messages) from None


_OPS = {
    "filter",
    "group",
    "pivot",
    "melt",
    "transpose",
    "sort",
    "top",
    "share",
    "change",
    "index",
    "running_total",
    "rescale",
}


class StepsWidget(forms.Widget):
    """A hidden input with the step editor around it; `columns` offers the table's names."""

    template_name = "admin/charts/chart/steps_widget.html"
    columns: list[str] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["columns"] = list(self.columns)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates (the form renderer's engine only knows the apps').
        # render_to_string escapes the template's values and returns safe text.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class StepsField(forms.CharField):
    """The chart's transforms, held in a hidden input as JSON and edited as plain fields."""

    widget = StepsWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return json.dumps(
                [s.model_dump(mode="json") if hasattr(s, "model_dump") else s for s in value]
            )
        return value

    def to_python(self, value):
        steps = parse_steps(super().to_python(value))
        return [step.model_dump(mode="json") for step in steps]


def steps_answer(form) -> dict:
    """The builder's answer for a chart form's unsaved steps: results as HTML, suggestions."""
    if form.source is None:
        return {"html": "", "suggestions": [], "columns": []}
    try:
        steps = parse_steps(form.data.get("transforms", ""))
    except ValidationError as exc:
        return {"html": "", "suggestions": [], "columns": [], "problems": exc.messages}
    table = source_table(form.source)
    results, made = run_steps(table, steps)
    columns = list(dict.fromkeys([*table.header, *(made.header if made else [])]))
    label = form.data.get("label_column") or None
    offered = made or table
    return {
        "html": render_to_string("admin/charts/chart/steps_results.html", {"results": results}),
        "suggestions": suggestions(made, label=label) if made else [],
        "columns": [str(c) for c in columns][:1000],
        # The form's column choices, from the table the steps make (a pivot makes series).
        "choices": {
            "label": [
                [n, f"{n} ({t})"] for n, t in zip(offered.header, offered.types, strict=True)
            ],
            "values": [
                [n, f"{n} ({t})"]
                for n, t in zip(offered.header, offered.types, strict=True)
                if t in NUMERIC_TYPES
            ],
        },
    }


def step_results(table: Table, steps: list) -> list[dict]:
    """Each step's result: its words, the first rows and columns, the row and column counts.

    A step that cannot run ends the list with its message.
    """
    return run_steps(table, steps)[0]


def run_steps(table: Table, steps: list) -> tuple[list[dict], Table | None]:
    """step_results, and the table the steps make (None when one cannot run)."""
    results = []
    for number, step in enumerate(steps, 1):
        try:
            table = apply(table, [step])
        except TransformError as exc:
            message = str(exc).replace("Step 1 ", f"Step {number} ", 1)
            results.append({"number": number, "words": step.describe(), "error": message})
            return results, None
        results.append(
            {
                "number": number,
                "words": step.describe(),
                "header": [str(h) for h in table.header[:PREVIEW_COLUMNS]],
                "rows": [
                    ["" if v is None else str(v) for v in row[:PREVIEW_COLUMNS]]
                    for row in table.rows[:PREVIEW_ROWS]
                ],
                "row_count": len(table.rows),
                "column_count": len(table.header),
            }
        )
    return results, table


def suggestions(table: Table, *, label: str | None) -> list[dict]:
    """One-click steps for a table that will not read as it is: {text, step}."""
    found = []
    numeric = [n for n, t in zip(table.header, table.types, strict=True) if t in NUMERIC_TYPES]
    text_columns = [
        n for n, t in zip(table.header, table.types, strict=True) if t == ColumnType.STRING
    ]
    if label in table.header:
        index = table.header.index(label)
        values = [row[index] for row in table.rows[:100_000]]
        if len(set(values)) < len(values):
            # A label that repeats: another text column probably names the series.
            category = next((n for n in text_columns if n != label), None)
            if category and numeric:
                found.append(
                    {
                        "text": f"“{label}” repeats: pivot by “{category}”, one series each?",
                        "step": {
                            "op": "pivot",
                            "category": category,
                            "label": label,
                            "value": next((n for n in numeric if n != label), numeric[0]),
                        },
                    }
                )
    if not numeric and text_columns:
        by = label if label in text_columns else text_columns[0]
        found.append(
            {
                "text": f"No numbers to plot: group by “{by}” and count the rows?",
                "step": {"op": "group", "by": by},
            }
        )
    return found
