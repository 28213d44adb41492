"""The chart form editors fill in the admin, also used unsaved by the live preview.

Editors see friendly fields; the form maps them to the chart's spec and back
(charts/spec_fields.py). Columns are offered from the chosen dataset; colours
are typed as hex codes; annotations and labels on the chart are edited through
charts/forms_annotations.py. Every rule is
the spec's (charts/spec.py) or the model's (Chart.clean, charts/validation.py):
the form only turns what editors type into the spec.
"""

import re
from typing import cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from charts.choices import ChartType, NumberFormat, NumberLocale, SortOrder
from charts.forms_annotations import AnnotationFields, split_annotations
from charts.forms_annotations import optional_text as _text
from charts.forms_dots import DotFields
from charts.forms_facets import FacetFields
from charts.forms_maptable import MapTableFields
from charts.forms_series import SeriesFields, first_labels
from charts.models import Chart
from charts.plotted import MadeColumns, source_table
from charts.spec_fields import DEFAULTS, fields_from_spec, spec_from_fields
from charts.transforms import TransformError, apply
from charts.transforms_form import StepsField, parse_steps
from datasets.models import NUMERIC_TYPES, ColumnType, Dataset, DatasetVersion

_SEPARATORS = re.compile(r"[\s,;]+")


def column_choices(version, *, types=None):
    """Choices from a data version's (or a table's) columns ("name (type)"), of some types."""
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


