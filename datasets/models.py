import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from chartweek.models import Created, Timestamped
from datasets.exactjson import ExactDecoder, ExactEncoder


class Licence(models.TextChoices):
    """Licences a dataset can carry; values are SPDX identifiers where one exists."""

    CC_BY_4 = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_NC_4 = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC_BY_ND_4 = "CC-BY-ND-4.0", "CC BY-ND 4.0"
    CC0 = "CC0-1.0", "CC0 1.0 (public domain)"
    ODBL = "ODbL-1.0", "ODbL 1.0"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", "All rights reserved"
    OTHER = "other", "Other (see attribution)"


LICENCE_URLS = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_NC_4: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_ND_4: "https://creativecommons.org/licenses/by-nd/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


class ColumnType(models.TextChoices):
    INTEGER = "integer", "Integer"
    NUMBER = "number", "Number"
    DATE = "date", "Date"
    STRING = "string", "Text"
    BOOLEAN = "boolean", "True/false"


NUMERIC_TYPES = frozenset({ColumnType.INTEGER, ColumnType.NUMBER})


def dataset_upload_to(instance, filename):
    # A random folder per upload: names never collide and are not guessable.
    return f"datasets/{uuid.uuid4().hex}/{filename}"


class DatasetQuerySet(models.QuerySet):
    def published(self):
        """Datasets a reader may see: those plotted by a chart in a published article."""
        return self.filter(Exists(Chart.objects.published().filter(dataset=OuterRef("pk"))))


class Dataset(Timestamped):
    """A table's identity and metadata; its data lives in immutable versions."""

    title = models.CharField(max_length=200, help_text="What the table holds, in plain words.")
    slug = models.SlugField(
        max_length=200, help_text="Part of the dataset's address; letters, digits and hyphens."
    )
    description = models.TextField(
        blank=True, help_text="What each row is, how it was collected, and any caveats."
    )
    source_name = models.CharField(
        max_length=300, help_text="Who published the data, e.g. 'Stanford HAI, AI Index 2022'."
    )
    source_url = models.URLField(blank=True, max_length=500, help_text="Where readers can find it.")
    licence = models.CharField(
        max_length=32,
        choices=Licence,
        help_text="The licence the source publishes the data under.",
    )
    attribution = models.CharField(
        max_length=500,
        blank=True,
        help_text="How the licence asks to be credited, if it asks for particular words.",
    )
    temporal_coverage = models.CharField(
        max_length=100, blank=True, help_text="The period the data covers, e.g. '2012–2021'."
    )
    redistributable = models.BooleanField(
        "may be redistributed",
        default=True,
        help_text="Readers may download the data. Untick when the licence or source forbids it.",
    )
    current_version = models.ForeignKey(
        "DatasetVersion",
        null=True,
        blank=True,
        # Not PROTECT: that would forbid deleting the dataset itself, whose versions
        # go with it. RESTRICT still stops a version being deleted on its own.
        on_delete=models.RESTRICT,
        related_name="+",
        editable=False,
        help_text="The latest data; new charts draw from it.",
    )
    column_notes = models.JSONField(
        default=dict,
        blank=True,
        help_text="Per column name: title, unit and description, kept across versions.",
    )

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="dataset_slug_unique"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The dataset's page for readers (its CSV is `datasets:download`)."""
        return reverse("datasets:detail", kwargs={"slug": self.slug})

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    def redistribution_refusal(self):
        """Why readers may not download this dataset's data, for every download that refuses."""
        where = f" ({self.source_url})" if self.source_url else ""
        return (
            f"The source of “{self.title}” does not allow us to redistribute its data. "
            f"It is published by {self.source_name}{where}."
        )

    @property
    def columns(self):
        """The latest upload's columns, with the editor's titles, units and descriptions.

        For editors (the admin, a new chart's checks). Readers get the columns of
        the reader's version: chartweek.visibility.reader_version.
        """
        if self.current_version is None:
            return []
        return self.describe_columns(self.current_version.columns)

    def describe_columns(self, columns):
        described = []
        for column in columns:
            notes = self.column_notes.get(column["name"], {})
            described.append(
                {
                    "name": column["name"],
                    "type": column["type"],
                    "title": notes.get("title", ""),
                    "unit": notes.get("unit") or column.get("unit", ""),
                    "description": notes.get("description", ""),
                }
            )
        return described

    def column(self, name):
        return next((c for c in self.columns if c["name"] == name), None)

    def column_names(self):
        return [c["name"] for c in self.columns]


class Format(models.TextChoices):
    CSV = "csv", "CSV"
    TSV = "tsv", "TSV"
    XLSX = "xlsx", "Excel (.xlsx)"
    JSON = "json", "JSON records"
    PASTE = "paste", "Pasted from a spreadsheet"


