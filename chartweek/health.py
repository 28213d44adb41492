"""/healthz: is this app server able to serve? Checks the database and the cache."""

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    checks, healthy = {}, True
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    except Exception as exc:  # any failure is the answer here
        checks["database"] = {"ok": False, "error": f"{exc.__class__.__name__}: {exc}"[:300]}
        healthy = False
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = {"ok": cache.get("healthz") == "ok"}
    except Exception as exc:
        checks["cache"] = {"ok": False, "error": f"{exc.__class__.__name__}: {exc}"[:300]}
    healthy = healthy and checks["cache"]["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
