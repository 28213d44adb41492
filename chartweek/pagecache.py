"""Whole-page caching for readers, invalidated precisely (chartweek/cachetags.py).

A reader's page is stored once per canonical address: scheme, host, path and
only the query parameters the page declares (`params`), each normalised. Every
other parameter (utm_*, fbclid, gclid, `?uncached=1`, …) is ignored rather than
redirected: it reaches the same page with no extra round trip for every
campaign link, and the page's canonical link already names the clean address.
The view sees only the declared parameters, so it cannot draw what the key
lacks. Only 200 answers are stored, so `?page=N` is stored only for real pages
and a made-up address costs its render but no entry; each entry lasts
PAGE_CACHE_SECONDS at most.

An entry records the stamps of the tags of everything the page showed; it
is served while they are all unchanged. Its body is stored compressed ahead
(brotli and gzip, and plain), each in a key of its own. A hit reads the record,
the one body it needs and the site's last-change stamp in one round trip; only
when something changed anywhere since the entry was last checked does it read
its tags' stamps too (and notes the check).

Validators: the ETag is a hash of the address and the stamps (one per encoding),
Last-Modified the latest change among them: both change exactly when the
content may, and a conditional request gets a 304 (ConditionalGetMiddleware).
"""

import functools
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from chartweek import cachetags, compression
from chartweek.params import whole_number

# Kept for the writers that change many rows at once (loaddemo, bulk updates).
content_changed = cachetags.everything_changed

META_PREFIX = "pagecache:page:"
BODY_PREFIX = "pagecache:body:"
# Headers the layer sets itself on each answer.
OWN_HEADERS = frozenset({"content-length", "etag", "last-modified", "content-encoding"})

Normaliser = Callable[[str], str | None]


def page_number(raw: str) -> str | None:
    """`?page=`: page 1 is the address without it; anything else the view answers (a 404)."""
    number = whole_number(raw)
    if number is None:
        return raw  # not a page number: the view's 404, which is never stored
    return None if number == 1 else str(number)


PAGINATED: dict[str, Normaliser] = {"page": page_number}


def canonical_query(query: QueryDict, params: dict[str, Normaliser]) -> QueryDict:
    clean = QueryDict(mutable=True)
    for name, normalise in params.items():
        raw = query.get(name)
        if raw is not None and (value := normalise(raw)) is not None:
            clean[name] = value
    clean._mutable = False
    return clean


def _page_key(request) -> str:
    raw = f"{request.scheme}|{request.get_host()}|{request.path}|{request.GET.urlencode()}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _body_key(key: str, encoding: str) -> str:
    return f"{BODY_PREFIX}{key}:{encoding}"


def _etag(digest: str, encoding: str) -> str:
    return f'"{digest}"' if encoding == "identity" else f'"{digest}-{encoding}"'


def _lookup(key: str, encoding: str) -> HttpResponse | None:
    """The stored page if its tags are unchanged: one round trip while nothing changed."""
    meta_key, body_key = META_PREFIX + key, _body_key(key, encoding)
    values = cache.get_many([meta_key, body_key, cachetags.CHANGES_KEY, cachetags.BOUNDARY_KEY])
    entry, body = values.get(meta_key), values.get(body_key)
    if entry is None or body is None or body[0] != entry["digest"]:
        return None
    if cachetags.check_boundary(values.get(cachetags.BOUNDARY_KEY)):
        return None  # a scheduled article has just been published
    changes = values.get(cachetags.CHANGES_KEY)
    if changes is None or entry["checked"] != changes:
        # Something changed somewhere since this entry was checked: was it on this page?
        tag_keys = [cachetags.TAG_PREFIX + tag for tag in entry["tags"]]
        current = cache.get_many(tag_keys)
        if [current.get(tag_key) for tag_key in tag_keys] != list(entry["tags"].values()):
            return None
        if changes is not None:
            cache.set(meta_key, {**entry, "checked": changes}, settings.PAGE_CACHE_SECONDS)
    return _response(entry, body[1], encoding)


def _response(entry: dict, body: bytes, encoding: str) -> HttpResponse:
    response = HttpResponse(body, status=entry["status"], headers=entry["headers"])
    response["ETag"] = _etag(entry["digest"], encoding)
    response["Last-Modified"] = http_date(entry["modified"])
    if encoding != "identity":
        response["Content-Encoding"] = encoding
    return response


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _store(request, key: str, response, tags: dict[str, int], started_ns: int, encoding: str):
    """Store the page under its tags' stamps; the answer for this request, in its encoding."""
    tags = {cachetags.SITE: 0, cachetags.PUBLISHED: 0, **tags}
    checked = cachetags.changes()  # read first: a change from now on makes it differ
    stamps = cachetags.stamps(tags)
    if len(stamps) < len(tags) or any(
        cachetags.stamp_time(s) > started_ns for s in stamps.values()
    ):
        return response  # the cache is away, or something changed while the page rendered
    ordered = dict(sorted(stamps.items()))
    digest = hashlib.sha256(repr((key, ordered)).encode()).hexdigest()[:32]
    content = response.content
    bodies = {"identity": content}
    if compression.may_compress(request, response) and len(content) >= compression.MIN_BYTES:
        for name in compression.ENCODINGS:
            bodies[name] = compression.compress(content, name, quality=compression.STORED_QUALITY)
    entry = {
        "tags": ordered,
        "digest": digest,
        "checked": checked,
        "status": response.status_code,
        "headers": {k: v for k, v in response.items() if k.lower() not in OWN_HEADERS},
        "modified": max(cachetags.stamp_time(s) for s in ordered.values()) // 10**9,
    }
    values = {_body_key(key, name): (digest, body) for name, body in bodies.items()}
    cache.set_many({**values, META_PREFIX + key: entry}, settings.PAGE_CACHE_SECONDS)
    chosen = encoding if encoding in bodies else "identity"
    return _response(entry, bodies[chosen], chosen)


def cache_public_page(view=None, *, params: dict[str, Normaliser] | None = None):
    """Serve a reader's GET from the cache; editors (signed in) always get a fresh page.

    `params`: the query parameters the page reads, each with its normaliser
    (canonical value, or None for "as if absent"); the view sees no others.
    """
    if view is None:
        return functools.partial(cache_public_page, params=params)
    declared = dict(params or {})

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        request.GET = canonical_query(request.GET, declared)
        enabled = settings.PAGE_CACHE_SECONDS > 0
        key, encoding = _page_key(request), compression.negotiate(request)
        response = _lookup(key, encoding) if enabled else None
        if response is None:
            started_ns = time.time_ns()
            with cachetags.recording() as tags:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            if enabled and _storable(response):
                response = _store(request, key, response, tags, started_ns, encoding)
        # Browsers revalidate every time (a cheap 304 when nothing changed), so a
        # reader sees a change at once; shared caches (a CDN) may hold the page briefly.
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_MAX_AGE)
        patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
        return response

    return wrapped
