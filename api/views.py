"""The API's resources: datasets (list, detail, versions, rows), charts, articles.

Downloads (data.csv, data.json, datapackage.json) are in downloads.py.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api import rows as row_query
from api.filters import DatasetFilter
from api.http import ApiView, CachingMixin, errors, latest
from api.imports import ImportJobSerializer, accepted
from api.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    ChartSerializer,
    DatasetCreateSerializer,
    DatasetDetailSerializer,
    DatasetSerializer,
    VersionSerializer,
    VersionUploadSerializer,
)
from articles.models import ArticleChart
from chartweek import visibility
from chartweek.params import whole_number
from datasets.models import Dataset

BACKGROUND = (
    "A large file, left to the background import: poll the job at `url` (also in the "
    "Location header) until `finished`."
)

VERSION_PARAMETER = OpenApiParameter(
    "version",
    {"type": "integer", "minimum": 1},
    description="A version number; the latest when left out.",
)


class Pages(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "There is no page {page_number} of this list."


def get_dataset(request, slug):
    """The dataset called `slug`, if this user may see it; 404 otherwise (never 403)."""
    dataset = visibility.datasets(user=request.user).filter(slug=slug).first()
    if dataset is None:
        raise NotFound(f"There is no published dataset called “{slug}”.")
    return dataset


def require_redistributable(request, dataset):
    if not visibility.may_download(dataset, user=request.user):
        raise PermissionDenied(dataset.redistribution_refusal())


def chosen_version(request, dataset):
    """The version named by ?version=N, or the reader's version; only one this user may see."""
    raw = request.query_params.get("version")
    if raw not in (None, "") and whole_number(raw) is None:
        raise ParseError(f"version must be a version number such as 1, not “{raw[:50]}”.")
    version = visibility.find_version(dataset, user=request.user, number=raw)
    if version is None and raw in (None, ""):
        raise NotFound(f"“{dataset.slug}” has no data yet.")
    if version is None:
        listed = visibility.versions(user=request.user, dataset=dataset)
        numbers = ", ".join(str(n) for n in sorted(listed.values_list("number", flat=True)))
        raise NotFound(f"“{dataset.slug}” has no version {raw}; its versions are {numbers}.")
    return version


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


class RowPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text="Rows that match: exact up to a bound (10,000 unless the site sets "
        "API_COUNT_LIMIT), then the bound, with count_is_exact false."
    )
    count_is_exact = serializers.BooleanField(
        help_text="false when more rows match than were counted: count is then a lower bound."
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    version = serializers.IntegerField()
    columns = serializers.ListField(child=serializers.CharField())
    results = serializers.ListField(
        child=serializers.DictField(child=serializers.JSONField(allow_null=True)),
        help_text="Each row as an object keyed by column name.",
    )


COLUMN_FILTERS = OpenApiParameter(
    "filters",
    {"type": "object", "additionalProperties": {"type": "string"}},
    style="form",
    explode=True,
    description=(
        "Filters on the dataset's columns, one query parameter each; the columns are in "
        "the dataset's `schema`. For a column `{column}`:\n\n"
        "- `{column}=value`: equal (repeat the parameter for any of several values);\n"
        "- `{column}__in=a,b,c`: any of these, written as a CSV line, so a value holding a "
        'comma is quoted: `name__in="Smith, John",Jones` (repeatable: more values);\n'
        "- `{column}__gt`, `__gte`, `__lt`, `__lte`: ranges, on number and date columns;\n"
        "- `{column}__isnull=true` (or false): missing (or present) values;\n"
        "- `{column}__ne=value`: present and not equal;\n"
        "- `{column}__prefix=text`: text starting with it (case kept);\n"
        "- `{column}__like=pattern`: SQL LIKE on text, `%` any run, `_` one character "
        "(case-insensitive; on SQLite for ASCII letters only).\n\n"
        "Values are read as the column's type: numbers as numbers (exactly, for big "
        "integers too), dates as `YYYY-MM-DD` or a bare year `YYYY` meaning the whole year "
        "(`died__gt=1992` is after 1992-12-31, `died__lte=1992` includes all of 1992); on a "
        "column of years a date compares by its year. Booleans: true/false, yes/no, 1/0. A "
        "value the column's type cannot hold is a 400 naming the column. Different "
        "columns and ranges combine with AND. A column named like one of this endpoint's "
        "own parameters (page, page_size, sort, columns, version, q, any, group_by, "
        "aggregate, or those with a leading `_`) is filtered as `col.{column}`. At most "
        f"{row_query.MAX_FILTERS} parameters, each at most {row_query.MAX_VALUE_CHARS} "
        "characters."
    ),
    examples=[
        OpenApiExample(
            "A long table of share prices",
            value={"symbol__in": "IBM,AAPL", "date__gte": "2024-01-01", "close__gt": "150"},
        )
    ],
)

ROW_PARAMETERS = [
    VERSION_PARAMETER,
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": row_query.MAX_PAGE},
        description="1: the first page.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": row_query.MAX_PAGE_SIZE},
        description=f"Rows a page, {row_query.PAGE_SIZE} unless you say.",
    ),
    OpenApiParameter(
        "sort", str, description="Column names, comma-separated; a leading - sorts descending."
    ),
    OpenApiParameter("columns", str, description="The columns to return, comma-separated."),
    OpenApiParameter(
        "q",
        str,
        description="Words every row returned holds in its text columns (PostgreSQL "
        "full-text search, words as written; on SQLite a substring match).",
        examples=[OpenApiExample("A word", value="korea")],
    ),
    OpenApiParameter(
        "any",
        str,
        description="An OR group: filters written as a CSV line, any of which a row may "
        "pass; repeat for several groups (they AND together).",
        examples=[OpenApiExample("Big, or Chile", value="papers__gte=5000,country=Chile")],
    ),
    COLUMN_FILTERS,
]


@contextmanager
def bad_request():
    """A rows query the API cannot answer (api/rows.py says why) as a 400."""
    try:
        yield
    except row_query.RowQueryError as exc:
        raise ParseError(str(exc)) from None


class DatasetRows(ApiView):
    @extend_schema(
        parameters=ROW_PARAMETERS, responses={200: RowPageSerializer, **errors(400, 403, 404)}
    )
    def get(self, request, slug):
        """A page of a dataset's rows, filtered, sorted and cut to the columns you choose.

        Filter on any column with `{column}=value`, `{column}__in=a,b`, ranges
        `{column}__gte`, `__gt`, `__lte`, `__lt` (numbers and dates), or
        `{column}__isnull=true`; see the `filters` parameter. `count` is exact up to a
        bound, then says so with `count_is_exact: false`.
        """
        dataset = get_dataset(request, slug)
        require_redistributable(request, dataset)
        version = chosen_version(request, dataset)
        params = request.query_params
        with bad_request():
            query = row_query.parse(version, params)
            number, size = row_query.page_number(params), row_query.page_size(params)
        if not_modified := self.conditional(
            request,
            etag=f"rows-{version.pk}-{row_query.digest(params)}",
            last_modified=version.created_at,
        ):
            return not_modified
        with bad_request(), row_query.time_limit():
            found, more = query.page(version, number=number, size=size, total=version.row_count)
        if number > 1 and not found:
            raise NotFound(f"There is no page {number} of these rows.")
        url = request.build_absolute_uri()
        previous = None
        if number > 1:
            previous = replace_query_param(url, "page", number - 1)
            previous = previous if number > 2 else remove_query_param(previous, "page")
        known = None if more else (number - 1) * size + len(found)  # the last page: counted
        with bad_request(), row_query.time_limit():
            count, exact = query.count(version, bound=settings.API_COUNT_LIMIT, known=known)
        return Response(
            {
                "count": count,
                "count_is_exact": exact,
                "next": replace_query_param(url, "page", number + 1) if more else None,
                "previous": previous,
                "version": version.number,
                "columns": query.columns,
                "results": [query.as_record(values) for values in found],
            }
        )


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
