"""gunicorn settings for `make serve` and production; each value can be overridden
from the environment (WEB_CONCURRENCY, PORT, HOST, GUNICORN_TIMEOUT)."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Restart workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = None  # chartweek.logs.RequestLogMiddleware logs each request
errorlog = "-"
wsgi_app = "chartweek.wsgi:application"