class DatasetVersionQuerySet(models.QuerySet):
    def published(self):
        """Versions a reader may see: those drawn by a chart in a published article.

        Not simply a published dataset's latest version: data uploaded for an
        article still under embargo stays hidden until that article is out.
        """
        return self.filter(Exists(Chart.objects.published().filter(version=OuterRef("pk"))))


class DatasetVersion(Created):
    """One upload of a dataset's data. Never changed once saved: new data, new version."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="1 for the first upload, then 2, 3, …")
    file = models.FileField(upload_to=dataset_upload_to, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=10, choices=Format)
    encoding = models.CharField(max_length=40, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    sheet = models.CharField(max_length=100, blank=True)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the uploaded file.")
    columns = models.JSONField(default=list, help_text="[{'name': …, 'type': …}] in file order.")
    row_count = models.PositiveIntegerField(default=0)
    column_count = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True, help_text="What changed, in a line.")

    objects = DatasetVersionQuerySet.as_manager()

    class Meta:
        ordering = ["dataset", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "number"], name="dataset_version_number_unique"
            ),
            models.CheckConstraint(condition=Q(column_count__gte=1), name="version_has_a_column"),
        ]

    def __str__(self):
        return f"{self.dataset} · version {self.number}"

    def column_names(self):
        return [c["name"] for c in self.columns]

    def column_type(self, name):
        return next((c["type"] for c in self.columns if c["name"] == name), None)

    def column(self, name):
        return next((c for c in self.columns if c["name"] == name), None)

    def ordered_rows(self):
        """The rows' value lists in file order (uses a prefetch of `rows` when there is one)."""
        return [row.values for row in self.rows.all()]

    def column_values(self, name):
        index = self.column_names().index(name)
        return [values[index] for values in self.ordered_rows()]


class DatasetRow(models.Model):
    """One row of a version, its values in the version's column order."""

    version = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(help_text="0 for the first data row.")
    # Exact: integers as ints, other numbers as Decimals with the digits written.
    values = models.JSONField(encoder=ExactEncoder, decoder=ExactDecoder)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            # Also the index behind every read: a version's rows in file order.
            models.UniqueConstraint(fields=["version", "number"], name="dataset_row_number_unique"),
        ]

    def __str__(self):
        return f"{self.version} · row {self.number + 1}"


class ChartType(models.TextChoices):
    BAR = "bar", "Bars (vertical)"
    HORIZONTAL_BAR = "horizontal_bar", "Bars (horizontal)"
    GROUPED_BAR = "grouped_bar", "Grouped bars (columns side by side)"
    STACKED_BAR = "stacked_bar", "Stacked bars (columns on top of each other)"
    LINE = "line", "Line"
    AREA = "area", "Area (several columns are stacked)"
    SCATTER = "scatter", "Scatter (points against a numeric or date column)"
    PIE = "pie", "Pie"
    DOUGHNUT = "doughnut", "Doughnut"
    BAR_LINE = "bar_line", "Bars and lines"


# Families of chart types, for the checks and the config builder.
ROUND_TYPES = frozenset({ChartType.PIE, ChartType.DOUGHNUT})
BAR_TYPES = frozenset(
    {
        ChartType.BAR,
        ChartType.HORIZONTAL_BAR,
        ChartType.GROUPED_BAR,
        ChartType.STACKED_BAR,
        ChartType.BAR_LINE,
    }
)
# Types whose categories have no order of their own, so they may be sorted by value.
SORTABLE_TYPES = BAR_TYPES - {ChartType.BAR_LINE} | ROUND_TYPES
MULTI_SERIES_TYPES = frozenset({ChartType.GROUPED_BAR, ChartType.STACKED_BAR, ChartType.BAR_LINE})
STACKED_TYPES = frozenset({ChartType.STACKED_BAR, ChartType.AREA})
HIGHLIGHT_TYPES = frozenset({ChartType.BAR, ChartType.HORIZONTAL_BAR}) | ROUND_TYPES


class NumberFormat(models.TextChoices):
    PLAIN = "plain", "Plain (46000)"
    GROUPED = "grouped", "Thousands separated (46,000)"
    COMPACT = "compact", "Compact (46K)"
    PERCENT = "percent", "Percent (values are 0–100)"
    CURRENCY = "currency", "Currency (unit is its code, e.g. USD)"


