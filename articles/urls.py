from django.urls import path, register_converter

from articles import feeds, views
from chartweek.pagecache import cache_public_page


class MonthConverter:
    """Two digits, 01 to 12: /archive/2025/01/."""

    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class YearConverter(MonthConverter):
    regex = "[0-9]{4}"

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(MonthConverter, "month")
register_converter(YearConverter, "year")

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.detail, name="detail"),
    path("articles/<slug:slug>/share.png", views.share_image, name="share-image"),
    path("archive/", views.archive, name="archive"),
    path("archive/<year:year>/<month:month>/", views.archive_month, name="archive-month"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("topics/<slug:slug>/feed/", cache_public_page(feeds.TopicArticles()), name="topic-feed"),
    path(
        "topics/<slug:slug>/feed/atom/",
        cache_public_page(feeds.TopicArticlesAtom()),
        name="topic-feed-atom",
    ),
    path("authors/<slug:slug>/", views.author, name="author"),
    path("search/", views.search, name="search"),
    path("feed/", cache_public_page(feeds.LatestArticles()), name="feed"),
    path("feed/atom/", cache_public_page(feeds.LatestArticlesAtom()), name="feed-atom"),
    path("preview/<str:token>/", views.preview, name="preview"),
]
