import pydantic
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.query_utils import DeferredAttribute
from django.urls import reverse

from charts.choices import (  # noqa: F401  (re-exported: the chart's enums)
    BAR_TYPES,
    HIGHLIGHT_TYPES,
    MULTI_SERIES_TYPES,
    ROUND_TYPES,
    SORTABLE_TYPES,
    STACKED_TYPES,
    ChartType,
    NumberFormat,
    NumberLocale,
    SortOrder,
)
from charts.spec import ChartSpec, SpecVersionError, read_spec
from charts.spec_fields import field_errors
from chartweek.models import Timestamped
from datasets.models import Dataset, DatasetVersion


class ChartQuerySet(models.QuerySet):
    def published(self):
        """Charts a reader may see: those placed in a published article."""
        # Looked up when called: articles builds on charts, not the reverse.
        placements = apps.get_model("articles", "ArticleChart").objects.published()
        return self.filter(Exists(placements.filter(chart=OuterRef("pk"))))


class SpecDescriptor(DeferredAttribute):
    """`chart.spec` is always a ChartSpec: a stored or assigned document is migrated and
    validated as it arrives (charts.spec.read_spec)."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = None if value is None else _as_spec(value)


def _as_spec(value) -> ChartSpec:
    """A document as a ChartSpec; a ValidationError (not a 500) for one that is not."""
    try:
        return read_spec(value)
    except SpecVersionError as exc:
        raise ValidationError({"spec": str(exc)}) from None
    except pydantic.ValidationError as exc:
        raise ValidationError(field_errors(exc)) from None


class SpecField(models.JSONField):
    """A JSON column holding a ChartSpec document, always stored at the current version."""

    descriptor_class = SpecDescriptor

    def get_prep_value(self, value):
        # A chart's value is always a ChartSpec (the descriptor sees to it); anything
        # else is a lookup's operand, such as the "line" of spec__chart_type="line".
        if isinstance(value, ChartSpec):
            value = value.dump()
        return super().get_prep_value(value)

    def value_from_object(self, obj):
        # Revisions and serialisers see the document, not the pydantic object.
        value = super().value_from_object(obj)
        return value.dump() if isinstance(value, ChartSpec) else value

    def validate(self, value, model_instance):
        # The document's shape was checked when it was set; its meaning by Chart.clean.
        super().validate(read_spec(value).dump() if value is not None else value, model_instance)


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
    # A column, not only in the spec: admin lists, search and the API's chart lists use it.
    title = models.CharField(max_length=200, help_text="The chart's headline: say what it shows.")
    spec = SpecField(
        help_text="The chart's spec (charts/spec.py): type, columns, series, axes, number "
        "format, colours, annotations, texts. Edited through the chart form's fields."
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
        return self.spec.texts.source or self.dataset.source_name

    def plotted_columns(self):
        """The dataset columns this chart reads, label first: all a page needs to ship."""
        return self.spec.plotted_columns()

    def clean(self):
        """Check the spec against the data version this chart draws (charts/validation.py)."""
        from charts.validation import chart_errors  # it reads the data through charts.config

        super().clean()
        if not self.dataset_id or self.spec is None:
            return
        if self.version_id is None:
            self.version = self.dataset.current_version
        if self.version is None:
            raise ValidationError({"dataset": "This dataset has no data yet."})
        if self.version.dataset_id != self.dataset_id:
            raise ValidationError({"version": "That version belongs to another dataset."})
        errors = chart_errors(self.spec, self.version)
        if errors:
            raise ValidationError(errors)


class RenderedChart(models.Model):
    """What a reader's page needs to show a chart, computed when the chart is saved.

    Derived data (charts/rendering.py writes it; `manage.py rebuildpages` rebuilds
    it): the plotted table, the renderer's config as its JSON <script>, the
    description and the data table's HTML. `key` says what it was computed from
    (the format, the spec, the title, the data version); a record whose key is
    not the chart's own is stale and rebuilt when read.
    """

    chart = models.OneToOneField(
        Chart, on_delete=models.CASCADE, primary_key=True, related_name="rendered"
    )
    key = models.CharField(max_length=64, help_text="What these fragments were computed from.")
    plotted = models.JSONField(
        encoder=DjangoJSONEncoder,
        help_text="The plotted table (header, types, rows in drawing order); pages never read it.",
    )
    config_script = models.TextField(
        blank=True, help_text="The renderer's config as a JSON <script> (none for a table)."
    )
    is_map = models.BooleanField(default=False)
    is_table = models.BooleanField(default=False)
    description = models.TextField(help_text="What the chart shows, for screen readers.")
    table_html = models.TextField(help_text="The data table under the chart, or the table.")
    facets_html = models.TextField(
        blank=True, help_text="Small multiples: the legend and the grid of panels (else blank)."
    )
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["chart"]
        default_permissions = ()  # derived data: written by the code, never by editors

    def __str__(self):
        return f"Rendered {self.chart_id}"

    def get_absolute_url(self):
        return reverse("charts:embed", kwargs={"pk": self.chart_id})
