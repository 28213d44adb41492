"""The chart form's fields for dot, range and arrow plots (issue 16), mixed into ChartAdminForm.

The values are the chart's value columns, in order: the first is "before", the last
"after"; the Sort field's "Largest first" and "Smallest first" order the rows by
what `dot_sort_by` names.
"""

from django import forms

STYLES = [
    ("range", "Range: a bar from the lowest value to the highest (dumbbell)"),
    ("arrow", "Arrows: from the first value to the last"),
    ("dots", "Dots: the values on a faint line"),
]
SORT_BY = [
    ("gap", "The gap (last value minus first)"),
    ("first", "The first value"),
    ("last", "The last value"),
]


class DotFields(forms.Form):
    dot_style = forms.ChoiceField(
        label="Style",
        required=False,
        choices=STYLES,
        help_text="Dot plots only. The first value column is “before”, the last “after”.",
    )
    dot_sort_by = forms.ChoiceField(
        label="Sort rows by",
        required=False,
        choices=SORT_BY,
        help_text="With Sort “Largest first” or “Smallest first”.",
    )
    dot_gap_labels = forms.BooleanField(
        label="Write the gaps",
        required=False,
        initial=True,
        help_text="Each row's gap (“+4.2”) beside it.",
    )

    def clean(self):
        cleaned = super().clean() or {}
        cleaned["dot_style"] = cleaned.get("dot_style") or "range"
        cleaned["dot_sort_by"] = cleaned.get("dot_sort_by") or "gap"
        return cleaned
