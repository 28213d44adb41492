"""Site-wide guards: upload size, database outages, password guessing."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_an_upload_over_the_limit_is_refused_from_its_length_unread(editor_client, settings):
    settings.DATASET_MAX_UPLOAD_BYTES = 1000
    response = editor_client.post(
        reverse("admin:datasets_dataset_add"),
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "The upload was 5.2 MB; the limit is 0.0 MB." in html


def test_a_database_outage_is_a_friendly_503_not_a_traceback(client, monkeypatch):
    def unreachable(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(type(Article.objects.all()), "published", unreachable)
    response = client.get(reverse("articles:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Back in a moment" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_repeated_failed_logins_lock_the_account_out(settings):
    make_user(username="desk", password="the-right-password", is_staff=True)
    client = Client()
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "desk", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    assert client.post(url, {"username": "desk", "password": "wrong"}).status_code == 429
    # Locked: even the right password is refused from this address for now.
    response = client.post(url, {"username": "desk", "password": "the-right-password"})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")  # another address is not locked out
    response = other.post(url, {"username": "desk", "password": "the-right-password"})
    assert response.status_code == 302


def test_every_response_carries_the_security_headers(client, settings):
    from tests.factories import make_article

    settings.SECURE_HSTS_SECONDS = 31_536_000
    article = make_article()
    for url in (reverse("articles:home"), article.get_absolute_url(), reverse("admin:login")):
        response = client.get(url, secure=True)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_cookies_are_secure_and_http_only():
    import subprocess
    import sys

    code = (
        "import django, os; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    env = {
        k: v for k, v in __import__("os").environ.items() if k not in {"SECURE_COOKIES", "DEBUG"}
    }
    env.update(DEBUG="0", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="chartweek.settings")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "True", "True"]
