"""Thin serializers: what each resource looks like, reading straight off the models.

Datasets and their versions here; uploads (the writes) in upload_serializers.py,
charts and articles in content_serializers.py. Links are absolute URLs built from
the request; the Table Schema and the data a chart plots come from packages.py
and charts.config, not from here.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.packages import table_schema
from chartweek import visibility
from datasets.models import Dataset, DatasetVersion


def absolute_url(serializer, name, **kwargs):
    """The absolute URL of the API view `name`, built from the serializer's request."""
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
        return absolute_url(self, "api:dataset-detail", slug=dataset.slug)

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
        return absolute_url(self, name, slug=dataset.slug)


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


class DatasetRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, dataset) -> str:
        return absolute_url(self, "api:dataset-detail", slug=dataset.slug)
