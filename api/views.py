"""The API's resources: datasets (list, detail, versions), charts, articles.

A dataset's rows are in tables.py, their groups in groups.py, the downloads
(data.csv, data.json, datapackage.json …) in downloads.py.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from api.content_serializers import ArticleDetailSerializer, ArticleSerializer, ChartSerializer
from api.filters import DatasetFilter
from api.http import ApiView, CachingMixin, errors, latest
from api.imports import ImportJobSerializer, accepted
from api.serializers import DatasetDetailSerializer, DatasetSerializer, VersionSerializer
from api.tables import get_dataset
from api.upload_serializers import DatasetCreateSerializer, VersionUploadSerializer
from articles.models import ArticleChart
from chartweek import visibility
from datasets.models import Dataset

BACKGROUND = (
    "A large file, left to the background import: poll the job at `url` (also in the "
    "Location header) until `finished`."
)


class Pages(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "There is no page {page_number} of this list."


class DatasetList(CachingMixin, generics.ListCreateAPIView):
    """Published datasets, newest first; staff with the permission may add one."""

    serializer_class = DatasetSerializer
    filterset_class = DatasetFilter
    pagination_class = Pages
    parser_classes = [MultiPartParser, FormParser]
    write_permissions = {"post": ["datasets.add_dataset"]}

    def get_queryset(self):
        return visibility.datasets(user=self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is None:
            return None
        return visibility.attach_reader_versions(page, user=self.request.user)

    def get_serializer_class(self):
        return DatasetCreateSerializer if self.request.method == "POST" else DatasetSerializer

    @extend_schema(responses={200: DatasetSerializer(many=True), **errors(400, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=DatasetCreateSerializer,
        responses={
            201: DatasetDetailSerializer,
            202: OpenApiResponse(ImportJobSerializer, description=BACKGROUND),
            **errors(400, 401, 403),
        },
    )
    def post(self, request, *args, **kwargs):
        """Add a dataset with its first data file; a large file is read in the background."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        uploaded = serializer.save()
        if uploaded.job is not None:
            return accepted(request, uploaded.job)
        dataset = uploaded.dataset
        visibility.attach_reader_versions([dataset], user=request.user)
        location = reverse("api:dataset-detail", kwargs={"slug": dataset.slug})
        body = DatasetDetailSerializer(dataset, context={"request": request}).data
        return Response(body, status=201, headers={"Location": location})


class DatasetDetail(ApiView):
    @extend_schema(responses={200: DatasetDetailSerializer, **errors(404)})
    def get(self, request, slug):
        """A dataset: its metadata, columns (a Frictionless Table Schema), versions and links."""
        dataset = get_dataset(request, slug)
        visible = visibility.versions(user=request.user, dataset=dataset)  # newest first
        prefetch_related_objects([dataset], Prefetch("versions", queryset=visible))
        versions = list(dataset.versions.all())
        dataset.reader_version = versions[0] if versions else None
        stamp = f"dataset-{dataset.pk}-{dataset.updated_at.timestamp()}-{[v.pk for v in versions]}"
        modified = visibility.reader_updated_at(dataset, dataset.reader_version)
        if not_modified := self.conditional(request, etag=stamp, last_modified=modified):
            return not_modified
        return Response(DatasetDetailSerializer(dataset, context={"request": request}).data)


class DatasetVersions(ApiView):
    parser_classes = [MultiPartParser, FormParser]
    write_permissions = {"post": ["datasets.change_dataset"]}

    @extend_schema(responses={200: VersionSerializer(many=True), **errors(404)})
    def get(self, request, slug):
        """The versions of a dataset's data readers may see, newest first."""
        dataset = get_dataset(request, slug)
        versions = visibility.versions(user=request.user, dataset=dataset)
        return Response(VersionSerializer(versions, many=True).data)

    @extend_schema(
        request=VersionUploadSerializer,
        responses={
            201: VersionSerializer,
            202: OpenApiResponse(ImportJobSerializer, description=BACKGROUND),
            **errors(400, 401, 403, 404),
        },
    )
    def post(self, request, slug):
        """Upload new data: it becomes the dataset's latest version (charts keep theirs)."""
        dataset = Dataset.objects.filter(slug=slug).first()
        if dataset is None:
            raise NotFound(f"There is no dataset called “{slug}”.")
        serializer = VersionUploadSerializer(
            data=request.data, context={"request": request, "dataset": dataset}
        )
        serializer.is_valid(raise_exception=True)
        uploaded = serializer.save()
        if uploaded.job is not None:
            return accepted(request, uploaded.job)
        version = uploaded.version
        location = reverse("api:dataset-rows", kwargs={"slug": slug})
        headers = {"Location": f"{location}?version={version.number}"}
        body = VersionSerializer(version, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)


class ChartDetail(ApiView):
    @extend_schema(responses={200: ChartSerializer, **errors(404)})
    def get(self, request, pk):
        """A chart in a published article: its spec and exactly the data it plots."""
        charts = visibility.charts(user=request.user).select_related("dataset", "version")
        chart = charts.filter(pk=pk).first()
        if chart is None:
            raise NotFound(f"There is no published chart {pk}.")
        dataset = chart.dataset
        stamp = f"chart-{chart.pk}-{chart.updated_at.timestamp()}-{dataset.updated_at.timestamp()}"
        modified = latest(chart.updated_at, dataset.updated_at)
        if not_modified := self.conditional(request, etag=stamp, last_modified=modified):
            return not_modified
        return Response(ChartSerializer(chart, context={"request": request}).data)


def _articles(user):
    placements = ArticleChart.objects.select_related("chart__dataset").order_by("position", "pk")
    return (
        visibility.articles(user=user)
        .select_related("author")
        .prefetch_related(Prefetch("placements", queryset=placements))
        .order_by("-published_at", "-pk")
    )


class ArticleList(CachingMixin, generics.ListAPIView):
    serializer_class = ArticleSerializer
    pagination_class = Pages

    def get_queryset(self):
        return _articles(self.request.user)

    @extend_schema(responses={200: ArticleSerializer(many=True), **errors(400, 404)})
    def get(self, request, *args, **kwargs):
        """Published articles, newest first, with their charts and the datasets they draw on."""
        return super().get(request, *args, **kwargs)


class ArticleDetail(ApiView):
    @extend_schema(responses={200: ArticleDetailSerializer, **errors(404)})
    def get(self, request, slug):
        """A published article: its text (Markdown), charts and datasets."""
        article = _articles(request.user).filter(slug=slug).first()
        if article is None:
            raise NotFound(f"There is no published article called “{slug}”.")
        charts = [p.chart for p in article.placements.all()]
        modified = latest(
            article.updated_at,
            *(c.updated_at for c in charts),
            *(c.dataset.updated_at for c in charts),
        )
        stamp = f"article-{article.pk}-{modified.timestamp()}-{[c.pk for c in charts]}"
        if not_modified := self.conditional(request, etag=stamp, last_modified=modified):
            return not_modified
        return Response(ArticleDetailSerializer(article, context={"request": request}).data)


class Root(ApiView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT, **errors()})
    def get(self, request):
        """Where everything is."""

        def url(name):
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "datasets": url("api:dataset-list"),
                "articles": url("api:article-list"),
                "catalog": url("api:catalog"),
                "schema": url("api:schema"),
                "docs": url("api:docs"),
            }
        )
