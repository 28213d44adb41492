"""HTTP done once for every API view: caching headers, validators and 304s.

A view that knows cheaply what its answer depends on calls `self.conditional()`
before doing the work (a version's rows never change, so its id is a validator);
any other 200 answer gets an ETag from its rendered content. Either way a client
holding the same copy gets 304 Not Modified.

An ETag is always a quoted hash: a description such as "article-2-[4, 5]" sent
as it is would carry commas, which split an If-None-Match header into pieces
that never match.
"""

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

if TYPE_CHECKING:
    _View = APIView  # what the mixin is mixed into, for the type checker
else:
    _View = object


def etag_for(depends_on: str) -> str:
    """A strong ETag for an answer that depends on exactly `depends_on`: its quoted hash."""
    return f'"{hashlib.sha256(depends_on.encode()).hexdigest()[:32]}"'


def latest(*times):
    return max(t for t in times if t is not None)


class CachingMixin(_View):
    """Cache-Control, Vary, ETag and Last-Modified on every read; 304 when they match."""

    _etag = None
    _last_modified = None

    def conditional(self, request, *, etag, last_modified=None):
        """Note the validators; a 304 response if the client's copy is current, else None.

        `etag` describes what the answer depends on (ids, times, the query); the
        ETag sent is its hash.
        """
        self._etag = etag_for(etag)
        self._last_modified = int(last_modified.timestamp()) if last_modified else None
        return get_conditional_response(request, etag=self._etag, last_modified=self._last_modified)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        patch_vary_headers(response, ["Authorization"])
        if response.status_code >= 400:
            patch_cache_control(response, no_store=True)
            return response
        if request.user and request.user.is_authenticated:
            # A signed-in editor may be shown unpublished work: never in a shared cache.
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        if response.status_code not in (200, 304):
            return response
        if self._etag:
            response["ETag"] = self._etag
        if self._last_modified:
            response["Last-Modified"] = http_date(self._last_modified)
        if response.status_code == 200 and isinstance(response, Response):
            if not response.has_header("ETag"):
                response.render()
                set_response_etag(response)
            return get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=self._last_modified,
                response=response,
            )
        return response


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(required=False, help_text="Per field, for invalid input.")  # type: ignore[assignment]  # a field named like a Serializer attribute


def errors(*codes):
    """The error answers an endpoint documents (429 on all: the throttle)."""
    return {code: OpenApiResponse(ErrorSerializer) for code in (*codes, 429)}


class ApiView(CachingMixin, APIView):
    pass
