"""The chart form editors fill in the admin, also used unsaved by the live preview.

Columns are offered from the chosen dataset; colours are typed as hex codes;
the spec's annotations are edited as one reference line and one band. Every
rule is the model's (Chart.clean, charts/validation.py): the form only turns
what editors type into the spec's shape.
"""

import re
from typing import cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from charts.models import Chart
from datasets.models import NUMERIC_TYPES, ColumnType, Dataset, DatasetVersion

AXIS_CHOICES = [("value", "The value axis (numbers)"), ("category", "The label or date axis")]
_SEPARATORS = re.compile(r"[\s,;]+")


def column_choices(version, *, types=None):
    """Choices from a data version's columns ("name (type)"), optionally of some types."""
    return [
        (c["name"], f"{c['name']} ({c['type']})")
        for c in version.columns
        if types is None or c["type"] in types
    ]


class ColoursField(forms.CharField):
    """Hex colours typed in one line ("#0072B2, #D55E00"), stored as a list."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [c.upper() for c in _SEPARATORS.split(text) if c]


class ChartAdminForm(forms.ModelForm):
    label_column = forms.ChoiceField(help_text=Chart._meta.get_field("label_column").help_text)
    value_columns = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        help_text="One or more numeric columns to plot, one series each.",
    )
    x_column = forms.ChoiceField(
        required=False, help_text=Chart._meta.get_field("x_column").help_text
    )
    line_columns = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Chart._meta.get_field("line_columns").help_text,
    )
    colours = ColoursField(
        required=False,
        help_text=Chart._meta.get_field("colours").help_text,
        widget=forms.TextInput(attrs={"placeholder": "#0072B2, #D55E00", "size": 40}),
    )
    line_axis = forms.ChoiceField(label="Axis", choices=AXIS_CHOICES, required=False)
    line_at = forms.CharField(
        label="At",
        required=False,
        help_text="A number on the value axis; a label, number or date (2020-03-23) on the other.",
    )
    line_label = forms.CharField(label="Label", required=False, max_length=80)
    band_axis = forms.ChoiceField(label="Axis", choices=AXIS_CHOICES, required=False)
    band_from = forms.CharField(label="From", required=False)
    band_to = forms.CharField(label="To", required=False)
    band_label = forms.CharField(label="Label", required=False, max_length=80)

    class Meta:
        model = Chart
        fields = [
            "dataset",
            "version",
            "title",
            "subtitle",
            "chart_type",
            "label_column",
            "value_columns",
            "x_column",
            "line_columns",
            "sort",
            "highlight",
            "number_format",
            "unit",
            "locale",
            "value_axis_title",
            "category_axis_title",
            "log_scale",
            "value_min",
            "value_max",
            "colours",
            "headline_value",
            "headline_label",
            "headline_source",
            "source_line",
            "notes",
            "alt_text",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dataset = self._chosen_dataset()
        # The columns come from the version the chart draws: its own, or the latest.
        self.source = self._chosen_version()
        version_field = cast(forms.ModelChoiceField, self.fields["version"])
        version_field.required = False
        version_field.help_text = (
            "Empty: the dataset's latest data. A chart stays on its version until you move it on."
        )
        if self.source is not None:
            labels = column_choices(self.source)
            values = column_choices(self.source, types=NUMERIC_TYPES)
            axes = column_choices(self.source, types=NUMERIC_TYPES | {ColumnType.DATE})
            version_field.queryset = self.dataset.versions.all()
        else:
            # No dataset chosen yet: every dataset's columns, grouped by dataset.
            # Model validation rejects a column that is not in the chosen one.
            latest = [
                (d.title, d.current_version)
                for d in Dataset.objects.select_related("current_version")
                if d.current_version
            ]
            labels = [(title, column_choices(v)) for title, v in latest]
            values = [(title, column_choices(v, types=NUMERIC_TYPES)) for title, v in latest]
            axes = [
                (title, column_choices(v, types=NUMERIC_TYPES | {ColumnType.DATE}))
                for title, v in latest
            ]
            version_field.queryset = DatasetVersion.objects.none()
        choice = cast(dict[str, forms.ChoiceField], self.fields)
        choice["label_column"].choices = [("", "---------"), *labels]
        choice["value_columns"].choices = values
        choice["line_columns"].choices = values
        choice["x_column"].choices = [("", "---------"), *axes]
        self._show_annotations()

    def _chosen_dataset(self):
        key = self.data.get("dataset") if self.is_bound else self.initial.get("dataset")
        if key:
            try:
                return Dataset.objects.select_related("current_version").get(pk=key)
            except (Dataset.DoesNotExist, ValueError, TypeError):
                return None
        return self.instance.dataset if self.instance.dataset_id else None

    def _chosen_version(self):
        if self.dataset is None:
            return None
        key = self.data.get("version") if self.is_bound else None
        if key:
            chosen = self.dataset.versions.filter(pk=key).first() if str(key).isdigit() else None
            if chosen is not None:
                return chosen
        if self.instance.version_id and self.instance.dataset_id == self.dataset.pk:
            return self.instance.version
        return self.dataset.current_version

    def _show_annotations(self):
        """The spec's first reference line and first band, as the form's fields."""
        line, band, _ = _split_annotations(self.instance.annotations)
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

    user = None  # set by the admin: who is saving

    def clean(self):
        cleaned = super().clean()
        self._check_data_move(cleaned)
        # The annotations are not a form field: set them on the instance for the
        # model's checks (and save) to see, keeping any beyond the first line and band.
        _, _, others = _split_annotations(self.instance.annotations)
        self.instance.annotations = [*self._annotations_from(cleaned), *others]
        return cleaned

    def _check_data_move(self, cleaned):
        """Drawing other data in a published article is publishing (articles.publishing)."""
        from articles import publishing  # articles builds on charts: see test_import_direction

        if self.user is None or not self.instance.pk or self.dataset is None:
            return
        version = cleaned.get("version") or self.dataset.current_version
        if version is None or version.pk == self.instance.version_id:
            return
        if not publishing.may_move_data(self.instance, by=self.user):
            self.add_error("version", publishing.move_refusal(self.instance))

    def _annotations_from(self, cleaned):
        notes = []
        if cleaned.get("line_at") or cleaned.get("line_label"):
            axis = cleaned.get("line_axis") or "value"
            note = {"kind": "line", "axis": axis, "value": self._position(cleaned["line_at"], axis)}
            notes.append({**note, "label": cleaned.get("line_label", "")})
        if cleaned.get("band_from") or cleaned.get("band_to") or cleaned.get("band_label"):
            axis = cleaned.get("band_axis") or "value"
            notes.append(
                {
                    "kind": "band",
                    "axis": axis,
                    "from": self._position(cleaned.get("band_from", ""), axis),
                    "to": self._position(cleaned.get("band_to", ""), axis),
                    "label": cleaned.get("band_label", ""),
                }
            )
        return notes

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
        column = self.source.column(name) if name else None
        return column["type"] if column else None

    def _update_errors(self, errors):
        # The model reports annotation problems under "annotations", which is
        # no field here: put each beside the fields it came from.
        if hasattr(errors, "error_dict") and "annotations" in errors.error_dict:
            placed = {"line": "line_at", "band": "band_from"}
            error_dict = dict(errors.error_dict)
            for error in error_dict.pop("annotations"):
                field = placed.get(error.code, NON_FIELD_ERRORS)
                error_dict.setdefault(field, []).append(error)
            errors = ValidationError(error_dict)
        super()._update_errors(errors)  # type: ignore[misc]  # stubs lack the private hook


def _split_annotations(annotations):
    """(first line, first band, the rest) of a spec's annotations."""
    line = band = None
    others = []
    for note in annotations if isinstance(annotations, list) else []:
        kind = note.get("kind") if isinstance(note, dict) else None
        if kind == "line" and line is None:
            line = note
        elif kind == "band" and band is None:
            band = note
        else:
            others.append(note)
    return line, band, others


def _as_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)
