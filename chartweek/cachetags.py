"""What a cached page shows, and when each of those things last changed.

A *tag* names one thing a page can show: a content object (`articles.article:7`,
`charts.chart:3`, `datasets.datasetversion:12`, `auth.user:2` …), `published`
(which articles are published, in what order: every list, feed and related box)
or `site` (everything, bumped only by `everything_changed()` after a bulk update
that sends no signal). Each tag's *stamp*, kept in the shared cache, is the time
it last changed plus a random suffix; a cached page stores the stamps of its tags
and is valid while they are unchanged, on every app server sharing the cache.

A page's tags are recorded while it renders: every content object loaded from
the database in the meantime (`recording()`, through `post_init`). So a page
depends on exactly what it drew, with nothing for a view to declare.

A save or delete of a content object changes its tag and those of the content
objects it points to (a chart placed in an article changes the article); an
article entering or leaving the published set (status, publication time, slug,
author) or changing topics changes `published` too. The next scheduled
publication time is kept beside it: the first request after it passes changes
`published`, so scheduled articles appear with no job.

Signals are used here, against the house rule for business logic, because
this is infrastructure that must see every write (admin, API, commands,
background imports) and must not depend on each writer remembering to call it.
Each change is stamped at once and again after the transaction commits, so no
page rendered from uncommitted data outlives the commit.
"""

import functools
import secrets
import time
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

TAG_PREFIX = "pagecache:tag:"
BOUNDARY_KEY = "pagecache:next-publication"
CHANGES_KEY = "pagecache:last-change"  # any tag's change changes it too
SITE = "site"
PUBLISHED = "published"
NO_BOUNDARY = float("inf")
# Fields of an article that decide which lists show it and where.
MEMBERSHIP_FIELDS = ("status", "published_at", "slug", "author_id")
# Saves that change nothing a reader sees (a sign-in stamps last_login).
UNSEEN_UPDATES = frozenset({"last_login"})

_recording: ContextVar[dict[str, int] | None] = ContextVar("pagecache_recording", default=None)


def stamp(at_ns: int | None = None) -> str:
    """A new, unique version for a tag: when (nanoseconds since the epoch) and a random part."""
    return f"{time.time_ns() if at_ns is None else at_ns}-{secrets.token_hex(4)}"


def stamp_time(value: str) -> int:
    """The time (ns) in a stamp."""
    return int(value.split("-", 1)[0])


def tag_for(instance: Model) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


def _known_change_ns(instance: Model) -> int:
    """When the database says `instance` last changed; 0 when it does not say."""
    when = getattr(instance, "updated_at", None) or getattr(instance, "created_at", None)
    return int(when.timestamp() * 1e9) if isinstance(when, datetime) else 0


# -- recording what a page shows --------------------------------------------------------------


@contextmanager
def recording():
    """Collect the tags of the content objects loaded inside the block: {tag: known change ns}."""
    tags: dict[str, int] = {}
    token = _recording.set(tags)
    try:
        yield tags
    finally:
        _recording.reset(token)


def loaded(sender, instance, **kwargs):
    """post_init of a content model: note the object if a page is recording."""
    tags = _recording.get()
    if tags is not None and instance.pk is not None:
        tags[tag_for(instance)] = _known_change_ns(instance)


def note(tags: Iterable[str]) -> None:
    """Record tags a page shows without loading their objects: a stored fragment's sources
    (articles/rendering.py keeps them beside the stored body)."""
    recorded = _recording.get()
    if recorded is not None:
        for tag in tags:
            recorded.setdefault(tag, 0)


# -- reading and changing stamps --------------------------------------------------------------


def stamps(tags: dict[str, int]) -> dict[str, str]:
    """The current stamps of `tags`.

    A tag the cache does not hold (never changed since the cache was empty, or
    evicted) is given one from when the database says it last changed, so a
    page's Last-Modified stays the content's time, not the time it was cached.
    With the cache away the answer lacks them: the caller then stores nothing.
    """
    keys = {TAG_PREFIX + tag: tag for tag in tags}
    found = cache.get_many(list(keys))
    for key in [key for key in keys if key not in found]:
        tag = keys[key]
        initial = stamp(_published_change_ns() if tag == PUBLISHED else tags[tag])
        if cache.add(key, initial, timeout=None):
            found[key] = initial
        elif (current := cache.get(key)) is not None:
            found[key] = current
    return {keys[key]: value for key, value in found.items()}


