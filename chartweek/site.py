"""Absolute addresses for what leaves the site: canonical links, feeds, sitemap, share cards.

SITE_URL (e.g. https://charts.example.org), when set, is the one public origin;
otherwise the request's own scheme and host are used.
"""

from django.conf import settings


def absolute_url(path, request=None):
    """`path` as an absolute URL; without SITE_URL or a request, `path` unchanged."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path
