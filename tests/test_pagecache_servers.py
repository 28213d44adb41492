"""Two app servers, one Redis: an edit through one drops exactly its pages on the other.

Each server is a gunicorn process of its own on a SQLite file both read, with
REDIS_URL pointing at the machine's Redis (127.0.0.1:6379; CI always has one)
under a key prefix of this run's own.
"""

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
REDIS = "redis://127.0.0.1:6379/14"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")

SETUP = """
import json
from tests.factories import add_version, make_article, make_chart, make_publisher
make_publisher(username="pub", password="a-long-test-password")
drawn, other = make_chart(title="Drawn"), make_chart(title="Other chart")
add_version(drawn.dataset, b"country,papers,share\\nUnited States,12345,0.5\\n")
first = make_article(title="First article", charts=[drawn])
fillers = [make_article(title=f"Filler {n}") for n in range(3)]  # the second's related box
second = make_article(title="Second article", charts=[other])
print(json.dumps({"chart": drawn.pk, "first": first.slug, "second": second.slug,
                  "first_pk": first.pk, "second_pk": second.pk}))
"""


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis on 127.0.0.1:6379 ({exc.__class__.__name__})")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return requests.get(url, timeout=60)  # a first request imports the whole site
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    _redis_or_skip()
    folder = tmp_path_factory.mktemp("two-servers")
    prefix = f"test-two-servers-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": prefix,
        "AXES_ENABLED": "0",
        "DEBUG": "1",  # static files from the finders: no collectstatic for this test
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    made = subprocess.run(
        [*manage, "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    content = json.loads(made.stdout.strip().splitlines()[-1])
    processes, bases = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(
            subprocess.Popen(
                [GUNICORN, "-c", "gunicorn.conf.py", "--no-control-socket"],
                cwd=ROOT,
                env={**env, "PORT": str(port), "WEB_CONCURRENCY": "1"},
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            _wait(base + "/healthz")
        yield bases, content, folder / "db.sqlite3"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        import redis

        client = redis.Redis.from_url(REDIS)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def _title(base, slug):
    response = requests.get(f"{base}/articles/{slug}/", timeout=30)
    assert response.status_code == 200
    return re.search(r"<h1[^>]*>\s*([^<]+?)\s*<", response.text)[1]


def _sign_in(base):
    session = requests.Session()
    login = session.get(f"{base}/admin/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
    session.post(
        f"{base}/admin/login/",
        data={"username": "pub", "password": "a-long-test-password", "csrfmiddlewaretoken": token},
        timeout=30,
    )
    return session


def test_an_edit_through_one_server_drops_only_its_pages_on_the_other(servers):
    (one, other), content, database = servers
    for base in (one, other):
        assert _title(base, content["first"]) == "First article"
        assert _title(base, content["second"]) == "Second article"
    # Behind the app's back (no signal): both servers keep serving their cached pages.
    with sqlite3.connect(database) as db:
        db.execute("UPDATE articles_article SET title = title || ', quietly retitled'")
    assert _title(other, content["first"]) == "First article"
    assert _title(other, content["second"]) == "Second article"

    # A publisher moves the first article's chart to new data through the first server.
    session = _sign_in(one)
    changelist = session.get(f"{one}/admin/charts/chart/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist.text)[1]
    moved = session.post(
        f"{one}/admin/charts/chart/",
        data={
            "action": "move_to_latest_data",
            "_selected_action": [content["chart"]],
            "csrfmiddlewaretoken": token,
        },
        timeout=60,
    )
    assert moved.status_code == 200

    # The other server draws the first article afresh (new data, and the quiet title) ...
    first = requests.get(f"{other}/articles/{content['first']}/", timeout=30).text
    assert "12,345" in first
    assert "First article, quietly retitled" in first
    # ... and still serves the second from the shared cache: nothing it shows changed.
    assert _title(other, content["second"]) == "Second article"