class ChartAdminForm(
    SeriesFields, FacetFields, MapTableFields, DotFields, AnnotationFields, forms.ModelForm
):
    transforms = StepsField(
        label="Steps",
        help_text="Filter, group, pivot, sort … the dataset's table before it is plotted.",
    )
    subtitle = _text("Subtitle", 300, "One line under the title: units, period, scope.")
    chart_type = forms.ChoiceField(label="Chart type", choices=ChartType, initial=ChartType.BAR)
    label_column = forms.ChoiceField(
        label="Label column",
        help_text="The column whose values label the bars, points or slices, or date a line.",
    )
    x_column = forms.ChoiceField(
        label="X column",
        required=False,
        help_text="Scatter charts only: the numeric or date column along the horizontal axis.",
    )
    sort = forms.ChoiceField(
        choices=SortOrder,
        initial=SortOrder.DATA,
        help_text="Order of the bars or slices. Lines and scatters keep the order of their axis.",
    )
    number_format = forms.ChoiceField(
        label="Number format", choices=NumberFormat, initial=NumberFormat.GROUPED
    )
    unit = _text("Unit", 40, "Shown after numbers ('papers'), or the currency code ('USD').")
    locale = forms.ChoiceField(
        choices=NumberLocale,
        initial=NumberLocale.EN_GB,
        help_text="How numbers and dates are written, whatever the reader's own settings.",
    )
    value_axis_title = _text(
        "Value axis title",
        100,
        "Title of the axis with the numbers; blank uses the unit, if it is a word.",
    )
    category_axis_title = _text(
        "Category axis title", 100, "Title of the axis with the labels or dates."
    )
    log_scale = forms.BooleanField(
        label="Log scale",
        required=False,
        help_text="Use a logarithmic value axis, for values spanning several orders of magnitude.",
    )
    value_min = forms.FloatField(
        label="Value min",
        required=False,
        help_text="Optional: where the value axis starts. Blank: automatic.",
    )
    value_max = forms.FloatField(
        label="Value max", required=False, help_text="Optional: where the value axis ends."
    )
    colours = ColoursField(
        required=False,
        help_text=(
            "Hex colours, one per plotted column in order (one per slice for pies and "
            "doughnuts; the highlighted bar's first). Blank: a colour-blind-safe palette."
        ),
        widget=forms.TextInput(attrs={"placeholder": "#0072B2, #D55E00", "size": 40}),
    )
    headline_value = _text("Headline value", 40, "Optional big number beside the chart.")
    headline_label = _text("Headline label", 200, "What the big number counts.")
    headline_source = _text("Headline source", 300, "Source and licence of the big number.")
    source_line = _text(
        "Source line", 300, "Shown under the chart; leave blank to use the dataset's source."
    )
    notes = _text(
        "Notes",
        2000,
        "Caveats shown under the chart, e.g. what is not comparable.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    alt_text = forms.CharField(
        label="Alt text",
        max_length=400,
        help_text="One or two sentences for screen readers: what the chart shows and its point.",
    )
    description = _text(
        "Description",
        5000,
        "A longer description for readers who cannot see the chart: its shape, the "
        "extremes, the trend. Blank: one is written from the data.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Chart
        fields = ["dataset", "version", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = fields_from_spec(self.instance.spec) if self.instance.spec is not None else {}
        if stored:
            shown = dict(stored)
            shown.pop("annotations")
            self.initial = {**self.show_map_table(shown), **self.initial}
        self.dataset = self._chosen_dataset()
        # The columns come from the version the chart draws: its own, or the latest.
        self.source = self._chosen_version()
        version_field = cast(forms.ModelChoiceField, self.fields["version"])
        version_field.required = False
        version_field.help_text = (
            "Empty: the dataset's latest data. A chart stays on its version until you move it on."
        )
        self.table = self._made_table()
        if self.source is not None:
            self.fields["transforms"].widget.columns = self.source.column_names()
        if self.source is not None:
            columns = self.table or self.source  # the steps' columns (a pivot makes series)
            labels = column_choices(columns)
            values = column_choices(columns, types=NUMERIC_TYPES)
            axes = column_choices(columns, types=NUMERIC_TYPES | {ColumnType.DATE})
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
        choice["x_column"].choices = [("", "---------"), *axes]
        self.offer_columns(labels, values)
        self.offer_facet_columns(labels)
        self.offer_series(self.dataset, values, stored)
        self.offer_labels(self._labels(), list(stored.get("highlight") or []))
        self._show_annotations()

    def _labels(self) -> list[str]:
        """The first labels of the chosen label column, in the table the steps make."""
        name = self.data.get("label_column") if self.is_bound else self.initial.get("label_column")
        columns = self.table or self.source
        if not name or columns is None or columns.column(name) is None:
            return []
        index = columns.column_names().index(name)
        if self.table is not None:
            return first_labels(row[index] for row in self.table.table.rows)
        return first_labels(values[0] for values in self.source.stream_rows(columns=[index]))

    def _submitted_steps(self):
        if self.is_bound:
            try:
                return parse_steps(self.data.get("transforms", ""))
            except ValidationError:
                return []  # the field says what is wrong
        spec = self.instance.spec
        return list(spec.transforms) if spec is not None else []

    def _made_table(self):
        """The table the submitted steps make from the chosen version; None without steps."""
        self.steps = self._submitted_steps()
        if self.source is None or not self.steps:
            return None
        try:
            return MadeColumns(apply(source_table(self.source), self.steps))
        except TransformError:
            return None  # the model's check names the step that cannot run

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

    user = None  # set by the admin: who is saving

    def clean(self):
        cleaned = super().clean()
        self._check_data_move(cleaned)
        self._set_spec(cleaned)
        return cleaned

    def _set_spec(self, cleaned):
        """The spec the fields describe, on the instance for the model's checks and save.

        Annotations beyond the first line, band and text are kept as they were. A field
        in error counts as blank, and keeps its own message alone.
        """
        *_, others = split_annotations(self._stored_annotations())
        fields = {name: cleaned.get(name, DEFAULTS[name]) for name in DEFAULTS}
        fields.update(self.series_fields(cleaned))
        fields["annotations"] = [*self._annotations_from(cleaned), *others]
        try:
            self.instance.spec = spec_from_fields(**fields)
        except ValidationError as exc:
            self.instance.spec = None
            for field, messages in exc.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, messages)

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

    def _update_errors(self, errors):
        # The model reports annotation problems under "annotations", which is
        # no field here: put each beside the fields it came from. A field already
        # in error keeps its own message only.
        if hasattr(errors, "error_dict"):
            placed = {"line": "line_at", "band": "band_from", "text": "note_at"}
            error_dict = {k: v for k, v in errors.error_dict.items() if k not in self.errors}
            # Bars or line is chosen beside each value column.
            error_dict.setdefault("value_columns", []).extend(error_dict.pop("line_columns", []))
            if not error_dict["value_columns"]:
                del error_dict["value_columns"]
            for error in error_dict.pop("annotations", []):
                field = placed.get(error.code, NON_FIELD_ERRORS)
                error_dict.setdefault(field, []).append(error)
            errors = ValidationError(error_dict)
        super()._update_errors(errors)  # type: ignore[misc]  # stubs lack the private hook
