"""Structured logs: one line per request, as text or JSON (LOG_FORMAT=json)."""

import json
import logging
import time

request_logger = logging.getLogger("chartweek.requests")


class JsonFormatter(logging.Formatter):
    """Each record as one JSON object; extra fields given with `extra=` are kept."""

    SKIP = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

    def format(self, record):
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update({k: v for k, v in record.__dict__.items() if k not in self.SKIP})
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


class RequestLogMiddleware:
    """Logs method, path, status, duration and size of every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        size = None if response.streaming else len(response.content)
        request_logger.info(
            "%s %s %s %sms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "bytes": size,
                "user_id": getattr(getattr(request, "user", None), "pk", None),
            },
        )
        return response
