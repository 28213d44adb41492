"""Site benchmark: gunicorn (2 workers) against PostgreSQL, loaded with wrk.

    make bench          # or: .venv/bin/python bench/site.py [SECONDS]

Prints requests/s, p50 and p99 latency and errors for the article page (cached
and uncached), the home page, an API rows page (when the API is installed), a CSV
download, and a static file of the article page's size served by the same
server as the ceiling, with each figure's ratio to it. Then the demo article's
page weight and the time until every chart is drawn, measured in Chromium.
Targets (reported, not asserted): cached article >= 60% of the ceiling,
uncached >= 15%, zero errors, cached p99 under 4x its p50, page under 120 KB.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import ROOT, django_on_postgres

SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
CONNECTIONS = 32
ARTICLE = "/articles/us-china-ai-research-rivals-and-partners/"
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
LUA_MIXED = """
paths = {%s}
request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end
"""
LUA_UNCACHED = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "%s?uncached=" .. counter .. "-" .. math.random(1000000000))
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=30):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def wrk(url, *, script=None, connections=CONNECTIONS, seconds=SECONDS):
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        url,
    ]
    if script:
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _latency(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
    p99 = _latency(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(g) for g in match.groups())
    return rps, p50, p99, errors


def _latency(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")
    static_root = Path(tempfile.mkdtemp(prefix="chartweek-bench-static-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_ROOT": str(static_root),
        "AXES_ENABLED": "0",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_MAX_REQUESTS": "0",  # no worker recycling in the middle of a run
        "API_ANON_RATE": "off",  # the load comes from one address: do not throttle it
    }
    os.environ.update(env)
    django_on_postgres("chartweek_bench_site")
    from django.core.management import call_command
    from django.test import Client

    call_command("loaddemo", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    article_bytes = Client().get(ARTICLE, HTTP_HOST="127.0.0.1").content
    ceiling_name = "bench-ceiling.html"
    (static_root / ceiling_name).write_bytes(article_bytes)
    api_rows = "/api/v1/datasets/ai-training-cost-reported/rows/?reported_cost_usd__gte=1"

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--workers", "2"],
        cwd=ROOT,
        env={
            **env,
            "PORT": str(port),
            "HOST": "127.0.0.1",
            "DATABASE_URL": os.environ["DATABASE_URL"],
        },
    )
    try:
        wait_for(base + "/healthz")
        static_url = f"{base}/static/{ceiling_name}"
        wait_for(static_url)
        targets = [
            ("static file (ceiling)", static_url, None),
            ("article page, cached", base + ARTICLE, None),
            ("article page, uncached", base + ARTICLE, "uncached"),
            ("home page", base + "/", None),
        ]
        try:
            wait_for(base + api_rows, timeout=5)
            targets.append(("API rows page", base + api_rows, None))
        except SystemExit:
            print("(no API rows endpoint yet: skipped)")
        targets.append(("CSV download", base + "/datasets/ai-training-compute/data.csv", None))
        wait_for(base + ARTICLE)  # warm the page cache
        results = []
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA_UNCACHED % ARTICLE)
        for name, url, mode in targets:
            results.append((name, *wrk(url, script=lua.name if mode else None)))
        ceiling = results[0][1]
        print(f"wrk: {CONNECTIONS} connections, {SECONDS} s each, gunicorn 2 workers, PostgreSQL")
        print(
            f"{'target':28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs ceiling':>10}"
        )
        for name, rps, p50, p99, errors in results:
            print(f"{name:28} {rps:9.0f} {p50:8.2f} {p99:8.2f} {errors:7d} {rps / ceiling:10.0%}")
        cached = next(r for r in results if r[0] == "article page, cached")
        print(f"cached article p99/p50: {cached[3] / cached[2]:.1f}x (target < 4x)")
        mixed = [ARTICLE, "/"] + (
            [api_rows] if any(r[0] == "API rows page" for r in results) else []
        )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA_MIXED % ", ".join(f'"{p}"' for p in mixed))
        rps, p50, p99, errors = wrk(
            base + "/", script=lua.name, connections=64, seconds=LOAD_SECONDS
        )
        print(
            f"load: {LOAD_SECONDS} s, 64 connections across {', '.join(mixed)}: "
            f"{rps * LOAD_SECONDS:,.0f} requests, {rps:.0f} req/s, p50 {p50:.2f} ms, "
            f"p99 {p99:.2f} ms, errors {errors} (target 0)"
        )
        browser_figures(base)
    finally:
        server.terminate()
        server.wait(20)
        shutil.rmtree(static_root, ignore_errors=True)


def browser_figures(base):
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        print("(no Chromium: page weight not measured)")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        requests = []
        page.on("requestfinished", lambda r: requests.append(r))
        started = time.perf_counter()
        page.goto(base + ARTICLE)
        page.wait_for_function(
            "document.querySelectorAll('[data-chart]').length > 0 && "
            "document.querySelectorAll('[data-chart]').length === "
            "document.querySelectorAll('.chart__canvas--drawn').length"
        )
        drawn_ms = page.evaluate("performance.now()")
        wall_ms = (time.perf_counter() - started) * 1000
        total = 0
        other_hosts = []
        for request in requests:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            if not request.url.startswith(base):
                other_hosts.append(request.url)
        print(
            f"demo article in Chromium: {len(requests)} requests, {total / 1024:.1f} KB "
            f"transferred (compressed), target < 120 KB; requests to other hosts: {len(other_hosts)}"
        )
        print(f"every chart drawn {drawn_ms:.0f} ms after navigation start ({wall_ms:.0f} ms wall)")
        browser.close()


if __name__ == "__main__":
    main()
