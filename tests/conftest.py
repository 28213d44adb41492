import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from hypothesis import HealthCheck, settings

# Property tests run on shared, loaded machines (CI included): a per-example
# deadline would fail them for the machine's load, not for a wrong answer.
# Timings live in bench/.
settings.register_profile("chartweek", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("chartweek")


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time when its threads share a connection.

    On SQLite the test database is in memory: every server thread uses the test's one
    connection, and two requests at once (the admin's preview and steps fetches) interleave
    on it. A session read could then come back empty and the editor be sent to the login
    page mid-test. One request at a time (the whole answer, streamed ones included) keeps
    the connection to one user. PostgreSQL gives each thread its own connection, so there
    the server stays fully threaded.
    """

    _lock = threading.Lock()

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)

        def one_at_a_time(environ, start_response):
            with self._lock:
                answer = application(environ, start_response)
                try:
                    body = b"".join(answer)
                finally:
                    if hasattr(answer, "close"):
                        answer.close()
            return [body]

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture(autouse=True)
def _isolated_media_and_static(settings, tmp_path):
    """Uploads go to a throwaway folder; static files resolve without collectstatic."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def editor(db):
    from tests.factories import make_editor

    return make_editor(username="editor", first_name="Ed", last_name="Itor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached pages never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publisher(db):
    from tests.factories import make_publisher

    return make_publisher(username="publisher", first_name="Pub", last_name="Lisher")


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client
