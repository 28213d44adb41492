"""schema.org JSON-LD for search engines: plain dicts, embedded by the `json_ld` filter."""

from django.conf import settings

from chartweek.site import absolute_url


def news_article(article, *, request, keywords: list[str]):
    """A NewsArticle: what Google and others read for headline, dates, author and image."""
    url = absolute_url(article.get_absolute_url(), request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.standfirst,
        "url": url,
        "mainEntityOfPage": url,
        "author": [{"@type": "Person", "name": article.byline}],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/", request),
        },
        "keywords": keywords,
        "isAccessibleForFree": True,
    }
    if article.author_url:
        data["author"][0]["url"] = absolute_url(article.author_url, request)
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
        data["dateModified"] = max(article.published_at, article.updated_at).isoformat()
    if article.share_image:
        data["image"] = [absolute_url(article.get_share_image_url(), request)]
    return data
