"""Site-wide guards that must act before a view runs, or after one fails."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("chartweek")

# Room for the form's other fields around the file in a multipart body.
FORM_OVERHEAD = 1024 * 1024


class UploadLimitMiddleware:
    """Refuse a request body over the upload limit from its Content-Length, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        limit = settings.DATASET_MAX_UPLOAD_BYTES + FORM_OVERHEAD
        if length > limit:
            html = render_to_string(
                "413.html",
                {
                    "size_mb": length / 1_000_000,
                    "limit_mb": settings.DATASET_MAX_UPLOAD_BYTES / 1e6,
                },
            )
            response = HttpResponse(html, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While the database is unreachable, answer 503 with a page of our own, not a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:
            return self._unavailable(exc)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return self._unavailable(exception)
        return None

    def _unavailable(self, exc: DatabaseError | InterfaceError):
        logger.warning("database unavailable: %s", exc.__class__.__name__)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response
