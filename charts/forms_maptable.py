"""The chart form's fields for maps and tables (issue 16), mixed into ChartAdminForm.

A map's regions are its label column and its values the first value column,
unless the map's own fields say otherwise; a table shows its label column first,
then the columns ticked here, in the dataset's order.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from charts.spec_forms import MAX_BREAKS

_SEPARATORS = re.compile(r"[\s,;]+")
BOUNDARIES = [
    ("world", "World (countries)"),
    ("us-states", "US states"),
    ("us-counties", "US counties"),
]
BINS = [
    ("quantiles", "Quantiles (equal numbers of regions per colour)"),
    ("equal", "Equal steps"),
    ("breaks", "My breaks"),
    ("continuous", "Continuous"),
]


class MapTableFields(forms.Form):
    # Mixed into the chart's ModelForm, whose instance and choice fields these are.
    instance: Any
    fields: dict[str, Any]
    map_kind = forms.ChoiceField(
        label="Map kind",
        required=False,
        choices=[("choropleth", "Shaded regions"), ("symbols", "Sized circles")],
        help_text="Maps only.",
    )
    map_boundary = forms.ChoiceField(
        label="Boundaries",
        required=False,
        choices=BOUNDARIES,
        help_text="Maps only: the label column names these regions (codes or names).",
    )
    map_palette = forms.ChoiceField(
        label="Colours",
        required=False,
        choices=[("sequential", "Sequential (low to high)"), ("diverging", "Diverging")],
    )
    map_bins = forms.ChoiceField(label="Colour steps", required=False, choices=BINS)
    map_count = forms.IntegerField(
        label="Number of colours", required=False, min_value=2, max_value=9, initial=5
    )
    map_breaks = forms.CharField(
        label="Breaks",
        required=False,
        max_length=200,
        help_text=f"With “My breaks”: up to {MAX_BREAKS} numbers, e.g. 1, 10, 25, 50.",
    )
    map_midpoint = forms.FloatField(
        label="Midpoint", required=False, help_text="Diverging colours part here (blank: 0)."
    )
    table_columns = forms.MultipleChoiceField(
        label="Table columns",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tables only: the columns after the label column.",
    )
    table_bar_columns = forms.MultipleChoiceField(
        label="Bars in cells", required=False, widget=forms.CheckboxSelectMultiple
    )
    table_heat_columns = forms.MultipleChoiceField(
        label="Colour in cells", required=False, widget=forms.CheckboxSelectMultiple
    )
    table_page_size = forms.IntegerField(
        label="Rows per page", required=False, min_value=5, max_value=200, initial=25
    )

    def offer_columns(self, labels, values):
        """Column choices for the table's fields, as the main form offers them."""
        self.fields["table_columns"].choices = labels
        self.fields["table_bar_columns"].choices = values
        self.fields["table_heat_columns"].choices = values

    def show_map_table(self, initial: dict) -> dict:
        """The stored spec's table styles and breaks, as these fields show them."""
        styles = initial.pop("table_styles", {}) or {}
        columns = list(initial.get("table_columns") or [])
        return {
            **initial,
            "table_columns": columns[1:],
            "table_bar_columns": [c for c, s in styles.items() if s == "bar"],
            "table_heat_columns": [c for c, s in styles.items() if s == "heat"],
            "map_breaks": ", ".join(f"{b:g}" for b in initial.get("map_breaks") or []),
            "map_matches": initial.get("map_matches") or {},
        }

    def clean_map_breaks(self):
        text = self.cleaned_data.get("map_breaks") or ""
        try:
            breaks = [float(word) for word in _SEPARATORS.split(text) if word]
        except ValueError:
            raise ValidationError("Write the breaks as numbers, e.g. 1, 10, 25.") from None
        if len(breaks) > MAX_BREAKS:
            raise ValidationError(f"At most {MAX_BREAKS} breaks.")
        return breaks

    def clean(self):
        cleaned = super().clean() or {}
        label = cleaned.get("label_column")
        cleaned["table_columns"] = [label, *cleaned.get("table_columns", [])] if label else []
        styles = dict.fromkeys(cleaned.get("table_bar_columns", []), "bar")
        styles |= dict.fromkeys(cleaned.get("table_heat_columns", []), "heat")
        cleaned["table_styles"] = styles
        for name, default in (("map_kind", "choropleth"), ("map_boundary", "world")):
            cleaned[name] = cleaned.get(name) or default
        cleaned["map_palette"] = cleaned.get("map_palette") or "sequential"
        cleaned["map_bins"] = cleaned.get("map_bins") or "quantiles"
        cleaned["map_count"] = cleaned.get("map_count") or 5
        cleaned["table_page_size"] = cleaned.get("table_page_size") or 25
        cleaned["map_midpoint"] = cleaned.get("map_midpoint") or 0.0
        cleaned["map_matches"] = self.instance.spec.map.matches if self._stored_map() else {}
        values = cleaned.get("value_columns") or []
        cleaned["map_value_column"] = values[0] if values else ""
        return cleaned

    def _stored_map(self):
        spec = getattr(self.instance, "spec", None)
        return spec is not None and spec.map is not None
