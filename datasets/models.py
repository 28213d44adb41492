import uuid
from datetime import timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from chartweek.models import Created, Timestamped
from datasets import tables


class Licence(models.TextChoices):
    """Licences a dataset can carry; values are SPDX identifiers where one exists."""

    CC_BY_4 = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_NC_4 = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC_BY_ND_4 = "CC-BY-ND-4.0", "CC BY-ND 4.0"
    CC0 = "CC0-1.0", "CC0 1.0 (public domain)"
    ODBL = "ODbL-1.0", "ODbL 1.0"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", "All rights reserved"
    OTHER = "other", "Other (see attribution)"


LICENCE_URLS: dict[str, str] = {
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


def _charts():
    """Chart's manager, looked up when called: charts builds on datasets, not the reverse."""
    return apps.get_model("charts", "Chart").objects


class DatasetQuerySet(models.QuerySet):
    def published(self):
        """Datasets a reader may see: those plotted by a chart in a published article."""
        return self.filter(Exists(_charts().published().filter(dataset=OuterRef("pk"))))


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

    def licence_conflict(self) -> str:
        """Why the licence forbids what the download setting offers; empty when they agree.

        The one rule, for the dataset form, the API's dataset writes and the
        publication gate.
        """
        if self.redistributable and self.licence == Licence.ALL_RIGHTS_RESERVED:
            return (
                "Its licence is “All rights reserved”, yet readers would be offered its data "
                "to download: correct the licence, or untick “may be redistributed” (its "
                "charts then offer no download and point readers to the source)."
            )
        return ""

    def clean(self):
        super().clean()
        if conflict := self.licence_conflict():
            raise ValidationError({"redistributable": conflict})

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
        return self.filter(Exists(_charts().published().filter(version=OuterRef("pk"))))


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
        """Every row's typed values in file order, as a list (kept once read).

        For the few rows a chart draws; to read a whole table without holding it,
        use `stream_rows`. datasets.tables.prefetch_rows fills this for many versions.
        """
        if getattr(self, "_rows", None) is None:
            self._rows = list(self.stream_rows())
        return self._rows

    def stream_rows(self, columns=None):
        """Every row's typed values in file order, streamed from the version's table.

        Values are exact as the ingest read them: ints, exactjson.Exact decimals,
        ISO date text (or a bare year), booleans, text; None for a missing cell.
        `columns`: the positions to read, default all.
        """
        return tables.rows(self, columns=columns)

    def column_values(self, name):
        index = self.column_names().index(name)
        return [values[0] for values in self.stream_rows(columns=[index])]


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


class Export(Timestamped):
    """A whole version written once, by the task worker, in a format too slow to write
    while a reader waits (an Excel workbook, or Parquet, of a large table), and kept: a
    version never changes. datasets/exports.py builds it; the download serves the file."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        BUILDING = "building", "Being written"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    version = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(max_length=10, help_text="The file's format: xlsx or parquet.")
    notes = models.TextField(
        blank=True,
        help_text="What the file was written with beside the rows, as JSON text (its keys in "
        "their order, as the file has them): the sheet's title, the Table Schema in "
        "Parquet's metadata. A file written with other notes is written again.",
    )
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    file = models.FileField(upload_to="exports/", max_length=300, blank=True)
    message = models.TextField(blank=True, help_text="What went wrong, for the logs.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="export_version_kind_unique")
        ]
        # Written and removed by the code that builds downloads, never by hand: no
        # permissions, so no role (articles/permissions.py) is given them.
        default_permissions = ()

    def __str__(self):
        return f"{self.version} as {self.kind} ({self.get_state_display()})"
