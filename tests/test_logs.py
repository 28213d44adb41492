"""Log lines: one per request whatever the path, and no secrets in any (chartweek/logs.py)."""

import io
import json
import logging

import pytest
from django.urls import reverse

from chartweek.logs import JsonFormatter, ScrubFilter, escape_controls, redact
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the configured console handler (settings.LOGGING) writes, in a buffer."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    logger = logging.getLogger("chartweek.requests")
    level = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    handler.setStream(previous)
    logger.setLevel(level)


def test_a_path_with_a_line_feed_gives_one_log_line(client, console):
    client.get("/articles/x%0A2026-01-01 INFO chartweek.requests GET /admin/ 200/")
    lines = console.getvalue().splitlines()
    assert not [line for line in lines if line.startswith("2026-01-01")]  # nothing forged
    request_lines = [line for line in lines if " INFO chartweek.requests GET /articles/" in line]
    assert len(request_lines) == 1
    assert "/articles/x\\n2026-01-01" in request_lines[0]


def test_carriage_returns_escapes_and_bidi_overrides_are_escaped():
    assert escape_controls("a\rb\x1b[31mc\u202ed\u2028e") == "a\\rb\\x1b[31mc\\u202ed\\u2028e"
    assert escape_controls("Zürich £5 — ok") == "Zürich £5 — ok"


def test_a_preview_token_in_a_path_is_not_logged(client, console):
    article = make_article(published=False)
    token = article.preview_links.create().token
    assert client.get(reverse("articles:preview", args=[token])).status_code == 200
    client.get(reverse("articles:preview", args=["not-a-real-token-1234"]))  # 404: Django logs it
    written = console.getvalue()
    assert "/preview/[redacted]/" in written
    assert token not in written
    assert "not-a-real-token-1234" not in written


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("GET /datasets/?token=s3cr3t-value&page=2", "s3cr3t-value"),
        ("GET /x/?api_key=k3y-value", "k3y-value"),
        ("Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "9944b09199c62bcf"),
        ("headers={'Authorization': 'Bearer eyJhbGciOi.xyz'}", "eyJhbGciOi"),
        ("login failed: password=hunter2-long user=ada", "hunter2-long"),
        ('{"username": "ada", "password": "hunter2-long"}', "hunter2-long"),
        ("Cookie: sessionid=abc123def456; csrftoken=zzz", "abc123def456"),
    ],
)
def test_secrets_are_redacted(text, secret):
    assert secret not in redact(text)
    assert "[redacted]" in redact(text)


def test_ordinary_text_is_left_alone():
    text = "GET /articles/how-the-token-economy-grew/?page=2 200 3.1ms"
    assert redact(text) == text


def test_json_lines_are_scrubbed_too_and_the_original_record_is_untouched():
    record = logging.makeLogRecord(
        {
            "msg": "Not Found: %s",
            "args": ("/preview/abc123/",),
            "levelname": "WARNING",
            "name": "django.request",
            "path": "/preview/abc123/\n",
        }
    )
    clean = ScrubFilter().filter(record)
    line = JsonFormatter().format(clean)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "Not Found: /preview/[redacted]/"
    assert data["path"] == "/preview/[redacted]/\\n"
    assert record.getMessage() == "Not Found: /preview/abc123/"  # other handlers see it whole
