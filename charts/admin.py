"""The chart admin: the editors' chart builder with its live preview."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles import services
from articles.revisions_admin import RevisionAdmin
from articles.usage import UsedInArticlesAdmin
from charts.assets import chart_scripts
from charts.colours import colour_warnings
from charts.config import chart_colours
from charts.forms import ChartAdminForm
from charts.models import Chart, ChartType
from charts.transforms_form import steps_answer

# Needed to save (and publish), not to see the chart: the preview draws without them.
SAVE_ONLY_FIELDS = ("title", "alt_text")


def next_choice(data) -> str:
    """What an editor chooses next for the chart to be drawn, or "" once it can be.

    The preview says this, calmly, instead of listing the empty form's errors.
    """
    if not data.get("dataset"):
        return "Choose a dataset to start: its columns are then offered under What to plot."
    if not data.get("label_column"):
        return "Next: choose the label column (What to plot), the labels or dates along the chart."
    if not data.getlist("value_columns"):
        return "Next: tick one or more value columns, the numbers to plot."
    if data.get("chart_type") == "scatter" and not data.get("x_column"):
        return "Next: choose the X column, the numbers or dates along the horizontal axis."
    return ""


def _form_errors(form):
    """A form's errors as "Field: message" lines for the live preview to show."""
    lines: list[str] = []
    for name, errors in form.errors.items():
        if name in SAVE_ONLY_FIELDS:
            continue
        prefix = f"{form[name].label}: " if name in form.fields else ""
        lines.extend(prefix + message for message in errors)
    return lines


class ChartTypeFilter(admin.SimpleListFilter):
    """The list's filter by chart type, a key of the stored spec."""

    title = "chart type"
    parameter_name = "chart_type"

    def lookups(self, request, model_admin):
        return ChartType.choices

    def queryset(self, request, queryset):
        if self.value() in ChartType.values:
            return queryset.filter(spec__chart_type=self.value())
        return queryset


