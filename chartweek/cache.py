"""A Redis cache that degrades to "no cache" instead of failing the request.

Everything the site keeps in the cache (whole pages, the content generation,
API throttle history, cached sessions) can be recomputed or read from the
database. So when Redis is unreachable, slow or refusing, `ResilientRedisCache`
answers as an empty cache would (a miss for reads, "not stored" for writes),
logs one warning, and stops asking Redis for `REDIS_RETRY_SECONDS` so that a
dead or hanging server costs each request nothing rather than a timeout.

Two things keep a recovering cache honest:

- A write that could not reach Redis (a new content generation, a deleted
  key) leaves the old value there, so its key is remembered and deleted first
  thing when Redis answers again: nothing stale outlives an outage.
- Socket timeouts are short and there are no retries (redis-py retries with a
  back-off of seconds by default), so a hanging Redis cannot stall a worker.

`/healthz` asks `status()`, which bypasses all of this and tells the truth.
"""

import logging
import threading
import time
from collections import OrderedDict
from functools import partial

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("chartweek.cache")

# Keys whose writes were lost during an outage, deleted on recovery; past this
# many the oldest are forgotten (with a warning): memory stays bounded.
MAX_REMEMBERED_KEYS = 10_000


class _Outage:
    """Per process and per Redis location: is it down, and what did we fail to write?"""

    def __init__(self):
        self.lock = threading.Lock()
        self.until = 0.0  # monotonic time before which Redis is not asked
        self.lost = OrderedDict()  # (key, version) -> None, in order of loss
        self.overflowed = False

    def remember(self, keys, version):
        with self.lock:
            for key in keys:
                self.lost[(key, version)] = None
                self.lost.move_to_end((key, version))
            while len(self.lost) > MAX_REMEMBERED_KEYS:
                self.lost.popitem(last=False)
                if not self.overflowed:  # once per outage: this happens on every request
                    self.overflowed = True
                    logger.warning(
                        "cache outage: over %s lost writes, the oldest forgotten",
                        MAX_REMEMBERED_KEYS,
                    )


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, with every failure of Redis turned into a cache miss.

    OPTIONS (besides redis-py's): `retry_seconds`, how long to leave Redis alone
    after a failure (default 5); `socket_timeout` and `socket_connect_timeout`
    default to half a second.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("retry_seconds", 5))
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("socket_connect_timeout", 0.5)
        if "retry" not in options:
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            options["retry"] = Retry(NoBackoff(), 0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._outage = _outage_for(str(server))

    # The guard every operation goes through.

    def _guarded(self, call, *, fallback, written=(), version=None):
        outage = self._outage
        if time.monotonic() < outage.until:
            if written:
                outage.remember(written, version)
            return fallback
        from redis.exceptions import RedisError

        try:
            if outage.lost:
                self._forget_lost_writes()
            return call()
        except RedisError as exc:
            self._trip(exc)
            if written:
                outage.remember(written, version)
            return fallback

    def _trip(self, exc):
        outage = self._outage
        was_up = time.monotonic() >= outage.until
        outage.until = time.monotonic() + self.retry_seconds
        if was_up:
            # No address or message from Redis in the line: it may name hosts.
            logger.warning(
                "cache unavailable (%s); serving uncached for %ss",
                exc.__class__.__name__,
                self.retry_seconds,
            )

    def _forget_lost_writes(self):
        outage = self._outage
        with outage.lock:
            lost = list(outage.lost)
        by_version: dict[int, list[str]] = {}
        for key, version in lost:
            by_version.setdefault(version, []).append(key)
        for version, keys in by_version.items():
            super().delete_many(keys, version=version)  # raises while Redis is still away
        with outage.lock:
            for item in lost:
                outage.lost.pop(item, None)
            outage.overflowed = False
        logger.info("cache back: %s key(s) written during the outage dropped", len(lost))

    # Django's cache API, each call guarded.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        call = partial(super().add, key, value, timeout, version)
        return self._guarded(call, fallback=False, written=[key], version=version)

    def get(self, key, default=None, version=None):
        call = partial(super().get, key, default, version)
        return self._guarded(call, fallback=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        call = partial(super().set, key, value, timeout, version)
        return self._guarded(call, fallback=None, written=[key], version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        call = partial(super().touch, key, timeout, version)
        return self._guarded(call, fallback=False)

    def delete(self, key, version=None):
        call = partial(super().delete, key, version)
        return self._guarded(call, fallback=False, written=[key], version=version)

    def get_many(self, keys, version=None):
        keys = list(keys)
        call = partial(super().get_many, keys, version)
        return self._guarded(call, fallback={})

    def has_key(self, key, version=None):
        call = partial(super().has_key, key, version)
        return self._guarded(call, fallback=False)

    def incr(self, key, delta=1, version=None):
        call = partial(super().incr, key, delta, version)
        result = self._guarded(call, fallback=None, written=[key], version=version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        data = dict(data)
        call = partial(super().set_many, data, timeout, version)
        return self._guarded(call, fallback=list(data), written=list(data), version=version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        call = partial(super().delete_many, keys, version)
        return self._guarded(call, fallback=None, written=keys, version=version)

    def clear(self):
        return self._guarded(super().clear, fallback=False)

    def status(self) -> tuple[bool, str]:
        """(reachable, why not): asks Redis now, whatever the guard remembers."""
        from redis.exceptions import RedisError

        try:
            self._cache.get_client(write=True).ping()
        except RedisError as exc:
            return False, f"{exc.__class__.__name__}: {exc}"[:300]
        return True, ""
