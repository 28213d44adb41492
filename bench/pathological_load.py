"""The home page while the worst uploads are processed: gunicorn (2 workers) on
127.0.0.1 and the task worker, on a PostgreSQL database of the bench's own.

    .venv/bin/python bench/pathological_load.py [SECONDS]

Two clients post the worst uploads to the API without pause (each is read in a
web worker, within the request budget): a 2 MB single-line CSV, the 1.6 KB
workbook declaring A1:XFD1048576, a 1 MB JSON record of distinct keys, a 20 MB
plain CSV (stopped by the budget). The task worker meanwhile gets the same
shapes at 45 MB. A third client asks for the home page every 50 ms. Prints
the home page's latency (p50, p99, max) and what the uploads got back.
Target: p99 under 1 s, no failed home page.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

from _setup import ROOT, django_on_postgres
from pathological import generate

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 40
DATABASE = "chartweek_bench_pathological"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart(fields, name, data):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def get(url, timeout=30):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return time.perf_counter() - started, status


def main():
    django_on_postgres(DATABASE)
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from datasets.models import ImportJob
    from datasets.tasks import run_import
    from tests.datasets.shapes import SHAPES

    user, _ = get_user_model().objects.get_or_create(
        username="bench-uploader", defaults={"is_staff": True, "is_superuser": True}
    )
    token, _ = Token.objects.get_or_create(user=user)
    worst = {
        "single-line.csv": SHAPES["single-line.csv"](2_000_000),
        "dimension.xlsx": SHAPES["dimension.xlsx"](0),
        "many-keys.json": SHAPES["many-keys.json"](1_000_000),
        "normal.csv": SHAPES["normal.csv"](20_000_000),
    }
    port = free_port()
    static = tempfile.mkdtemp()
    env = {
        **os.environ,
        "DEBUG": "0",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static,
        "DATASET_MAX_UPLOAD_BYTES": str(60_000_000),
    }
    python = str(ROOT / ".venv/bin/python")
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    web = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    worker = subprocess.Popen(
        [python, "manage.py", "db_worker", "--no-reload", "-v0"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if get(base + "/", timeout=5)[1] == 200:
                break
            time.sleep(0.3)
        else:
            raise SystemExit("gunicorn did not answer")
        quiet = [get(base + "/")[0] for _ in range(20)]
        jobs = [background_job(name, generate(SHAPES[name], 45_000_000)) for name in BACKGROUND]
        for job in jobs:
            run_import.enqueue(job.pk)
        stop = time.monotonic() + SECONDS
        uploads = []

        def uploader():
            while time.monotonic() < stop:
                for name, data in worst.items():
                    fields = {
                        "title": f"Bench {uuid.uuid4().hex[:10]}",
                        "source_name": "bench",
                        "licence": "CC0-1.0",
                    }
                    body, kind = multipart(fields, name, data)
                    request = urllib.request.Request(
                        base + "/api/v1/datasets/",
                        data=body,
                        method="POST",
                        headers={"Content-Type": kind, "Authorization": f"Token {token.key}"},
                    )
                    started = time.perf_counter()
                    try:
                        with urllib.request.urlopen(request, timeout=60) as response:
                            status, text = response.status, response.read().decode()
                    except urllib.error.HTTPError as exc:
                        status, text = exc.code, exc.read().decode()
                    except OSError as exc:
                        status, text = 0, str(exc)
                    try:
                        text = json.dumps(json.loads(text).get("file", text))[:70]
                    except (ValueError, AttributeError):
                        text = text[:70]
                    uploads.append((name, status, time.perf_counter() - started, text))

        threads = [threading.Thread(target=uploader) for _ in range(2)]
        for thread in threads:
            thread.start()
        busy = []
        while time.monotonic() < stop:
            busy.append(get(base + "/"))
            time.sleep(0.05)
        for thread in threads:
            thread.join()
        times = sorted(t for t, _ in busy)
        failed = sum(1 for _, status in busy if status != 200)
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"home page, quiet: p50 {statistics.median(quiet) * 1000:.0f} ms")
        print(
            f"home page, during the uploads: {len(busy)} requests, p50 "
            f"{statistics.median(times) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max "
            f"{times[-1] * 1000:.0f} ms, {failed} not 200"
        )
        print(f"uploads through the API: {len(uploads)}")
        for name in worst:
            mine = [u for u in uploads if u[0] == name]
            if mine:
                slowest = max(u[2] for u in mine)
                print(
                    f"  {name:16} x{len(mine)}  status {sorted({u[1] for u in mine})}  "
                    f"slowest {slowest:.1f} s  {mine[-1][3]}"
                )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            states = [ImportJob.objects.get(pk=j.pk) for j in jobs]
            if all(j.finished for j in states):
                break
            time.sleep(1)
        for job in states:
            took = (job.updated_at - job.created_at).total_seconds()
            print(
                f"  background {job.original_name:16} {job.state} after {took:.1f} s: "
                f"{job.message[:70]}"
            )
        print(f"gunicorn worker timeouts: {web_timeouts(web)}")
        sigterm_mid_import(worker, SHAPES["normal.csv"](45_000_000))
    finally:
        worker.terminate()
        web.terminate()
        worker.wait(30)
        web.wait(30)


BACKGROUND = ("single-line.csv", "normal.csv", "many-keys.json")


def background_job(name, data):
    from django.core.files.base import ContentFile

    from datasets.models import ImportJob

    new = {
        "title": name,
        "slug": f"bg-{uuid.uuid4().hex[:8]}",
        "source_name": "bench",
        "licence": "CC0-1.0",
    }
    return ImportJob.objects.create(
        dataset_title=name, original_name=name, file=ContentFile(data, name=name), new_dataset=new
    )


def sigterm_mid_import(worker, data):
    """SIGTERM to the task worker while it imports: how soon it exits, what the job says."""
    from datasets.models import ImportJob
    from datasets.tasks import run_import

    job = background_job("sigterm.csv", data)
    run_import.enqueue(job.pk)
    deadline = time.monotonic() + 120
    while ImportJob.objects.get(pk=job.pk).state == ImportJob.State.QUEUED:
        if time.monotonic() > deadline:
            print("  SIGTERM: the job never started")
            return
        time.sleep(0.2)
    time.sleep(2)
    sent = time.monotonic()
    worker.terminate()
    try:
        worker.wait(60)
    except subprocess.TimeoutExpired:
        print("  SIGTERM: the task worker was still running after 60 s")
        return
    job.refresh_from_db()
    print(
        f"SIGTERM mid-import: the task worker exited after {time.monotonic() - sent:.2f} s; "
        f"job {job.state}: {job.message[:80]}"
    )


def web_timeouts(web):
    web.terminate()
    try:
        _, errors = web.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        return "unknown"
    return errors.count("WORKER TIMEOUT")


if __name__ == "__main__":
    main()
