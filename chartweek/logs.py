"""Structured logs: one line per request, as text or JSON (LOG_FORMAT=json).

Every record on its way out goes through `ScrubFilter` (on the console handler,
so every logger is covered, Django's own included):

- one record is one line: CR, LF and every other control character in the
  message and in its string fields are written as escapes (`\\n`, `\\x1b`), so a
  path with `%0A` cannot forge a log line;
- no secrets: preview tokens in paths, credentials in query strings, API tokens
  and passwords in header-like or key=value text are replaced by `[redacted]`.
"""

import json
import logging
import re
import time
import unicodedata

request_logger = logging.getLogger("chartweek.requests")

REDACTED = "[redacted]"

# Path segments that are secrets themselves: /preview/<token>/ opens a draft.
_SECRET_PATH = re.compile(r"(/preview/)[^/?#\s]+", re.IGNORECASE)
# Names of values that are secrets: in a query string, a form, a header or JSON.
_SECRET_NAME = r"[\w-]*(?:token|secret|passw(?:or)?d|api[_-]?key|signature|sessionid|csrf)[\w-]*"  # noqa: S105 (a pattern)
_SECRET_PARAM = re.compile(rf"([?&;]{_SECRET_NAME}=)[^&;#\s]*", re.IGNORECASE)
_SECRET_PAIR = re.compile(
    rf"""(["']?\b{_SECRET_NAME}["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}}]+)""", re.IGNORECASE
)
_SECRET_HEADER = re.compile(
    r"\b((?:proxy-)?authorization|cookie|x-api-key)(\s*[:=]\s*)[^\n,}]+", re.IGNORECASE
)
_SECRET_SCHEME = re.compile(r"\b(Token|Bearer|Basic)\s+[\w.~+/=-]{6,}", re.IGNORECASE)
# Line and paragraph separators and the bidirectional overrides, besides Cc.
_INVISIBLE = {"Zl", "Zp"}
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def redact(text: str) -> str:
    """`text` with the secrets it may carry replaced by [redacted]."""
    text = _SECRET_PATH.sub(rf"\1{REDACTED}", text)
    text = _SECRET_PARAM.sub(rf"\1{REDACTED}", text)
    text = _SECRET_HEADER.sub(rf"\1\2{REDACTED}", text)
    text = _SECRET_SCHEME.sub(rf"\1 {REDACTED}", text)
    return _SECRET_PAIR.sub(rf"\1{REDACTED}", text)


def escape_controls(text: str) -> str:
    """`text` on one line: control characters as escapes, as Django writes them."""
    if text.isprintable():
        return text  # the common case, at C speed
    out = []
    for char in text:
        if char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif (
            unicodedata.category(char) == "Cc"
            or unicodedata.category(char) in _INVISIBLE
            or char in _BIDI
        ):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def scrub(text: str) -> str:
    return escape_controls(redact(text))


class ScrubFilter(logging.Filter):
    """Hands the handler a copy of each record, made safe to write (see the module's doc)."""

    def filter(self, record):
        clean = logging.makeLogRecord(record.__dict__)
        clean.msg, clean.args = scrub(record.getMessage()), ()
        for name, value in record.__dict__.items():
            if name in JsonFormatter.SKIP:
                continue
            if isinstance(value, str):
                setattr(clean, name, scrub(value))
            elif not isinstance(value, int | float | bool | type(None)):
                # Django puts the request object on its records: its text is the path.
                setattr(clean, name, scrub(str(value)))
        return clean


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
        # Raw here: ScrubFilter, on the way out, escapes and redacts every record.
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
