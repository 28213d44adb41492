"""Redis away, slow or back: the site degrades to uncached, never to errors (chartweek/cache.py)."""

import os
import socket
import threading
import time
import uuid

import pytest
from django.urls import reverse

from chartweek.cache import ResilientRedisCache
from tests.factories import make_article, make_chart, make_editor

pytestmark = pytest.mark.django_db


def closed_port():
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_settings(location, **options):
    return {
        "default": {
            "BACKEND": "chartweek.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2, **options},
        }
    }


@pytest.fixture
def redis_away(settings):
    settings.CACHES = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")
    settings.API_ANON_RATE = "1000/minute"  # the throttle keeps its history in the cache


@pytest.fixture
def hanging_redis(settings):
    """A server that accepts connections and never answers: a Redis stuck mid-request."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    port = listener.getsockname()[1]
    settings.CACHES = redis_settings(f"redis://127.0.0.1:{port}/0", retry_seconds=60)
    yield accepted
    listener.close()
    for connection in accepted:
        connection.close()


@pytest.fixture
def published():
    chart = make_chart()
    article = make_article(charts=[chart])
    return article, chart


def test_with_redis_away_readers_get_every_page_and_api_read(redis_away, client, published):
    article, chart = published
    dataset = chart.dataset
    urls = [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("articles:feed"),
        reverse("articles:archive"),
        reverse("charts:embed", args=[chart.pk]),
        reverse("datasets:detail", args=[dataset.slug]),
        reverse("api:dataset-list"),
        reverse("api:dataset-detail", args=[dataset.slug]),
        reverse("api:dataset-rows", args=[dataset.slug]),
        reverse("api:article-list"),
    ]
    for url in urls:
        for _ in range(2):  # the second time, the outage is already known
            response = client.get(url)
            assert response.status_code == 200, url


def test_with_redis_away_an_editor_signs_in_with_a_session_in_the_database(redis_away, client):
    make_editor(username="ada", password="a-long-test-password")
    response = client.post(
        reverse("admin:login"),
        {"username": "ada", "password": "a-long-test-password", "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_healthz_says_degraded_with_redis_away_and_stays_200(redis_away, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is False


def test_healthz_tells_an_anonymous_remote_caller_the_status_word_only(redis_away, client):
    response = client.get(reverse("healthz"), REMOTE_ADDR="203.0.113.9")
    assert response.json() == {"status": "degraded"}
    assert "127.0.0.1" not in response.content.decode()


def test_healthz_detail_is_not_given_to_a_local_address_that_came_through_a_proxy(
    redis_away, client
):
    response = client.get(reverse("healthz"), HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.json() == {"status": "degraded"}


def test_healthz_gives_staff_the_detail_from_anywhere(redis_away, client):
    client.force_login(make_editor())
    response = client.get(reverse("healthz"), REMOTE_ADDR="203.0.113.9")
    assert response.json()["checks"]["cache"]["ok"] is False


def test_a_hanging_redis_costs_one_timeout_then_nothing(hanging_redis, client, published):
    article, _ = published
    started = time.monotonic()
    for _ in range(5):
        assert client.get(article.get_absolute_url()).status_code == 200
    elapsed = time.monotonic() - started
    # One 0.2 s timeout, then the outage is remembered: far below five stalls.
    assert elapsed < 5, f"{elapsed:.1f}s"


@pytest.fixture
def real_redis():
    """The machine's Redis (127.0.0.1:6379; CI always has one), under a key prefix of our own."""
    cache = ResilientRedisCache(
        "redis://127.0.0.1:6379/15", {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    )
    ok, error = cache.status()
    if not ok:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(error)
        pytest.skip(f"no Redis on 127.0.0.1:6379 ({error})")
    yield cache
    cache._outage.until = 0
    cache._outage.lost.clear()


def test_a_write_lost_in_an_outage_leaves_no_stale_value_behind(real_redis):
    real_redis.set("generation", "old", 60)
    real_redis._outage.until = time.monotonic() + 60  # Redis is away...
    real_redis.set("generation", "new", 60)  # ...so this write is lost
    assert real_redis.get("generation") is None  # a miss while away
    real_redis._outage.until = 0  # Redis is back
    assert real_redis.get("generation") is None  # not "old": dropped on recovery
    real_redis.set("generation", "newer", 60)
    assert real_redis.get("generation") == "newer"
