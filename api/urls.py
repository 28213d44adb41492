from django.urls import path, re_path
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api import catalog, downloads, groups, imports, tables, views
from api.errors import not_found

app_name = "api"


class JsonErrors(APIView):
    """Errors as JSON, whatever the view renders when all goes well."""

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class Schema(JsonErrors, SpectacularAPIView):
    # JSON unless YAML is asked for (Accept: application/yaml).
    renderer_classes = [
        OpenApiJsonRenderer2,
        OpenApiJsonRenderer,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]


class Docs(JsonErrors, SpectacularSwaggerSplitView):
    # Swagger UI's start-up script comes as a file of its own (?script) and its
    # few page styles from static/css: the Content Security Policy allows no inline code.
    template_name = "api/docs.html"


urlpatterns = [
    path("v1/", views.Root.as_view(), name="root"),
    path("v1/datasets/", views.DatasetList.as_view(), name="dataset-list"),
    path("v1/datasets/<slug:slug>/", views.DatasetDetail.as_view(), name="dataset-detail"),
    path(
        "v1/datasets/<slug:slug>/versions/",
        views.DatasetVersions.as_view(),
        name="dataset-versions",
    ),
    path("v1/datasets/<slug:slug>/rows/", tables.DatasetRows.as_view(), name="dataset-rows"),
    path("v1/datasets/<slug:slug>/groups/", groups.DatasetGroups.as_view(), name="dataset-groups"),
    path("v1/datasets/<slug:slug>/data.csv", downloads.DatasetCsv.as_view(), name="dataset-csv"),
    path("v1/datasets/<slug:slug>/data.json", downloads.DatasetJson.as_view(), name="dataset-json"),
    path(
        "v1/datasets/<slug:slug>/data.ndjson",
        downloads.DatasetNdjson.as_view(),
        name="dataset-ndjson",
    ),
    path(
        "v1/datasets/<slug:slug>/data.parquet",
        downloads.DatasetParquet.as_view(),
        name="dataset-parquet",
    ),
    path("v1/datasets/<slug:slug>/data.xlsx", downloads.DatasetXlsx.as_view(), name="dataset-xlsx"),
    path(
        "v1/datasets/<slug:slug>/datapackage.json",
        downloads.DatasetPackage.as_view(),
        name="dataset-datapackage",
    ),
    path("v1/imports/<int:pk>/", imports.ImportDetail.as_view(), name="import-detail"),
    path("v1/catalog.jsonld", catalog.Catalog.as_view(), name="catalog"),
    path("v1/charts/<int:pk>/", views.ChartDetail.as_view(), name="chart-detail"),
    path("v1/articles/", views.ArticleList.as_view(), name="article-list"),
    path("v1/articles/<slug:slug>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("v1/schema/", Schema.as_view(), name="schema"),
    path("docs/", Docs.as_view(url_name="api:schema"), name="docs"),
    re_path(r"", not_found),  # anything else under /api/: a JSON 404
]
