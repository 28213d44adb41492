"""Charts and articles as the API shows them, with references to their datasets."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import DatasetRefSerializer, absolute_url
from charts.config import plotted_table
from charts.labels import shown_header
from charts.maptable import drawing_config
from charts.spec import ChartSpec
from charts.transforms import describe as describe_steps
from chartweek import visibility


class ChartRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, chart) -> str:
        return absolute_url(self, "api:chart-detail", pk=chart.pk)


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
        return absolute_url(self, "api:article-detail", slug=article.slug)

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
