import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from chartweek.env import envbool, envemail, envint, envlist, envtimezone, envurl

ROOT = Path(__file__).resolve().parents[1]


def test_envbool_reads_common_spellings_and_refuses_others(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert envbool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert envbool("FLAG", default=True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        envbool("FLAG")


def test_envint_refuses_words_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        envint("N", 1)
    monkeypatch.setenv("N", "-1")
    with pytest.raises(ImproperlyConfigured, match="minimum"):
        envint("N", 1, minimum=0)


def test_envlist_and_timezone(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example ,")
    assert envlist("HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("TZ_NAME", "Mars/Olympus")
    with pytest.raises(ImproperlyConfigured, match="time zone"):
        envtimezone("TZ_NAME", "UTC")


def test_envurl_reads_an_origin_and_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SITE", "https://charts.example.org/")
    assert envurl("SITE") == "https://charts.example.org"
    monkeypatch.setenv("SITE", "")
    assert envurl("SITE") == ""
    for bad in ("charts.example.org", "ftp://charts.example.org", "https://x.org/blog"):
        monkeypatch.setenv("SITE", bad)
        with pytest.raises(ImproperlyConfigured, match="SITE"):
            envurl("SITE")


def test_envemail_reads_an_address_and_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("CONTACT", " data@example.org ")
    assert envemail("CONTACT") == "data@example.org"
    monkeypatch.setenv("CONTACT", "")
    assert envemail("CONTACT") == ""
    for bad in ("data", "data@", "mailto:data@example.org", "a b@example.org"):
        monkeypatch.setenv("CONTACT", bad)
        with pytest.raises(ImproperlyConfigured, match="CONTACT"):
            envemail("CONTACT")


def run_check(**env):
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last is set by e2e tests
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_check(
        DEBUG="0",
        SECRET_KEY="x" * 60 + "production-like-secret-key",
        ALLOWED_HOSTS="charts.example",
        SECURE_SSL_REDIRECT="1",
        SECURE_COOKIES="1",
        SECURE_HSTS_PRELOAD="1",
    )
    assert result.returncode == 0, result.stderr + result.stdout
