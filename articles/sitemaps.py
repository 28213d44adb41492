"""sitemap.xml: every page a reader may see, and nothing else (published only)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from articles.models import Topic
from chartweek import visibility


class SiteSitemap(Sitemap):
    """Takes its scheme and host from SITE_URL when set, else from the request."""

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)


class PageSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return ["articles:home", "articles:archive", "articles:topics"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(SiteSitemap):
    def items(self):
        return (
            visibility.articles()
            .order_by("-published_at")
            .only("slug", "published_at", "updated_at")
        )

    def lastmod(self, article):
        return max(article.published_at, article.updated_at)


class TopicSitemap(SiteSitemap):
    def items(self):
        published = Q(articles__in=visibility.articles())
        return (
            visibility.public(Topic.objects.all())
            .annotate(latest=Max("articles__published_at", filter=published))
            .order_by("slug")
        )

    def lastmod(self, topic):
        return topic.latest


class DatasetSitemap(SiteSitemap):
    def items(self):
        datasets = visibility.datasets().order_by("slug").only("slug", "updated_at")
        return visibility.with_reader_updated_at(datasets)

    def location(self, dataset):
        return dataset.get_absolute_url()

    def lastmod(self, dataset):
        return dataset.reader_updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "datasets": DatasetSitemap,
}