def changes() -> str | None:
    """The stamp of the latest change to any tag (made on first use)."""
    if (current := cache.get(CHANGES_KEY)) is None:
        cache.add(CHANGES_KEY, stamp(), timeout=None)
        current = cache.get(CHANGES_KEY)
    return current


def bump(*tags: str) -> None:
    new = {TAG_PREFIX + tag: stamp() for tag in tags}
    cache.set_many({**new, CHANGES_KEY: stamp()}, timeout=None)
    if PUBLISHED in tags:
        cache.set(BOUNDARY_KEY, _next_publication(), timeout=None)


def changed(*tags: str) -> None:
    """`tags` changed: stamp them now and once more when the transaction commits."""
    bump(*tags)
    transaction.on_commit(functools.partial(bump, *tags))


def everything_changed(**kwargs) -> None:
    """Every cached page is stale (after a bulk update, which sends no save signal)."""
    changed(SITE, PUBLISHED)


def check_boundary(boundary) -> bool:
    """True (and `published` changed) if a scheduled publication time has passed."""
    if boundary is not None and timezone.now().timestamp() < boundary:
        return False
    if boundary is None:  # not known yet (an empty cache): learn it, nothing passed
        cache.set(BOUNDARY_KEY, _next_publication(), timeout=None)
        return False
    bump(PUBLISHED)
    return True


def _next_publication() -> float:
    from articles.models import Article, Status

    upcoming = (
        Article.objects.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else NO_BOUNDARY


def _published_change_ns() -> int:
    """When the published set last changed, as far as the database knows (an empty cache)."""
    from articles.models import Article, Status

    published = Article.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
    times = published.aggregate(updated=Max("updated_at"), published=Max("published_at"))
    known = [t for t in times.values() if t is not None]
    return int(max(known).timestamp() * 1e9) if known else 0


# -- what a write changes ---------------------------------------------------------------------


def _pointed_to(instance: Model, tracked: frozenset[str]) -> set[str]:
    """Tags of the content objects `instance` points to (a placement's article and chart)."""
    tags = set()
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.related_model is not None:
            label = field.related_model._meta.label_lower
            value = getattr(instance, field.attname)
            if label in tracked and value is not None and field.name != "created_by":
                tags.add(f"{label}:{value}")
    return tags


def _membership(article) -> tuple | None:
    if article.status != "published":
        return None
    return tuple(getattr(article, name) for name in MEMBERSHIP_FIELDS)


class Receivers:
    """The signal receivers, for the content models named in `tracked` (labels, lower case)."""

    def __init__(self, tracked: Iterable[str]):
        self.tracked = frozenset(tracked)

    def before_save(self, sender, instance, **kwargs):
        if sender._meta.label_lower == "articles.article" and instance.pk is not None:
            stored = sender.objects.filter(pk=instance.pk).first()
            instance._pagecache_membership = _membership(stored) if stored else None

    def saved(self, sender, instance, created=False, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= UNSEEN_UPDATES:
            return
        tags = {tag_for(instance), *_pointed_to(instance, self.tracked)}
        if sender._meta.label_lower == "articles.article":
            before = getattr(instance, "_pagecache_membership", None)
            if before != _membership(instance):
                tags.add(PUBLISHED)
            instance._pagecache_membership = _membership(instance)
        changed(*tags)

    def deleted(self, sender, instance, **kwargs):
        tags = {tag_for(instance), *_pointed_to(instance, self.tracked)}
        if sender._meta.label_lower == "articles.article" and _membership(instance):
            tags.add(PUBLISHED)
        changed(*tags)

    def m2m_changed(self, sender, instance, action, model, pk_set=None, **kwargs):
        if not action.startswith("post_") or instance._meta.label_lower not in self.tracked:
            return
        tags = {tag_for(instance), *(f"{model._meta.label_lower}:{pk}" for pk in pk_set or ())}
        pair = {instance._meta.label_lower, model._meta.label_lower}
        if pair == {"articles.article", "articles.topic"} and (
            instance._meta.label_lower != "articles.article" or _membership(instance)
        ):
            tags.add(PUBLISHED)  # an article's topics: the topic pages and related boxes
        changed(*tags)
