from django.contrib import admin
from django.urls import include, path

from chartweek.views import favicon

admin.site.site_header = "chartweek editorial"
admin.site.site_title = "chartweek"
admin.site.index_title = "Datasets, charts and articles"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
    path("datasets/", include("datasets.urls")),
    path("api/", include("datasets.api.urls")),
    path("", include("articles.urls")),
]