class NumberLocale(models.TextChoices):
    """How numbers are written: separators, currency symbols, compact words."""

    EN_GB = "en-GB", "English, UK (46,000.5; £46k)"
    EN_US = "en-US", "English, US (46,000.5; $46K)"
    DE_DE = "de-DE", "German (46.000,5; 46.000 €)"
    FR_FR = "fr-FR", "French (46 000,5; 46 k €)"
    ES_ES = "es-ES", "Spanish (46.000,5; 46 mil €)"
    IT_IT = "it-IT", "Italian (46.000,5)"
    NL_NL = "nl-NL", "Dutch (46.000,5)"
    PT_BR = "pt-BR", "Portuguese, Brazil (46.000,5)"
    ZH_CN = "zh-CN", "Chinese (4.6万)"
    JA_JP = "ja-JP", "Japanese (4.6万)"
    HI_IN = "hi-IN", "Hindi, India (46,000.5; 1,00,000)"


class SortOrder(models.TextChoices):
    DATA = "data", "As in the data"
    DESCENDING = "value_desc", "Largest first"
    ASCENDING = "value_asc", "Smallest first"
    LABEL = "label", "By label (A to Z, or oldest first)"


class ChartQuerySet(models.QuerySet):
    def published(self):
        """Charts a reader may see: those placed in a published article."""
        from articles.models import ArticleChart  # articles depends on datasets

        return self.filter(Exists(ArticleChart.objects.published().filter(chart=OuterRef("pk"))))


SPEC_VERSION = 1


class Chart(Timestamped):
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.PROTECT,
        related_name="charts",
        help_text="The table this chart draws from.",
    )
    version = models.ForeignKey(
        DatasetVersion,
        on_delete=models.PROTECT,
        related_name="charts",
        blank=True,  # filled from the dataset's current version when left empty
        help_text="The data version the chart draws; it stays until an editor moves it on.",
    )
    title = models.CharField(max_length=200, help_text="The chart's headline: say what it shows.")
    subtitle = models.CharField(
        max_length=300, blank=True, help_text="One line under the title: units, period, scope."
    )
    chart_type = models.CharField(max_length=20, choices=ChartType, default=ChartType.BAR)
    label_column = models.CharField(
        max_length=200,
        help_text="The column whose values label the bars, points or slices, or date a line.",
    )
    value_columns = models.JSONField(
        default=list, help_text="One or more numeric columns to plot, one series each."
    )
    x_column = models.CharField(
        max_length=200,
        blank=True,
        help_text="Scatter charts only: the numeric or date column along the horizontal axis.",
    )
    line_columns = models.JSONField(
        default=list,
        blank=True,
        help_text="Bars-and-lines charts only: the plotted columns drawn as lines, not bars.",
    )
    sort = models.CharField(
        max_length=20,
        choices=SortOrder,
        default=SortOrder.DATA,
        help_text="Order of the bars or slices. Lines and scatters keep the order of their axis.",
    )
    highlight = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Optional: a label exactly as in the data (e.g. 'United States–China'). Its bar or "
            "slice keeps its colour; the others turn grey. Charts of one column only."
        ),
    )
    number_format = models.CharField(
        max_length=20, choices=NumberFormat, default=NumberFormat.GROUPED
    )
    unit = models.CharField(
        max_length=40,
        blank=True,
        help_text="Shown after numbers ('papers'), or the currency code ('USD') for currency.",
    )
    locale = models.CharField(
        max_length=10,
        choices=NumberLocale,
        default=NumberLocale.EN_GB,
        help_text="How numbers and dates are written, whatever the reader's own settings.",
    )
    value_axis_title = models.CharField(
        max_length=100,
        blank=True,
        help_text="Title of the axis with the numbers; blank uses the unit, if it is a word.",
    )
    category_axis_title = models.CharField(
        max_length=100, blank=True, help_text="Title of the axis with the labels or dates."
    )
    log_scale = models.BooleanField(
        default=False,
        help_text="Use a logarithmic value axis, for values spanning several orders of magnitude.",
    )
    value_min = models.FloatField(
        null=True, blank=True, help_text="Optional: where the value axis starts. Blank: automatic."
    )
    value_max = models.FloatField(
        null=True, blank=True, help_text="Optional: where the value axis ends. Blank: automatic."
    )
    colours = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Hex colours, one per plotted column in order (one per slice for pies and "
            "doughnuts; the highlighted bar's first). Blank: a colour-blind-safe palette."
        ),
    )
    annotations = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Reference lines and bands: [{'kind': 'line', 'axis': 'value', 'value': 50, "
            "'label': 'Target'}, {'kind': 'band', 'axis': 'category', 'from': '2020-03-01', "
            "'to': '2020-06-30', 'label': 'Lockdown'}]."
        ),
    )
    headline_value = models.CharField(
        max_length=40, blank=True, help_text="Optional big number beside the chart, e.g. '46,000+'."
    )
    headline_label = models.CharField(
        max_length=200, blank=True, help_text="What the big number counts."
    )
    headline_source = models.CharField(
        max_length=300, blank=True, help_text="Source and licence of the big number."
    )
    source_line = models.CharField(
        max_length=300,
        blank=True,
        help_text="Shown under the chart; leave blank to use the dataset's source.",
    )
    notes = models.TextField(
        blank=True, help_text="Caveats shown under the chart, e.g. what is not comparable."
    )
    alt_text = models.CharField(
        max_length=400,
        help_text="One or two sentences for screen readers: what the chart shows and its point.",
    )
    description = models.TextField(
        blank=True,
        help_text=(
            "A longer description for readers who cannot see the chart: its shape, the "
            "extremes, the trend. Blank: one is written from the data."
        ),
    )

    objects = ChartQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("datasets:chart-embed", kwargs={"pk": self.pk})

    @property
    def source_text(self):
        return self.source_line or self.dataset.source_name

    def plotted_columns(self):
        """The dataset columns this chart reads, label first: all a page needs to ship."""
        x = [self.x_column] if self.chart_type == ChartType.SCATTER and self.x_column else []
        return [self.label_column, *x, *self.value_columns]

    def spec(self) -> dict:
        """The whole chart as one JSON-ready spec: what datasets.charts draws, the API serves."""
        lines = set(self.line_columns) if self.chart_type == ChartType.BAR_LINE else set()
        kind = _SERIES_KIND.get(self.chart_type, "bar")
        return {
            "version": SPEC_VERSION,
            "type": self.chart_type,
            "dataset": self.dataset.slug,
            "columns": {
                "label": self.label_column,
                "x": self.x_column if self.chart_type == ChartType.SCATTER else None,
            },
            "series": [
                {"column": name, "as": "line" if name in lines else kind}
                for name in self.value_columns
            ],
            "sort": self.sort,
            "highlight": self.highlight or None,
            "axes": {
                "category": {"title": self.category_axis_title},
                "value": {
                    "title": self.value_axis_title,
                    "log": self.log_scale,
                    "min": self.value_min,
                    "max": self.value_max,
                },
            },
            "format": {"style": self.number_format, "unit": self.unit, "locale": self.locale},
            "colours": list(self.colours),
            "annotations": list(self.annotations),
            "texts": {
                "title": self.title,
                "subtitle": self.subtitle,
                "alt": self.alt_text,
                "description": self.description,
                "notes": self.notes,
                "source": self.source_text,
            },
            "headline": {
                "value": self.headline_value,
                "label": self.headline_label,
                "source": self.headline_source,
            }
            if self.headline_value
            else None,
        }

    def clean(self):
        """Check the spec against the data version this chart draws (datasets/validation.py)."""
        from datasets.validation import chart_errors  # it reads the data through charts.py

        super().clean()
        if not self.dataset_id:
            return
        if self.version_id is None:
            self.version = self.dataset.current_version
        if self.version is None:
            raise ValidationError({"dataset": "This dataset has no data yet."})
        if self.version.dataset_id != self.dataset_id:
            raise ValidationError({"version": "That version belongs to another dataset."})
        errors = chart_errors(self)
        if errors:
            raise ValidationError(errors)