@admin.register(Chart)
class ChartAdmin(UsedInArticlesAdmin, RevisionAdmin, admin.ModelAdmin):
    form = ChartAdminForm
    list_display = [
        "title",
        "dataset",
        "kind",
        "data_version",
        "article_count",
        "created_by",
        "updated_at",
    ]
    list_filter = [ChartTypeFilter, "dataset__licence"]
    search_fields = ["title", "dataset__title"]
    # Explicit: the article count annotation (a GROUP BY) drops the model's ordering,
    # and the chart autocomplete pages through this list.
    ordering = ["-updated_at", "-pk"]
    autocomplete_fields = ["dataset"]
    list_select_related = ["dataset__current_version", "version", "created_by"]
    readonly_fields = ["preview", "used_in"]
    actions = ["move_to_latest_data"]
    fieldsets = [
        (None, {"fields": ["dataset", "version", "title", "subtitle", "chart_type"]}),
        ("Preview", {"fields": ["preview"], "classes": ["chartweek-preview-fieldset"]}),
        (
            "Steps: from the dataset's table to the chart's",
            {"fields": ["transforms"], "classes": ["chartweek-steps-fieldset"]},
        ),
        (
            "What to plot",
            {
                "fields": [
                    "label_column",
                    "value_columns",
                    "x_column",
                    "sort",
                    "highlight",
                ]
            },
        ),
        (
            "Small multiples (bar, line and area charts)",
            {"fields": ["facet_by", "facet_column", "facet_scale"], "classes": ["collapse"]},
        ),
        (
            "Map (maps only)",
            {
                "fields": [
                    "map_kind",
                    "map_boundary",
                    ("map_palette", "map_bins", "map_count"),
                    ("map_breaks", "map_midpoint"),
                ],
                "classes": ["collapse"],
            },
        ),
        (
            "Table (tables only)",
            {
                "fields": [
                    "table_columns",
                    ("table_bar_columns", "table_heat_columns"),
                    "table_page_size",
                ],
                "classes": ["collapse"],
            },
        ),
        (
            "Dots, ranges or arrows (dot plots only)",
            {"fields": ["dot_style", "dot_sort_by", "dot_gap_labels"], "classes": ["collapse"]},
        ),
        ("Texts", {"fields": ["alt_text", "description", "source_line", "notes"]}),
        ("Numbers", {"fields": ["number_format", "unit", "locale"]}),
        (
            "Axes",
            {
                "fields": [
                    "value_axis_title",
                    "category_axis_title",
                    "log_scale",
                    ("value_min", "value_max"),
                ]
            },
        ),
        ("Colours", {"fields": ["colours"]}),
        (
            "Reference line (optional)",
            {"fields": ["line_axis", "line_at", "line_label"], "classes": ["collapse"]},
        ),
        (
            "Band (optional)",
            {
                "fields": ["band_axis", ("band_from", "band_to"), "band_label"],
                "classes": ["collapse"],
            },
        ),
        (
            "Labels on the chart",
            {"fields": ["value_labels", "direct_labels"]},
        ),
        (
            "Text annotation (optional)",
            {
                "fields": [("note_at", "note_until"), "note_value", "note_text"],
                "classes": ["collapse"],
            },
        ),
        (
            "Big number (optional)",
            {
                "fields": ["headline_value", "headline_label", "headline_source"],
                "classes": ["collapse"],
            },
        ),
        ("Where used", {"fields": ["used_in"]}),
    ]

    @property
    def media(self):
        # Built per request: script addresses come from the static files storage.
        scripts: list = [
            *chart_scripts(tools=False),
            forms.Script("js/chart-preview.js", defer=True),
            forms.Script("js/transform-steps.js", defer=True),
        ]
        # The stubs know only paths; Django takes Script objects too (5.2+).
        return super().media + forms.Media(css={"all": ["css/admin.css"]}, js=scripts)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.preview_view))
        steps = self.admin_site.admin_view(require_POST(self.steps_view))
        return [
            path("preview/", view, name="charts_chart_preview"),
            path("steps/", steps, name="charts_chart_steps"),
            path("<path:object_id>/steps/", steps, name="charts_chart_steps"),
            path("<path:object_id>/preview/", view, name="charts_chart_preview"),
            *super().get_urls(),
        ]

    @admin.display(description="Chart type", ordering="spec__chart_type")
    def kind(self, obj):
        return obj.spec.chart_type.label

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.display(description="Data")
    def data_version(self, obj):
        latest = obj.dataset.current_version
        if latest and latest.pk != obj.version_id:
            return f"v{obj.version.number} (v{latest.number} available)"
        return f"v{obj.version.number}"

    @admin.display(description="As readers will see it")
    def preview(self, obj):
        url = reverse("admin:charts_chart_preview", args=[obj.pk] if obj.pk else [])
        chart = obj if obj.dataset_id and obj.spec is not None else None
        return render_to_string(
            "admin/charts/chart/preview.html", {**_preview_context(chart), "preview_url": url}
        )

    def preview_view(self, request, object_id=None):
        """The figure for the form's unsaved data: same template, same script as readers get."""
        form = self._unsaved_form(request, object_id)
        # The label column's labels, for the highlight's choices (static/js/chart-preview.js).
        labels = {"labels": form.highlight_labels}
        next_step = next_choice(request.POST)
        if next_step:
            return JsonResponse({"next": next_step, **labels})
        for name in SAVE_ONLY_FIELDS:
            form.fields[name].required = False
        if not form.is_valid() and _form_errors(form):
            # An answer, not a failure: the preview lists what to fix.
            return JsonResponse({"errors": _form_errors(form), **labels})
        if form.instance.spec is None:
            return JsonResponse({"next": "Next: choose what to plot.", **labels})
        if not form.instance.title:
            form.instance.title = "Untitled chart"
        html = render_to_string(
            "admin/charts/chart/preview_body.html", _preview_context(form.instance)
        )
        return JsonResponse({"html": html, **labels})

    def steps_view(self, request, object_id=None):
        """Each of the form's unsaved steps' result, and the steps worth suggesting."""
        form = self._unsaved_form(request, object_id)
        return JsonResponse(steps_answer(form))

    def _unsaved_form(self, request, object_id):
        chart = None
        if object_id is not None:
            chart = self.get_object(request, unquote(object_id))
            if chart is None:
                raise Http404("No such chart.")
            if not self.has_change_permission(request, chart):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        form = self.get_form(request, chart, change=chart is not None)(request.POST, instance=chart)
        form.check_edit_conflict = False  # a preview saves nothing
        return form

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user  # for the rule on moving a published chart's data
        return form

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        services.charts_changed(chart_ids=[obj.pk])
        for warning in colour_warnings(chart_colours(obj)):
            messages.warning(request, f"Colours: {warning}")

    @admin.action(description="Move to the dataset's latest data", permissions=["change"])
    def move_to_latest_data(self, request, queryset):
        charts = queryset.select_related("dataset__current_version")
        result = services.move_charts_to_latest_data(charts=charts, by=request.user)
        self.message_user(
            request, f"Moved {result.moved} chart(s) to the latest data.", messages.SUCCESS
        )
        for line in result.refused:
            self.message_user(request, f"Not moved: {line}", messages.WARNING)


def _preview_context(chart):
    if chart is None:
        return {"chart": None, "warnings": []}
    try:
        warnings = colour_warnings(chart_colours(chart))
    except ValueError as exc:  # a column the chart names has gone from its dataset
        return {"chart": None, "warnings": [], "problem": str(exc)}
    return {"chart": chart, "warnings": warnings}
