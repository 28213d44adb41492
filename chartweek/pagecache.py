"""Whole-page caching for readers, invalidated precisely.

Every public page is cached under a key that includes the content generation:
a token that changes whenever content readers could see changes (any save or
delete of an article, chart, dataset, version, topic or author profile, wired
in chartweek/apps.py) and when the next scheduled publication time passes. So
a reader gets the new page on the very next request after an edit, a new data
version or a scheduled publication, with no job running and no stale entry to
hunt down: old keys simply age out.

Signals are used here, against the house rule for business logic, because
this is infrastructure that must see every write (admin, API, commands,
background imports) and must not depend on each writer remembering to call it.
"""

import functools
import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

GENERATION_KEY = "pagecache:generation"
BOUNDARY_KEY = "pagecache:next-publication"
NO_BOUNDARY = float("inf")


def content_changed(**kwargs):
    """Start a new generation: every cached page is stale from now on."""
    cache.set_many(
        {GENERATION_KEY: uuid.uuid4().hex, BOUNDARY_KEY: _next_publication()}, timeout=None
    )


def _next_publication():
    from articles.models import Article, Status

    upcoming = (
        Article.objects.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else NO_BOUNDARY


def generation() -> str:
    """The current content generation; a scheduled publication time passing starts a new one."""
    values = cache.get_many([GENERATION_KEY, BOUNDARY_KEY])
    token, boundary = values.get(GENERATION_KEY), values.get(BOUNDARY_KEY)
    now = timezone.now().timestamp()
    if token is None or boundary is None or now >= boundary:
        if token is None or (boundary is not None and now >= boundary):
            token = uuid.uuid4().hex
        boundary = _next_publication()
        cache.set_many({GENERATION_KEY: token, BOUNDARY_KEY: boundary}, timeout=None)
    return token


def cache_public_page(view):
    """Serve a reader's GET from the cache; editors (signed in) always get a fresh page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        raw = f"{generation()}|{request.get_host()}|{request.get_full_path()}"
        key = "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if response.status_code in (200, 404) and not response.streaming:
                response["Last-Modified"] = http_date()
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        # Browsers revalidate every time (a cheap 304 when nothing changed), so a
        # reader sees a change at once; shared caches (a CDN) may hold the page briefly.
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