_SERIES_KIND = {
    ChartType.LINE: "line",
    ChartType.AREA: "area",
    ChartType.SCATTER: "point",
    ChartType.PIE: "slice",
    ChartType.DOUGHNUT: "slice",
}


STALLED_AFTER = timedelta(minutes=10)


class ImportJob(Timestamped):
    """An upload being imported in the background, with its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        READING = "reading", "Reading the file"
        STORING = "storing", "Storing the rows"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    dataset = models.ForeignKey(
        Dataset, null=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    dataset_title = models.CharField(max_length=200)
    new_dataset = models.JSONField(
        null=True,
        blank=True,
        help_text="For a new dataset, its metadata: it is created with its first version, "
        "in the same transaction, so a failed import leaves no dataset behind.",
    )
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(max_length=255)
    sheet = models.CharField(max_length=100, blank=True)
    types = models.JSONField(default=dict, blank=True)
    pasted = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    rows_read = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="What went wrong, for the editor.")
    version = models.ForeignKey(
        DatasetVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import of {self.original_name} ({self.get_state_display()})"

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def stalled(self):
        """Running, but not heard from for long: its worker was stopped."""
        from django.utils import timezone

        quiet = timezone.now() - self.updated_at
        return not self.finished and self.state != self.State.QUEUED and quiet > STALLED_AFTER
