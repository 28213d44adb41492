"""Every API error as JSON: {"detail": "a sentence saying what went wrong"}.

Validation errors keep their per-field messages under "errors"; the detail
repeats the first of them, so a client that reads only "detail" still learns why.
"""

import logging

from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

logger = logging.getLogger("django.request")


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None:
        if isinstance(exc, ValidationError):
            response.data = {"detail": _first_message(response.data), "errors": response.data}
        return response
    set_rollback()
    if isinstance(exc, SuspiciousOperation):
        return Response({"detail": str(exc) or "Bad request."}, status=status.HTTP_400_BAD_REQUEST)
    request = context.get("request")
    logger.error(
        "Internal Server Error: %s",
        getattr(request, "path", "?"),
        exc_info=exc,
        extra={"status_code": 500, "request": getattr(request, "_request", None)},
    )
    return Response(
        {"detail": "Something went wrong on our side; it has been logged. Please try again."},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def _first_message(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            where = "" if key == "non_field_errors" else f"{key}: "
            return _first_message(value, prefix or where)
    if isinstance(data, list) and data:
        return _first_message(data[0], prefix)
    return f"{prefix}{data}"


def not_found(request):
    """Any address under /api/ that names no resource."""
    return JsonResponse(
        {
            "detail": f"There is nothing at {request.path}. The API lives under /api/v1/ "
            "(addresses end with a slash, e.g. /api/v1/datasets/); its documentation "
            "is at /api/docs/."
        },
        status=404,
    )
