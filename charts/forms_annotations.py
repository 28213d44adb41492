"""The chart form's annotation and label fields, mixed into ChartAdminForm.

The spec's annotations are edited as one reference line, one band and one text
annotation (any others are kept as they were); the labels written on the chart
(values on bars, names at the lines' ends) as two ticks. What editors type on
the category axis becomes a number where that axis has numbers.
"""

from typing import Any

from django import forms

from charts.spec import MAX_ANNOTATION_LABEL, MAX_ANNOTATION_TEXT
from charts.spec_fields import fields_from_spec
from datasets.models import NUMERIC_TYPES

AXIS_CHOICES = [("value", "The value axis (numbers)"), ("category", "The label or date axis")]


def optional_text(label, max_length, help_text="", **kwargs):
    return forms.CharField(
        label=label, max_length=max_length, required=False, help_text=help_text, **kwargs
    )


class AnnotationFields(forms.Form):
    # Mixed into the chart's ModelForm, whose instance, initial data and tables these are.
    instance: Any
    source: Any
    table: Any
    line_axis = forms.ChoiceField(label="Axis", choices=AXIS_CHOICES, required=False)
    line_at = forms.CharField(
        label="At",
        required=False,
        help_text="A number on the value axis; a label, number or date (2020-03-23) on the other.",
    )
    line_label = optional_text("Label", MAX_ANNOTATION_LABEL)
    band_axis = forms.ChoiceField(label="Axis", choices=AXIS_CHOICES, required=False)
    band_from = forms.CharField(label="From", required=False)
    band_to = forms.CharField(label="To", required=False)
    band_label = optional_text("Label", MAX_ANNOTATION_LABEL)
    note_at = forms.CharField(
        label="At",
        required=False,
        help_text="The date the note is about, as YYYY-MM-DD (e.g. 2024-01-20), or a label or "
        "number as written in the label column.",
    )
    note_until = forms.CharField(
        label="Until",
        required=False,
        help_text="Optional: the end of a period (written like At); its span is shaded.",
    )
    note_value = forms.FloatField(
        label="Pointing at",
        required=False,
        help_text="Optional: the value the arrow points at. Blank: the first series' value there.",
    )
    note_text = optional_text(
        "Text",
        MAX_ANNOTATION_TEXT,
        "Short words drawn with an arrow to the point (e.g. 'DeepSeek R1 released'); "
        "they wrap to fit phones.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    value_labels = forms.BooleanField(
        label="Values on bars",
        required=False,
        help_text="Bar charts: each bar's value at its end, in the number format. A value "
        "with no room beside or inside its bar is left out.",
    )
    direct_labels = forms.BooleanField(
        label="Names at the lines' ends",
        required=False,
        help_text="Line and area charts: each line's name at its last point, in its colour, "
        "instead of a legend.",
    )

    def _show_annotations(self):
        """The spec's first reference line, band and text annotation, as the form's fields."""
        line, band, note, _ = split_annotations(self._stored_annotations())
        if line:
            self.initial.update(
                line_axis=line.get("axis"),
                line_at=_as_text(line.get("value")),
                line_label=line.get("label", ""),
            )
        if band:
            self.initial.update(
                band_axis=band.get("axis"),
                band_from=_as_text(band.get("from")),
                band_to=_as_text(band.get("to")),
                band_label=band.get("label", ""),
            )
        if note:
            self.initial.update(
                note_at=_as_text(note.get("at")),
                note_until=_as_text(note.get("until")),
                note_value=note.get("value"),
                note_text=note.get("text", ""),
            )

    def _stored_annotations(self):
        spec = self.instance.spec
        return fields_from_spec(spec)["annotations"] if spec is not None else []

    def _annotations_from(self, cleaned):
        notes = []
        if cleaned.get("line_at") or cleaned.get("line_label"):
            axis = cleaned.get("line_axis") or "value"
            value = self._position(cleaned.get("line_at"), axis)
            if value is None:
                self.add_error("line_at", "Reference line: give value.")
            else:
                label = cleaned.get("line_label", "")
                notes.append({"kind": "line", "axis": axis, "value": value, "label": label})
        if cleaned.get("band_from") or cleaned.get("band_to") or cleaned.get("band_label"):
            axis = cleaned.get("band_axis") or "value"
            ends = [self._position(cleaned.get(k, ""), axis) for k in ("band_from", "band_to")]
            if None in ends:
                self.add_error("band_from", "Band: give from and to.")
            else:
                label = cleaned.get("band_label", "")
                notes.append(
                    {"kind": "band", "axis": axis, "from": ends[0], "to": ends[1], "label": label}
                )
        if note := self._text_note_from(cleaned):
            notes.append(note)
        return notes

    def _text_note_from(self, cleaned):
        """The text annotation the note fields describe; None when they are blank."""
        at = self._position(cleaned.get("note_at"), "category")
        until = self._position(cleaned.get("note_until"), "category")
        text = (cleaned.get("note_text") or "").strip()
        value = cleaned.get("note_value")
        if at is None and until is None and not text and value is None:
            return None
        if at is None:
            self.add_error("note_at", "Text annotation: give the date or label it is about.")
        elif not text:
            self.add_error("note_text", "Text annotation: write its words.")
        else:
            return {"kind": "text", "at": at, "until": until, "value": value, "text": text}
        return None

    def _position(self, text, axis):
        """What an editor typed, as the spec holds it: a number where the axis has numbers."""
        text = (text or "").strip()
        if not text:
            return None
        if axis == "value" or self._category_axis_type() in NUMERIC_TYPES:
            try:
                number = float(text.replace(",", "").replace(" ", ""))
            except ValueError:
                return text  # the model's check says what is wrong with it
            return int(number) if number.is_integer() else number
        return text

    def _category_axis_type(self):
        if self.source is None:
            return None
        is_scatter = self.cleaned_data.get("chart_type") == "scatter"
        name = self.cleaned_data.get("x_column" if is_scatter else "label_column")
        column = (self.table or self.source).column(name) if name else None
        return column["type"] if column else None


def split_annotations(annotations):
    """(first line, first band, first text, the rest) of a spec's annotations."""
    first: dict[str, dict] = {}
    others = []
    for note in annotations if isinstance(annotations, list) else []:
        kind = note.get("kind") if isinstance(note, dict) else None
        if kind in ("line", "band", "text") and kind not in first:
            first[kind] = note
        else:
            others.append(note)
    return first.get("line"), first.get("band"), first.get("text"), others


def _as_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)
