"""Thin serializers: what each resource looks like, reading straight off the models.

Links are absolute URLs built from the request; the Table Schema and the data a
chart plots come from packages.py and charts.config, not from here.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.packages import table_schema
from charts.config import plotted_table
from charts.labels import shown_header
from charts.maptable import drawing_config
from charts.spec import ChartSpec
from charts.transforms import describe as describe_steps
from chartweek import visibility
from datasets import ingest, services
from datasets.models import Dataset, DatasetVersion


def _url(serializer, name, **kwargs):
    return serializer.context["request"].build_absolute_uri(reverse(name, kwargs=kwargs))


class SourceSerializer(serializers.Serializer):
    name = serializers.CharField(source="source_name")
    url = serializers.CharField(source="source_url", help_text="Empty when not known.")


class LicenceSerializer(serializers.Serializer):
    id = serializers.CharField(
        source="licence", help_text="An SPDX identifier where there is one, e.g. CC-BY-4.0."
    )
    name = serializers.CharField(source="get_licence_display")
    url = serializers.CharField(source="licence_url", help_text="Empty for no standard licence.")
    attribution = serializers.CharField(help_text="How the licence asks to be credited.")


class FieldSerializer(serializers.Serializer):
    """A Table Schema field."""

    name = serializers.CharField()
    type = serializers.ChoiceField(["integer", "number", "date", "year", "string", "boolean"])
    title = serializers.CharField()
    unit = serializers.CharField()
    description = serializers.CharField()


class TableSchemaSerializer(serializers.Serializer):
    fields = FieldSerializer(many=True)  # type: ignore[assignment]  # a field named like a Serializer attribute
    missingValues = serializers.ListField(child=serializers.CharField())


class VersionSerializer(serializers.ModelSerializer):
    created = serializers.DateTimeField(source="created_at")
    rows = serializers.IntegerField(source="row_count")
    columns = serializers.SerializerMethodField()

    class Meta:
        model = DatasetVersion
        fields = ["number", "created", "rows", "columns", "note"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_columns(self, version):
        return version.column_names()


class DatasetLinksSerializer(serializers.Serializer):
    api = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField()
    csv = serializers.SerializerMethodField(help_text="Null when it may not be redistributed.")
    json = serializers.SerializerMethodField(help_text="Null when it may not be redistributed.")
    ndjson = serializers.SerializerMethodField(help_text="Null when it may not be redistributed.")
    parquet = serializers.SerializerMethodField(help_text="Null when it may not be redistributed.")
    xlsx = serializers.SerializerMethodField(help_text="Null when it may not be redistributed.")
    datapackage = serializers.SerializerMethodField(
        help_text="Null when it may not be redistributed."
    )
    page = serializers.SerializerMethodField(help_text="The dataset's page on the site.")

    def get_api(self, dataset) -> str:
        return _url(self, "api:dataset-detail", slug=dataset.slug)

    def get_rows(self, dataset) -> str | None:
        return self._data(dataset, "api:dataset-rows")

    def get_csv(self, dataset) -> str | None:
        return self._data(dataset, "api:dataset-csv")

    def get_json(self, dataset) -> str | None:
        return self._data(dataset, "api:dataset-json")

    def get_ndjson(self, dataset) -> str | None:
        return self._data(dataset, "api:dataset-ndjson")

    def get_parquet(self, dataset) -> str | None:
        return self._data(dataset, "api:dataset-parquet")

    def get_xlsx(self, dataset) -> str | None:
        return self._data(dataset, "api:dataset-xlsx")

    def get_datapackage(self, dataset) -> str | None:
        return self._data(dataset, "api:dataset-datapackage")

    def get_page(self, dataset) -> str:
        return self.context["request"].build_absolute_uri(dataset.get_absolute_url())

    def _data(self, dataset, name):
        if not dataset.redistributable or dataset.reader_version is None:
            return None
        return _url(self, name, slug=dataset.slug)


class DatasetSerializer(serializers.ModelSerializer):
    """A dataset in the list: what it is, where it is from, and its size."""

    source = SourceSerializer(source="*")  # type: ignore[assignment]  # a field named like a Serializer attribute
    licence = LicenceSerializer(source="*")
    # The reader's version (chartweek.visibility), which the view attaches.
    version = serializers.IntegerField(
        source="reader_version.number", allow_null=True, default=None
    )
    rows = serializers.IntegerField(
        source="reader_version.row_count", allow_null=True, default=None
    )
    created = serializers.DateTimeField(source="created_at")
    updated = serializers.SerializerMethodField(
        help_text="When the metadata or the data readers are shown last changed."
    )
    links = DatasetLinksSerializer(source="*")

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updated(self, dataset) -> str:
        version = getattr(dataset, "reader_version", None)
        return serializers.DateTimeField().to_representation(
            visibility.reader_updated_at(dataset, version)
        )

    class Meta:
        model = Dataset
        fields = [
            "slug",
            "title",
            "description",
            "source",
            "licence",
            "temporal_coverage",
            "redistributable",
            "version",
            "rows",
            "created",
            "updated",
            "links",
        ]


class DatasetDetailSerializer(DatasetSerializer):
    """A dataset with its columns (a Frictionless Table Schema) and every version."""

    schema = serializers.SerializerMethodField()
    versions = VersionSerializer(many=True)

    class Meta(DatasetSerializer.Meta):
        fields = [*DatasetSerializer.Meta.fields, "schema", "versions"]

    @extend_schema_field(TableSchemaSerializer)
    def get_schema(self, dataset):
        if dataset.reader_version is None:
            return {"fields": [], "missingValues": [""]}
        return table_schema(dataset, dataset.reader_version)


class UploadSerializer(serializers.Serializer):
    """A data file read by the same ingest as the admin's; refused with its reason."""

    file = serializers.FileField(
        write_only=True,
        help_text="CSV or TSV (any common encoding), Excel .xlsx, or a JSON array of records.",
    )
    sheet = serializers.CharField(
        write_only=True,
        required=False,
        default="",
        allow_blank=True,
        max_length=100,
        help_text="For a workbook: the sheet to read. Empty: the first sheet.",
    )
    note = serializers.CharField(
        write_only=True,
        required=False,
        default="",
        allow_blank=True,
        max_length=300,
        help_text="What changed, in a line; shown in the dataset's history.",
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        try:
            # A large file is only recognised here; the task worker reads it (a 202).
            attrs["prepared"] = services.prepare_upload(file=attrs["file"], sheet=attrs["sheet"])
        except ingest.IngestError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        return attrs

    def import_into(self, dataset) -> services.Uploaded:
        data = self.validated_data
        try:
            return services.upload_data(
                dataset=dataset,
                prepared=data["prepared"],
                by=self.context["request"].user,
                note=data["note"],
            )
        except ingest.SlugTaken as exc:
            raise serializers.ValidationError({"slug": [str(exc)]}) from None
        except ingest.IngestError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None


class VersionUploadSerializer(UploadSerializer):
    """New data for a dataset; `save()` returns what datasets.services.upload_data did."""

    def create(self, validated_data):
        return self.import_into(self.context["dataset"])


class DatasetCreateSerializer(UploadSerializer, serializers.ModelSerializer):
    """A new dataset: its metadata and its first data file, in one multipart request."""

    slug = serializers.SlugField(
        required=False, max_length=200, help_text="Made from the title when left out."
    )
    # Declared for its default: a form field left out would otherwise read as false.
    redistributable = serializers.BooleanField(
        default=Dataset._meta.get_field("redistributable").default,
        help_text=Dataset._meta.get_field("redistributable").help_text,
    )

    class Meta:
        model = Dataset
        fields = [*services.METADATA_FIELDS, "file", "sheet", "note"]

    def validate(self, attrs):
        attrs.setdefault("slug", slugify(attrs.get("title", ""))[:200])
        if Dataset.objects.filter(slug=attrs["slug"]).exists():
            raise serializers.ValidationError(
                {"slug": [f"A dataset called “{attrs['slug']}” exists already."]}
            )
        metadata = Dataset(
            licence=attrs.get("licence", ""), redistributable=attrs["redistributable"]
        )
        if conflict := metadata.licence_conflict():
            raise serializers.ValidationError({"redistributable": [conflict]})
        return super().validate(attrs)

    def create(self, validated_data):
        upload = {"prepared", "file", "sheet", "note"}
        dataset = Dataset(**{k: v for k, v in validated_data.items() if k not in upload})
        return self.import_into(dataset)


class DatasetRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, dataset) -> str:
        return _url(self, "api:dataset-detail", slug=dataset.slug)


class ChartRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, chart) -> str:
        return _url(self, "api:chart-detail", pk=chart.pk)


class ChartHeadlineSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like a Serializer attribute
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like a Serializer attribute


class PlottedSerializer(serializers.Serializer):
    columns = serializers.ListField(
        child=serializers.CharField(), help_text="The label column, then each plotted column."
    )
    names = serializers.ListField(
        child=serializers.CharField(),
        help_text="What readers see each column called (a series' own name, else the "
        "dataset's title for the column, with its unit), in the order of `columns`.",
    )
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))


class ChartSerializer(serializers.Serializer):
    """A chart's spec and exactly the data it plots, with the Chart.js configuration."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    # Shortcuts into the spec, for clients that read a few parts of it.
    subtitle = serializers.CharField(source="spec.texts.subtitle")
    type = serializers.CharField(source="spec.chart_type")
    label_column = serializers.CharField(source="spec.columns.label")
    value_columns = serializers.ListField(
        source="spec.value_columns", child=serializers.CharField()
    )
    number_format = serializers.CharField(source="spec.format.style")
    unit = serializers.CharField(source="spec.format.unit")
    log_scale = serializers.BooleanField(source="spec.axes.value.log")
    headline = ChartHeadlineSerializer(source="spec.headline", allow_null=True)
    source = serializers.CharField(source="source_text")  # type: ignore[assignment]  # a field named like a Serializer attribute
    notes = serializers.CharField(source="spec.texts.notes")
    alt_text = serializers.CharField(source="spec.texts.alt")
    dataset = DatasetRefSerializer()
    version = serializers.IntegerField(source="version.number", help_text="The data version.")
    spec = serializers.SerializerMethodField(
        help_text="The chart's whole spec (type, columns, series, axes, format, colours, "
        "annotations, texts): what the renderer draws from."
    )
    data = serializers.SerializerMethodField(  # type: ignore[assignment]  # a field named like a Serializer attribute
        help_text="The plotted table; null where the dataset may not be redistributed."
    )
    chartjs = serializers.SerializerMethodField(
        help_text="The Chart.js configuration the article draws, number format beside it; "
        "a map's drawing settings; null for a table, which the page renders as HTML."
    )
    steps = serializers.SerializerMethodField(
        help_text="What the spec's transforms do to the dataset version's table, in order, in "
        "plain words: with `spec.transforms` and the version's rows, the plotted table can be "
        "made again."
    )
    updated = serializers.DateTimeField(source="updated_at")

    def get_steps(self, chart) -> list[str]:
        return describe_steps(chart.spec.transforms)

    @extend_schema_field(ChartSpec)  # type: ignore[arg-type]  # drf-spectacular reads pydantic models too
    def get_spec(self, chart) -> dict:
        return chart.spec.dump()

    @extend_schema_field(PlottedSerializer(allow_null=True))
    def get_data(self, chart) -> dict | None:
        # A download, like the chart's CSV: null where the data may not be redistributed.
        if not visibility.may_download(chart.dataset, user=self.context["request"].user):
            return None
        table = _plotted(chart)
        names = shown_header(chart.spec, table)
        return {"columns": table.header, "names": names, "rows": table.rows}

    @extend_schema_field({"type": "object", "nullable": True})
    def get_chartjs(self, chart) -> dict | None:
        return drawing_config(chart.spec, _plotted(chart), title=chart.title)


def _plotted(chart):
    """The chart's plotted table, read once per serialised chart."""
    if not hasattr(chart, "_plotted_table"):
        chart._plotted_table = plotted_table(chart)
    return chart._plotted_table


