from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse

from chartweek.models import Timestamped
from datasets.models import Dataset, DatasetVersion


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
        # Looked up when called: articles builds on charts, not the reverse.
        placements = apps.get_model("articles", "ArticleChart").objects.published()
        return self.filter(Exists(placements.filter(chart=OuterRef("pk"))))


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
        return reverse("charts:embed", kwargs={"pk": self.pk})

    @property
    def source_text(self):
        return self.source_line or self.dataset.source_name

    def plotted_columns(self):
        """The dataset columns this chart reads, label first: all a page needs to ship."""
        x = [self.x_column] if self.chart_type == ChartType.SCATTER and self.x_column else []
        return [self.label_column, *x, *self.value_columns]

    def spec(self) -> dict:
        """The whole chart as one JSON-ready spec: what charts.config draws, the API serves."""
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
        """Check the spec against the data version this chart draws (charts/validation.py)."""
        from charts.validation import chart_errors  # it reads the data through charts.config

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


_SERIES_KIND: dict[str, str] = {
    ChartType.LINE: "line",
    ChartType.AREA: "area",
    ChartType.SCATTER: "point",
    ChartType.PIE: "slice",
    ChartType.DOUGHNUT: "slice",
}
