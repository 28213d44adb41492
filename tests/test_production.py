"""Production parts: health check, structured logs, S3-compatible media storage."""

import json
import logging
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import OperationalError
from django.urls import reverse

from chartweek.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_cache(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_what_is_wrong_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(self, sql, params=None):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    database = response.json()["checks"]["database"]
    assert database == {"ok": False, "error": "OperationalError: could not connect to server"}


def test_json_log_lines_carry_the_request_fields():
    record = logging.makeLogRecord(
        {
            "msg": "GET / 200",
            "levelname": "INFO",
            "name": "chartweek.requests",
            "status": 200,
            "path": "/",
            "duration_ms": 3.2,
        }
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET / 200"
    assert (line["status"], line["path"], line["duration_ms"]) == (200, "/", 3.2)


def test_every_request_is_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="chartweek.requests"):
        client.get(reverse("articles:home"))
    record = next(r for r in caplog.records if r.name == "chartweek.requests")
    assert (record.method, record.path, record.status) == ("GET", "/", 200)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3-compatible server, on a free 127.0.0.1 port, for this module."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("moto's S3 server did not start")
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture
def s3_media(settings, s3_server):
    import boto3

    bucket = f"chartweek-{uuid.uuid4().hex[:8]}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1", **credentials
    ).create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "location": "media",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    return storages["default"]


def test_uploads_and_downloads_go_through_s3_compatible_storage(s3_media, client):
    from tests.factories import make_article, make_chart, make_dataset

    dataset = make_dataset(content=b"country,papers\nChina,9660\n", name="s3.csv")
    version = dataset.current_version
    assert version.file.name.startswith("datasets/")
    with s3_media.open(version.file.name, "rb") as stored:
        assert stored.read() == b"country,papers\nChina,9660\n"
    make_article(charts=[make_chart(dataset=dataset)])
    response = client.get(reverse("datasets:download", args=[dataset.slug]))
    assert b"".join(response.streaming_content).decode().splitlines()[1] == "China,9660"


def test_a_failed_import_leaves_nothing_in_s3(s3_media):
    from datasets import ingest
    from datasets.models import Dataset, Licence

    upload = ContentFile(b"k,v\na,1\nb,x\n", name="bad.csv")
    inspection = ingest.inspect(upload, types={"v": "integer"})
    dataset = Dataset(title="Bad", slug="bad", source_name="s", licence=Licence.CC0)
    with pytest.raises(ingest.IngestError):
        ingest.import_version(dataset=dataset, inspection=inspection, upload=upload)
    assert s3_media.listdir("datasets") == ([], [])


def test_the_redis_cache_backend_works_against_the_machines_redis(settings):
    """REDIS_URL's backend, against a real server (127.0.0.1:6379; CI always has one)."""
    import os

    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache.set("page", {"html": "<p>hi</p>"}, 30)
    except Exception as exc:  # no server here
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            raise
        pytest.skip(f"no Redis on 127.0.0.1:6379 ({exc.__class__.__name__})")
    assert cache.get("page") == {"html": "<p>hi</p>"}
    cache.delete("page")
    assert cache.get("page") is None


def test_a_worker_loads_every_view_as_it_boots_not_in_its_first_request():
    # A fresh interpreter, as gunicorn's worker: importing the WSGI app loads the URLconf
    # and the views behind it (the downloads' pyarrow and openpyxl), ~0.5 s that the
    # first request of each worker (a HEAD included) would otherwise pay.
    code = "import sys, chartweek.wsgi; print('api.downloads' in sys.modules)"
    env = {"DEBUG": "1", "PATH": "/usr/bin:/bin"}
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert found.stdout.strip() == "True", found.stderr
