"""/healthz: is this app server able to serve? Checks the database and the cache.

"ok" (200): both answer. "degraded" (200): the cache is away, so pages are
served uncached, but every page still works: a load balancer should keep
sending traffic. "unavailable" (503): the database is away.

The checks' details (timings, error messages naming hosts and ports) are for
staff and for callers on this machine only (a probe on 127.0.0.1 or ::1 that
came through no proxy); anyone else gets the status word.
"""

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

LOCAL_ADDRESSES = frozenset({"127.0.0.1", "::1"})


@never_cache
def healthz(request):
    checks = {"database": _database(), "cache": _cache()}
    if not checks["database"]["ok"]:
        status, code = "unavailable", 503
    elif not checks["cache"]["ok"]:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    body: dict[str, object] = {"status": status}
    if _may_see_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=code)


def _database():
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure is the answer here
        return {"ok": False, "error": _describe(exc)}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _cache():
    status = getattr(cache, "status", None)
    if status is not None:  # our Redis backend: ask Redis itself, past its guard
        ok, error = status()
        return {"ok": True} if ok else {"ok": False, "error": error}
    try:
        cache.set("healthz", "ok", 5)
        return {"ok": cache.get("healthz") == "ok"}
    except Exception as exc:
        return {"ok": False, "error": _describe(exc)}


def _describe(exc):
    return f"{exc.__class__.__name__}: {exc}"[:300]


def _may_see_details(request) -> bool:
    forwarded = request.headers.get("x-forwarded-for") or request.headers.get("forwarded")
    if request.META.get("REMOTE_ADDR") in LOCAL_ADDRESSES and not forwarded:
        return True
    try:
        user = request.user
        return bool(user.is_active and user.is_staff)
    except Exception:  # the database is away: no way to know who asks
        return False
