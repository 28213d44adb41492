from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from datasets import ingest
from datasets.assets import chart_scripts
from datasets.charts import chart_colours
from datasets.colours import colour_warnings
from datasets.forms import ChartAdminForm
from datasets.models import Chart, Dataset

PREVIEW_ROWS = 20


class DatasetAdminForm(forms.ModelForm):
    class Meta:
        model = Dataset
        fields = [
            "title", "slug", "description", "source_name", "source_url",
            "licence", "attribution", "file",
        ]  # fmt: skip

    table = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.files:
            try:
                self.table = ingest.read_table(upload)
            except ingest.IngestError as exc:
                raise forms.ValidationError(str(exc), code="unreadable") from None
        return upload


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    form = DatasetAdminForm
    list_display = [
        "title", "licence", "row_count", "column_count", "chart_count", "created_by", "updated_at",
    ]  # fmt: skip
    list_filter = ["licence", "created_at"]
    search_fields = ["title", "description", "source_name"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "table_preview", "make_chart", "row_count", "column_count", "checksum",
        "created_by", "created_at", "updated_at",
    ]  # fmt: skip
    list_select_related = ["created_by"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description"]}),
        ("Source and licence", {"fields": ["source_name", "source_url", "licence", "attribution"]}),
        ("Data", {"fields": ["file", "table_preview", "make_chart"]}),
        (
            "Record",
            {
                "classes": ["collapse"],
                "fields": [
                    "row_count",
                    "column_count",
                    "checksum",
                    "created_by",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(chart_total=Count("charts"))

    @admin.display(description="Charts", ordering="chart_total")
    def chart_count(self, obj):
        return obj.chart_total

    @admin.display(description="Parsed table")
    def table_preview(self, obj):
        if not obj.pk:
            return "The table is shown here once the file is uploaded and parsed."
        return render_to_string(
            "admin/datasets/dataset/table_preview.html",
            {
                "dataset": obj,
                "rows": obj.rows[:PREVIEW_ROWS],
                "more": max(obj.row_count - PREVIEW_ROWS, 0),
            },
        )

    @admin.display(description="Chart")
    def make_chart(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("admin:datasets_chart_add") + f"?dataset={obj.pk}"
        return format_html('<a class="button" href="{}">Make a chart from this dataset</a>', url)

    def save_model(self, request, obj, form, change):
        if form.table is not None:
            table = form.table
            ingest.save_dataset(
                dataset=obj, table=table, upload=form.cleaned_data["file"], user=request.user
            )
            messages.info(
                request,
                f"Read {table.row_count:,} rows and {table.column_count} columns "
                f"({table.encoding}, {table.delimiter_name}-separated).",
            )
        else:
            obj.save()


def _form_errors(form):
    """A form's errors as "Field: message" lines for the live preview to show."""
    lines = []
    for name, errors in form.errors.items():
        prefix = f"{form[name].label}: " if name in form.fields else ""
        lines.extend(prefix + message for message in errors)
    return lines


@admin.register(Chart)
class ChartAdmin(admin.ModelAdmin):
    form = ChartAdminForm
    list_display = ["title", "dataset", "chart_type", "article_count", "created_by", "updated_at"]
    list_filter = ["chart_type", "dataset__licence"]
    search_fields = ["title", "subtitle", "dataset__title"]
    autocomplete_fields = ["dataset"]
    list_select_related = ["dataset", "created_by"]
    readonly_fields = ["preview"]
    fieldsets = [
        (None, {"fields": ["dataset", "title", "subtitle", "chart_type"]}),
        ("Preview", {"fields": ["preview"], "classes": ["chartweek-preview-fieldset"]}),
        (
            "What to plot",
            {
                "fields": [
                    "label_column",
                    "value_columns",
                    "x_column",
                    "line_columns",
                    "sort",
                    "highlight",
                ]
            },
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
            "Big number (optional)",
            {
                "fields": ["headline_value", "headline_label", "headline_source"],
                "classes": ["collapse"],
            },
        ),
    ]

    @property
    def media(self):
        # Built per request: script addresses come from the static files storage.
        return super().media + forms.Media(
            css={"all": ["css/admin.css"]},
            js=[*chart_scripts(tools=False), forms.Script("js/chart-preview.js", defer=True)],
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.preview_view))
        return [
            path("preview/", view, name="datasets_chart_preview"),
            path("<path:object_id>/preview/", view, name="datasets_chart_preview"),
            *super().get_urls(),
        ]

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.display(description="As readers will see it")
    def preview(self, obj):
        url = reverse("admin:datasets_chart_preview", args=[obj.pk] if obj.pk else [])
        chart = obj if obj.dataset_id else None
        return render_to_string(
            "admin/datasets/chart/preview.html", {**_preview_context(chart), "preview_url": url}
        )

    def preview_view(self, request, object_id=None):
        """The figure for the form's unsaved data: same template, same script as readers get."""
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
        if not form.is_valid():
            # An answer, not a failure: the preview lists what to fix.
            return JsonResponse({"errors": _form_errors(form)})
        html = render_to_string(
            "admin/datasets/chart/preview_body.html", _preview_context(form.instance)
        )
        return JsonResponse({"html": html})

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        for warning in colour_warnings(chart_colours(obj)):
            messages.warning(request, f"Colours: {warning}")


def _preview_context(chart):
    if chart is None:
        return {"chart": None, "warnings": []}
    try:
        warnings = colour_warnings(chart_colours(chart))
    except ValueError as exc:  # a column the chart names has gone from its dataset
        return {"chart": None, "warnings": [], "problem": str(exc)}
    return {"chart": chart, "warnings": warnings}
