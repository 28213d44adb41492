"""Brotli or gzip for text answers: pages, feeds, API JSON, CSV and NDJSON downloads.

The client's Accept-Encoding picks the encoding (brotli, then gzip); streamed
downloads are compressed as they stream. Static files are not handled here:
WhiteNoise serves them compressed ahead of time.

BREACH: compressing a body that holds both a secret and text an attacker can
put in it lets the attacker guess the secret from the sizes. So nothing is
compressed that may hold a secret: the admin (`/admin/`), any answer to a
signed-in user (session-specific pages), any answer that used the CSRF token
(sign-in forms) and any marked private (a reviewer's share-link preview, whose
token is in it). Readers' pages hold no secret and must keep it so.
"""

import gzip
import zlib
from collections.abc import Iterable, Iterator

import brotli
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

COMPRESSIBLE_TYPES = frozenset(
    {
        "text/html",
        "text/plain",
        "text/csv",
        "text/xml",
        "application/json",
        "application/geo+json",
        "application/x-ndjson",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/vnd.oai.openapi+json",
        "image/svg+xml",
    }
)
ADMIN_PATH = "/admin/"
MIN_BYTES = 200  # smaller bodies grow when compressed
ENCODINGS = ("br", "gzip")  # in order of preference
# Brotli's quality: 11 (its best) costs ~50 ms per 100 KB, fine once per cached page;
# answers compressed on every request use 5, as fast as gzip's 6 and smaller.
STORED_QUALITY, LIVE_QUALITY = 11, 5
_TOKEN = _lazy_re_compile(r"^\s*([a-z*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$", flags=2)


def negotiate(request) -> str:
    """ "br", "gzip" or "identity": the best encoding this request accepts."""
    accepted: dict[str, float] = {}
    for part in request.headers.get("accept-encoding", "")[:500].split(","):
        if match := _TOKEN.match(part):
            try:
                accepted[match[1].lower()] = float(match[2]) if match[2] else 1.0
            except ValueError:
                continue
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0)) > 0:
            return encoding
    return "identity"


def compress(content: bytes, encoding: str, *, quality: int = LIVE_QUALITY) -> bytes:
    if encoding == "br":
        return brotli.compress(content, mode=brotli.MODE_TEXT, quality=quality)
    if encoding == "gzip":
        return gzip.compress(content, compresslevel=6, mtime=0)
    return content


def compress_stream(chunks: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """`chunks` compressed as they come, each piece sent as soon as there is one."""
    if encoding == "br":
        compressor = brotli.Compressor(mode=brotli.MODE_TEXT, quality=LIVE_QUALITY)
        process, finish = compressor.process, compressor.finish
    else:
        gz = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip wrapper
        process, finish = gz.compress, gz.flush
    for chunk in chunks:
        if out := process(chunk):
            yield out
    yield finish()


def may_compress(request, response) -> bool:
    """Whether this answer is compressible and carries no secret (see the module's note)."""
    if response.has_header("Content-Encoding") or response.status_code in (204, 304):
        return False
    media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if media_type not in COMPRESSIBLE_TYPES:
        return False
    if request.path.startswith(ADMIN_PATH) or "CSRF_COOKIE_NEEDS_UPDATE" in request.META:
        return False
    if "private" in response.get("Cache-Control", ""):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class CompressionMiddleware:
    """Compress each answer `may_compress` allows, with Content-Length when not streamed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not may_compress(request, response):
            return response
        if not response.streaming and len(response.content) < MIN_BYTES:
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        encoding = negotiate(request)
        if encoding == "identity":
            return response
        if response.streaming:
            response.streaming_content = compress_stream(response.streaming_content, encoding)
            del response["Content-Length"]
        else:
            response.content = compress(response.content, encoding)
            response["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and not etag.startswith("W/"):
            # The same content in another encoding: equal for If-None-Match, not byte for byte.
            response["ETag"] = "W/" + etag
        response["Content-Encoding"] = encoding
        return response
