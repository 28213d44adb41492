from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.views import robots_txt
from chartweek.health import healthz
from chartweek.views import favicon

admin.site.site_header = "chartweek editorial"
admin.site.site_title = "chartweek"
admin.site.index_title = "Datasets, charts and articles"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # A chart's embed and CSV keep the addresses they had under datasets/.
    path("datasets/charts/", include("charts.urls")),
    path("datasets/", include("datasets.urls")),
    path("api/", include("api.urls")),
    path("", include("articles.urls")),
]
