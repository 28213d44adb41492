import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse


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


class Dataset(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
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
        return reverse("datasets:download", kwargs={"slug": self.slug})

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def columns(self):
        """The current version's columns, with the editor's titles, units and descriptions."""
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


class DatasetVersion(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
    values = models.JSONField()

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            # Also the index behind every read: a version's rows in file order.
            models.UniqueConstraint(fields=["version", "number"], name="dataset_row_number_unique"),
        ]

    def __str__(self):
        return f"{self.version} · row {self.number + 1}"


class ChartType(models.TextChoices):
    BAR = "bar", "Bar (vertical)"
    HORIZONTAL_BAR = "horizontal_bar", "Bar (horizontal)"
    LINE = "line", "Line"
    DOUGHNUT = "doughnut", "Doughnut"


class NumberFormat(models.TextChoices):
    PLAIN = "plain", "Plain (46000)"
    GROUPED = "grouped", "Thousands separated (46,000)"
    COMPACT = "compact", "Compact (46K)"
    PERCENT = "percent", "Percent (values are 0–100)"
    CURRENCY = "currency", "Currency (unit is its code, e.g. USD)"


class ChartQuerySet(models.QuerySet):
    def published(self):
        """Charts a reader may see: those placed in a published article."""
        from articles.models import ArticleChart  # articles depends on datasets

        return self.filter(Exists(ArticleChart.objects.published().filter(chart=OuterRef("pk"))))


class Chart(models.Model):
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
        max_length=200, help_text="The column whose values label the bars, points or slices."
    )
    value_columns = models.JSONField(
        default=list, help_text="One or more numeric columns to plot, one series each."
    )
    number_format = models.CharField(
        max_length=20, choices=NumberFormat, default=NumberFormat.GROUPED
    )
    unit = models.CharField(
        max_length=40,
        blank=True,
        help_text="Shown after numbers ('papers'), or the currency code ('USD') for currency.",
    )
    log_scale = models.BooleanField(
        default=False,
        help_text="Use a logarithmic value axis, for values spanning several orders of magnitude.",
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ChartQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("datasets:download", kwargs={"slug": self.dataset.slug})

    @property
    def source_text(self):
        return self.source_line or self.dataset.source_name

    def clean(self):
        """Check the chosen columns against the data version this chart draws."""
        super().clean()
        if not self.dataset_id:
            return
        if self.version_id is None:
            self.version = self.dataset.current_version
        if self.version is None:
            raise ValidationError({"dataset": "This dataset has no data yet."})
        if self.version.dataset_id != self.dataset_id:
            raise ValidationError({"version": "That version belongs to another dataset."})
        version = self.version
        where = f"“{self.dataset}” (version {version.number})"
        names = version.column_names()
        errors = {}
        if self.label_column not in names:
            errors["label_column"] = (
                f"“{self.label_column}” is not a column of {where}. "
                f"Its columns are: {', '.join(names)}."
            )
        values = self.value_columns
        if not isinstance(values, list) or not values:
            errors["value_columns"] = "Choose at least one column to plot."
        else:
            problems = []
            for name in values:
                kind = version.column_type(name)
                if kind is None:
                    problems.append(f"“{name}” is not a column of {where}.")
                elif kind not in NUMERIC_TYPES:
                    problems.append(f"“{name}” holds {kind} values, not numbers.")
                elif name == self.label_column:
                    problems.append(f"“{name}” is already the label column.")
            if len(set(values)) != len(values):
                problems.append("A column is chosen twice.")
            if self.chart_type == ChartType.DOUGHNUT and len(values) > 1:
                problems.append("A doughnut chart plots exactly one column.")
            if not problems and self.log_scale and self._has_non_positive(values):
                problems.append("A log scale needs every plotted value above zero.")
            if problems:
                errors["value_columns"] = problems
        if self.log_scale and self.chart_type == ChartType.DOUGHNUT:
            errors["log_scale"] = "A doughnut chart has no value axis to put on a log scale."
        if errors:
            raise ValidationError(errors)

    def _has_non_positive(self, names):
        return any(v is not None and v <= 0 for n in names for v in self.version.column_values(n))


STALLED_AFTER = timedelta(minutes=10)


class ImportJob(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
