"""Fault scenarios, each against a throwaway PostgreSQL cluster started here.

    .venv/bin/python bench/faults.py     (run by make bench)

1. Restart PostgreSQL while gunicorn is under load: requests in the gap must get
   our 503 page (never a 500 or a traceback), and the site must recover by
   itself; prints the seconds until the first good answer after the restart.
2. Kill the task worker in the middle of a large import: nothing may be left
   half-saved (no dataset, version, row or stored file), and the job reads as
   failed once recovered.
3. Fill the media storage (a tiny tmpfs) and upload: the editor must get a clear
   message and nothing may be saved.
"""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta
from pathlib import Path

from _pgcluster import Cluster
from _setup import ROOT

sys.path.insert(0, str(ROOT))
ARTICLE = "/articles/us-china-ai-research-rivals-and-partners/"


def base_env(cluster, media):
    return {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "DEBUG": "0",
        "SECRET_KEY": "faults-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "MEDIA_ROOT": str(media),
        "STATIC_ROOT": str(media.parent / "static"),
        "LOG_LEVEL": "ERROR",
        "CONN_MAX_AGE": "60",
        "AXES_ENABLED": "0",
        "GUNICORN_MAX_REQUESTS": "0",
        "DJANGO_SETTINGS_MODULE": "chartweek.settings",
    }


def manage(env, *args):
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return "refused", b""


def scenario_restart(env):
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "PORT": str(port), "HOST": "127.0.0.1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        if get(base + "/healthz")[0] == 200:
            break
        time.sleep(0.2)
    results, stop = [], threading.Event()

    def load(worker):
        n = 0
        while not stop.is_set():
            n += 1
            status, body = get(f"{base}{ARTICLE}?fault={worker}-{n}")  # uncached: hits the DB
            results.append(
                (time.monotonic(), status, b"Traceback" in body, b"Back in a moment" in body)
            )

    threads = [threading.Thread(target=load, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    restart_at = time.monotonic()
    restart_s = CLUSTER.restart()
    time.sleep(6)
    stop.set()
    for thread in threads:
        thread.join()
    server.terminate()
    server.wait(20)
    statuses = Counter(r[1] for r in results)
    bad = [r[0] for r in results if r[1] != 200]
    last_bad = max(bad) if bad else None
    recovered = next((r[0] for r in sorted(results) if last_bad and r[0] > last_bad), None)
    print(f"1. PostgreSQL restart under load: {len(results)} requests, statuses {dict(statuses)}")
    print(f"   pg_ctl restart took {restart_s:.2f} s")
    if last_bad is None:
        print("   no request failed during the restart")
    else:
        gap = (recovered - restart_at) if recovered else float("nan")
        print(
            f"   answering normally again {gap:.2f} s after the restart began, by itself "
            f"({len(bad)} requests in the gap)"
        )
    friendly = sum(1 for r in results if r[1] == 503 and r[3])
    print(
        f"   503 with our page: {friendly}; 500s: {statuses.get(500, 0)}; "
        f"tracebacks shown: {sum(1 for r in results if r[2])}"
    )


def scenario_kill_worker(env, media):
    import django

    os.environ.update(env)
    django.setup()
    from django.core.files.base import ContentFile

    from datasets import tables
    from datasets.models import Dataset, DatasetVersion, ImportJob
    from datasets.tasks import recover_stalled_imports, run_import

    def counts():
        files = [p for p in media.rglob("*") if p.is_file()]
        return (
            Dataset.objects.count(),
            DatasetVersion.objects.count(),
            len(tables.version_tables()),
            len(files),
        )

    before = counts()
    rows = "k,v,w\n" + "".join(f"row{i},{i},{i * 0.5}\n" for i in range(400_000))
    job = ImportJob.objects.create(
        dataset_title="Killed",
        original_name="big.csv",
        file=ContentFile(rows.encode(), name="big.csv"),
        new_dataset={
            "title": "Killed",
            "slug": "killed",
            "source_name": "faults",
            "licence": "CC0-1.0",
        },
    )
    run_import.using(backend="default").enqueue(job.pk)
    worker = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/python"),
            "manage.py",
            "db_worker",
            "--no-reload",
            "-v0",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state == ImportJob.State.STORING:
            break
        time.sleep(0.1)
    time.sleep(1.0)  # in the middle of storing rows
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    job.refresh_from_db()
    state_at_kill = job.state
    at_kill = counts()
    ImportJob.objects.filter(pk=job.pk).update(updated_at=job.updated_at - STALL)  # time passes
    import datasets.models
    import datasets.tasks

    # As if ten minutes had passed: the job is stalled and its files are old.
    datasets.models.STALLED_AFTER = datasets.tasks.STALLED_AFTER = timedelta(0)
    recovered = recover_stalled_imports()
    job.refresh_from_db()
    after = counts()
    names = "(datasets, versions, rows, media files)"
    print(f"2. Task worker killed (SIGKILL) while {state_at_kill!r} 400,000 rows")
    print(f"   {names}: before {before}, at the kill {at_kill}, after recovery {after}")
    print(
        f"   half-saved: {'nothing' if after == before else 'YES'}; job: {job.state}, "
        f"'{job.message}' ({recovered} stalled job recovered)"
    )


def scenario_full_storage(env):
    from django.core.files.base import ContentFile
    from django.test import Client

    from datasets.models import Dataset
    from tests.factories import make_editor

    small = Path(tempfile.mkdtemp(prefix="chartweek-full-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(small)], check=True)
    try:
        from django.test.utils import override_settings

        # setting_changed makes the default storage look at the new folder.
        override = override_settings(MEDIA_ROOT=str(small))
        override.enable()
        editor = make_editor(username=f"full-{time.time_ns()}")
        client = Client()
        client.force_login(editor)
        content = b"k,v\n" + b"".join(f"r{i},{i}\n".encode() for i in range(60_000))
        upload = ContentFile(content, name="too-big-for-the-disk.csv")
        response = client.post(
            "/admin/datasets/dataset/add/",
            {
                "title": "Full disk",
                "slug": "full-disk",
                "source_name": "faults",
                "licence": "CC0-1.0",
                "redistributable": "on",
                "upload": upload,
                "paste": "",
                "sheet": "",
                "description": "",
                "source_url": "",
                "attribution": "",
                "temporal_coverage": "",
            },
            follow=True,
            HTTP_HOST="127.0.0.1",
        )
        html = response.content.decode()
        clear = "no room left in the file storage" in html

        print(
            f"3. Media storage full ({len(content) / 1e6:.1f} MB file, 256 KB disk): "
            f"status {response.status_code}, clear message: {clear}, "
            f"dataset saved: {Dataset.objects.filter(slug='full-disk').exists()}, "
            f"files left: {sum(1 for p in small.rglob('*') if p.is_file())}"
        )
        override.disable()
    finally:
        subprocess.run(["umount", str(small)], check=False)


STALL = timedelta(hours=1)
CLUSTER = None


def main():
    global CLUSTER
    media = Path(tempfile.mkdtemp(prefix="chartweek-media-"))
    CLUSTER = Cluster().start()
    try:
        env = base_env(CLUSTER, media)
        manage(env, "migrate", "--no-input")
        manage(env, "loaddemo")
        manage(env, "collectstatic", "--no-input")
        scenario_restart(env)
        env["DATASET_BACKGROUND_BYTES"] = "1000"
        scenario_kill_worker(env, media)
        scenario_full_storage(env)
    finally:
        CLUSTER.stop()


if __name__ == "__main__":
    main()