class ArticleLinksSerializer(serializers.Serializer):
    api = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    def get_api(self, article) -> str:
        return _url(self, "api:article-detail", slug=article.slug)

    def get_page(self, article) -> str:
        return self.context["request"].build_absolute_uri(article.get_absolute_url())


class ArticleSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    standfirst = serializers.CharField()
    byline = serializers.CharField()
    status = serializers.CharField(help_text="Always “published” for readers.")
    published = serializers.DateTimeField(source="published_at", allow_null=True)
    updated = serializers.DateTimeField(source="updated_at")
    links = ArticleLinksSerializer(source="*")
    charts = serializers.SerializerMethodField()
    datasets = serializers.SerializerMethodField()

    @extend_schema_field(ChartRefSerializer(many=True))
    def get_charts(self, article):
        return ChartRefSerializer(_charts(article), many=True, context=self.context).data

    @extend_schema_field(DatasetRefSerializer(many=True))
    def get_datasets(self, article):
        datasets = {chart.dataset_id: chart.dataset for chart in _charts(article)}
        return DatasetRefSerializer(datasets.values(), many=True, context=self.context).data


class ArticleDetailSerializer(ArticleSerializer):
    body = serializers.CharField(help_text="Markdown; [chart N] marks where chart N stands.")


def _charts(article):
    return [placement.chart for placement in article.placements.all()]
