"""The chart form's series and highlight fields (the rest is charts/forms.py).

Each value column the editor ticks gets, beside it, the name readers see (its
placeholder: the dataset's title for the column, or the column's name) and, in a
bars-and-lines chart, whether it is drawn as bars or a line. The highlight is a
list of the label column's values to tick, several allowed; the first
MAX_LABELS_OFFERED distinct labels are offered, and any label the chart already
highlights stays offered. The spec's checks (charts/validation.py) say what is
wrong with a label that is not in the data, and suggest the closest.
"""

from django import forms
from django.template.loader import render_to_string

from charts.labels import column_titles
from charts.spec import MAX_HIGHLIGHTS

MAX_LABELS_OFFERED = 200
KIND_CHOICES = [("bar", "Bars"), ("line", "Line")]


class SeriesWidget(forms.CheckboxSelectMultiple):
    """The value columns' checkboxes, each with its shown name and its bars-or-line choice."""

    template_name = "admin/charts/chart/series_widget.html"
    titles: dict[str, str] = {}
    names: dict[str, str] = {}
    lines: set[str] = set()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        column = str(value)
        option["series"] = {
            "title": self.titles.get(column) or column,
            "name": self.names.get(column, ""),
            "kind": "line" if column in self.lines else "bar",
            "kinds": KIND_CHOICES,
        }
        return option

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates (the form renderer's engine only knows the apps').
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class LabelsField(forms.MultipleChoiceField):
    """Labels ticked from the data; one no longer offered is still taken, for the checks."""

    def valid_value(self, value):
        return True

    def clean(self, value):
        labels = super().clean(value)
        if len(labels) > MAX_HIGHLIGHTS:
            raise forms.ValidationError(f"Highlight at most {MAX_HIGHLIGHTS} labels.")
        return labels


class SeriesFields(forms.Form):
    """The series and highlight fields, mixed into the chart form."""

    value_columns = forms.MultipleChoiceField(
        label="Value columns",
        widget=SeriesWidget,
        required=False,  # the chart's checks ask for one where its type needs it
        help_text="One or more numeric columns to plot, one series each (a map: its values). "
        "Beside each: the name readers see (blank: the dataset's title for the column) and, "
        "in a bars-and-lines chart, whether it is drawn as bars or a line.",
    )
    highlight = LabelsField(
        label="Highlight",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chartweek-highlight"}),
        help_text=f"Optional: one or several labels. Their bars or slices keep their colour; the "
        f"others turn grey. Charts of one column only. The first {MAX_LABELS_OFFERED} labels "
        "of the label column are listed.",
    )

    def offer_series(self, dataset, values, stored: dict) -> None:
        """The value columns' choices, with the dataset's titles and the names given so far."""
        widget = self.fields["value_columns"].widget
        assert isinstance(widget, SeriesWidget)
        names = [value for value, _ in _flat(values)]
        widget.titles = column_titles(dataset, names)
        chosen = self._submitted_series() if self.is_bound else None
        if chosen is None:
            widget.names = dict(stored.get("series_names") or {})
            widget.lines = set(stored.get("line_columns") or [])
        else:
            widget.names, lines = chosen
            widget.lines = set(lines)

    def offer_labels(self, labels: list[str], chosen: list[str]) -> None:
        """The highlight's choices: the data's labels, then any chosen that are not among them."""
        known = {label.casefold(): label for label in labels}
        extra = [label for label in chosen if label.casefold() not in known]
        if not self.is_bound and chosen:
            # Ticked as the data writes them: "china" ticks China.
            self.initial["highlight"] = [known.get(c.casefold(), c) for c in chosen]
        self.highlight_labels = labels
        field = self.fields["highlight"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(label, label) for label in [*labels, *extra]]

    def _submitted_series(self) -> tuple[dict[str, str], list[str]]:
        """{column: name} and the columns drawn as lines, as the form's rows send them."""
        getlist = getattr(self.data, "getlist", None)
        if getlist is None:
            return {}, []
        # Rows come whole from the form; a hand-made request with fewer of one is cut short.
        sent = (getlist("series_column"), getlist("series_name"), getlist("series_kind"))
        rows = zip(*sent, strict=False)
        names: dict[str, str] = {}
        lines: list[str] = []
        for column, name, kind in rows:
            if name.strip():
                names[column] = name.strip()
            if kind == "line":
                lines.append(column)
        return names, lines

    def series_fields(self, cleaned: dict) -> dict:
        """The spec fields for the ticked columns: their names and which are lines."""
        names, lines = self._submitted_series()
        chosen = set(cleaned.get("value_columns") or [])
        return {
            "series_names": {c: n for c, n in names.items() if c in chosen},
            "line_columns": [c for c in lines if c in chosen],
        }


def first_labels(values) -> list[str]:
    """The first MAX_LABELS_OFFERED distinct labels among `values`, in their order."""
    seen: dict[str, None] = {}
    texts = ("" if value is None else str(value) for value in values)
    for text in texts:
        if text and text not in seen:
            seen[text] = None
            if len(seen) >= MAX_LABELS_OFFERED:
                break
    return list(seen)


def _flat(choices):
    """(value, label) pairs, through any groups."""
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat(label)
        else:
            yield value, label
