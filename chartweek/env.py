"""Typed readers for settings that come from the environment.

Each helper fails loudly (ImproperlyConfigured) on a value it cannot read, so a
typo in a deploy's environment stops the process at start-up instead of being
silently taken as the default.
"""

import os
import zoneinfo
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

from chartweek import words


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = words.SETTINGS.read(raw)
    if value is not None:
        return value
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no.")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below its minimum of {minimum}.")
    return value


def envlist(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def envtimezone(name: str, default: str) -> str:
    value = os.environ.get(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name}={value!r} is not an IANA time zone name.") from None
    return value


def envurl(name: str, default: str = "") -> str:
    """An http(s) origin such as https://charts.example.org, without a trailing slash."""
    raw = os.environ.get(name, default).strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"}:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a site address such as https://charts.example.org."
        )
    return f"{parts.scheme}://{parts.netloc}"


def envemail(name: str, default: str = "") -> str:
    """An e-mail address such as data@example.org, or "" when unset."""
    raw = os.environ.get(name, default).strip()
    if not raw:
        return ""
    try:
        validate_email(raw)
    except ValidationError:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not an e-mail address such as data@example.org."
        ) from None
    return raw


def envrate(name: str, default: str) -> str | None:
    """A request rate such as "120/minute" (per second, minute, hour or day); "off": none."""
    raw = os.environ.get(name, default).strip()
    if raw.lower() in {"off", "none", ""}:
        return None
    count, _, period = raw.partition("/")
    if not (count.isdigit() and period in {"second", "minute", "hour", "day", "s", "m", "h", "d"}):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate: write requests per period, e.g. 120/minute."
        )
    return raw
