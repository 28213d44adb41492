from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from datasets import ingest
from datasets.models import NUMERIC_TYPES, Chart, Dataset

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


def _column_choices(dataset, *, numeric=False):
    return [
        (c["name"], f"{c['name']} ({c['type']})")
        for c in dataset.columns
        if not numeric or c["type"] in NUMERIC_TYPES
    ]


class ChartAdminForm(forms.ModelForm):
    label_column = forms.ChoiceField(
        help_text="The column whose values label the bars, points or slices."
    )
    value_columns = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        help_text="One or more numeric columns to plot, one series each.",
    )

    class Meta:
        model = Chart
        fields = [
            "dataset", "title", "subtitle", "chart_type", "label_column", "value_columns",
            "number_format", "unit", "log_scale", "headline_value", "headline_label",
            "headline_source", "source_line", "notes", "alt_text",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dataset = self._chosen_dataset()
        if dataset is not None:
            labels = _column_choices(dataset)
            values = _column_choices(dataset, numeric=True)
        else:
            # No dataset chosen yet: every dataset's columns, grouped by dataset.
            # Model validation rejects a column that is not in the chosen one.
            datasets = Dataset.objects.only("title", "columns")
            labels = [(d.title, _column_choices(d)) for d in datasets]
            values = [(d.title, _column_choices(d, numeric=True)) for d in datasets]
        self.fields["label_column"].choices = [("", "---------"), *labels]
        self.fields["value_columns"].choices = values

    def _chosen_dataset(self):
        key = self.data.get("dataset") if self.is_bound else self.initial.get("dataset")
        if key:
            try:
                return Dataset.objects.get(pk=key)
            except (Dataset.DoesNotExist, ValueError, TypeError):
                return None
        return self.instance.dataset if self.instance.dataset_id else None


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
        ("What to plot", {"fields": ["label_column", "value_columns", "log_scale"]}),
        ("Numbers", {"fields": ["number_format", "unit"]}),
        (
            "Big number (optional)",
            {"fields": ["headline_value", "headline_label", "headline_source"]},
        ),
        ("Texts under the chart", {"fields": ["alt_text", "source_line", "notes"]}),
        ("Preview", {"fields": ["preview"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["vendor/chartjs/chart.umd.min.js", "js/charts.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.display(description="As readers will see it")
    def preview(self, obj):
        if not obj.pk:
            return "Save the chart to see it drawn here."
        return render_to_string("admin/datasets/chart/preview.html", {"chart": obj})

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
