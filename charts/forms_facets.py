"""The chart form's fields for small multiples (issue 16), mixed into ChartAdminForm.

Blank "Small multiples" draws one chart; otherwise a panel per series or per value
of the chosen column (charts/facets.py), on a shared scale unless the editor frees it.
"""

from typing import Any

from django import forms

from charts.spec_forms import MAX_PANELS


class FacetFields(forms.Form):
    # Mixed into the chart's ModelForm, whose choice fields these are.
    fields: dict[str, Any]
    facet_by = forms.ChoiceField(
        label="Small multiples",
        required=False,
        choices=[
            ("", "No: one chart"),
            ("column", "One panel per value of a column"),
            ("series", "One panel per value column (series)"),
        ],
        help_text=f"Bar, line and area charts: one small chart per panel, at most {MAX_PANELS}.",
    )
    facet_column = forms.ChoiceField(
        label="Panels column",
        required=False,
        help_text="With one panel per value: the column naming the panels (e.g. country).",
    )
    facet_scale = forms.ChoiceField(
        label="Panels' scale",
        required=False,
        choices=[
            ("shared", "Shared: every panel on the same axes (compare sizes)"),
            ("free", "Free: each panel its own axes (compare shapes)"),
        ],
        initial="shared",
    )

    def offer_facet_columns(self, labels):
        """The panels' column choices, as the main form offers its label columns."""
        self.fields["facet_column"].choices = [("", "---------"), *labels]

    def clean(self):
        cleaned = super().clean() or {}
        cleaned["facet_scale"] = cleaned.get("facet_scale") or "shared"
        if cleaned.get("facet_by") != "column":
            cleaned["facet_column"] = ""
        return cleaned
