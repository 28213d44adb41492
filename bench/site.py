"""Site benchmark: the demo article under gunicorn (2 workers), loaded with wrk.

    .venv/bin/python bench/site.py [SECONDS]      # or: make bench

Set up as `make run` does (SQLite, migrate, loaddemo) but with DEBUG off and
collected static files, then two gunicorn servers of 2 workers each on
127.0.0.1: one as deployed (the page cache in each worker's memory, or in Redis
when REDIS_URL is set), one with PAGE_CACHE_SECONDS=0, whose every request
renders the page. Prints requests/s, p50 and p99 latency and errors for:

- a static file of the article page's size served by the same server (the ceiling),
- the article page cached (plain, and as a browser asks: Accept-Encoding br, gzip),
- the article page uncached, and the home page cached,

each with its ratio to the ceiling; then the demo article's transfer size in
Chromium, compressed, all assets. Targets (issue 17; reported, not asserted):
uncached >= 15% of the ceiling, cached >= 60% with p99 < 4x p50, <= 100 KB.
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

ROOT = Path(__file__).resolve().parents[1]
SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
CONNECTIONS = 32
ARTICLE = "/articles/us-china-ai-research-rivals-and-partners/"
BROWSER_HEADERS = ["-H", "Accept-Encoding: br, gzip"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=120):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read()
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def wrk(url, *, extra=(), connections=CONNECTIONS, seconds=SECONDS):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    out = subprocess.run([*command, *extra, url], capture_output=True, text=True, check=True).stdout
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


def manage(env, *args):
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True)


def serve(env, **extra):
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--no-control-socket"],
        cwd=ROOT,
        env={**env, **extra, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": "2"},
    )
    return server, f"http://127.0.0.1:{port}"


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")
    work = Path(tempfile.mkdtemp(prefix="chartweek-bench-site-"))
    static_root = work / "static"
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(static_root),
        "AXES_ENABLED": "0",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_MAX_REQUESTS": "0",  # no worker recycling in the middle of a run
        "API_ANON_RATE": "off",  # the load comes from one address: do not throttle it
    }
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "loaddemo", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    # The uncached server first: the ceiling file is its page, written before the
    # other server starts (WhiteNoise indexes static files at start-up).
    servers = [serve(env, PAGE_CACHE_SECONDS="0")]
    try:
        uncached_base = servers[0][1]
        wait_for(uncached_base + "/healthz")
        ceiling_name = "bench-ceiling.html"
        (static_root / ceiling_name).write_bytes(wait_for(uncached_base + ARTICLE))
        servers.append(serve(env))
        base = servers[1][1]
        wait_for(base + "/healthz")
        wait_for(base + ARTICLE)  # warms the page cache
        static_url = f"{base}/static/{ceiling_name}"
        wait_for(static_url)
        targets = [
            ("static file (ceiling)", static_url, ()),
            ("article page, cached", base + ARTICLE, ()),
            ("article, cached, br/gzip", base + ARTICLE, BROWSER_HEADERS),
            ("article page, uncached", uncached_base + ARTICLE, ()),
            ("home page, cached", base + "/", ()),
        ]
        results = [(name, *wrk(url, extra=extra)) for name, url, extra in targets]
        ceiling = results[0][1]
        print(f"wrk: {CONNECTIONS} connections, {SECONDS} s each, gunicorn 2 workers, SQLite")
        print(
            f"{'target':28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs ceiling':>10}"
        )
        for name, rps, p50, p99, errors in results:
            print(f"{name:28} {rps:9.0f} {p50:8.2f} {p99:8.2f} {errors:7d} {rps / ceiling:10.0%}")
        for name in ("article page, cached", "article, cached, br/gzip"):
            row = next(r for r in results if r[0] == name)
            print(f"{name}: p99/p50 {row[3] / row[2]:.1f}x (target < 4x)")
        browser_figures(base)
    finally:
        for server, _ in servers:
            server.terminate()
        for server, _ in servers:
            server.wait(30)
        shutil.rmtree(work, ignore_errors=True)


def browser_figures(base):
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        print("(no Chromium: page weight not measured)")
        return
    from playwright.sync_api import expect, sync_playwright

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
        charts = page.locator("[data-chart]")
        expect(charts.first).to_be_attached(timeout=60_000)
        count = charts.count()
        expect(page.locator(".chart__canvas--drawn")).to_have_count(count, timeout=60_000)
        wall_ms = (time.perf_counter() - started) * 1000
        page.wait_for_load_state("networkidle")
        total = 0
        other_hosts = []
        for request in requests:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            if not request.url.startswith(base):
                other_hosts.append(request.url)
        print(
            f"demo article in Chromium: {len(requests)} requests, {total / 1024:.1f} KB "
            f"transferred (compressed, all assets), target <= 100 KB; "
            f"requests to other hosts: {len(other_hosts)}"
        )
        print(f"every chart drawn {wall_ms:.0f} ms after navigation (wall)")
        browser.close()


if __name__ == "__main__":
    main()
