"""The JavaScript and data bytes each chart page ships, measured in Chromium.

Builds a throwaway site (SQLite, collectstatic with WhiteNoise's compressed
files, the demo article, one chart of every type, a 5,000-point line), serves
it with DEBUG off, loads each page in Chromium and reports, per page:

- JS: the bytes of every script body received, as sent (compressed by
  WhiteNoise: gzip over plain HTTP), counted from Chromium's network events;
- data: the charts' JSON configurations (what the renderer draws from) and
  their data tables, raw and gzip-compressed (level 6, as a front server
  would compress the HTML they travel in; Django sends HTML uncompressed);
- the HTML document itself, raw and gzip-compressed.

    make bench            # or: .venv/bin/python bench/chart_page_weight.py
"""

import contextlib
import gzip
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

SETUP = """
import datetime
from articles.models import Article
from datasets import ingest
from charts.models import ChartType
from tests.factories import make_article, make_chart, make_chart_of_type, make_dataset
charts = {t: make_chart_of_type(t) for t in ChartType}
for t, chart in charts.items():
    make_article(charts=[chart], slug=f"bench-{t}".replace("_", "-"), title=f"Bench {t}")
start = datetime.date(2010, 1, 1)
rows = "".join(f"{start + datetime.timedelta(days=i)},{100 + i % 97},{80 + i % 13}\\n"
               for i in range(5000))
dataset = make_dataset(content=f"day,north,south\\n{rows}".encode(), slug="bench-daily")
line = make_chart(dataset=dataset, chart_type=ChartType.LINE, value_columns=["north", "south"],
                  title="5,000 days")
make_article(charts=[line], slug="bench-long-line", title="Bench long line")
print("ok")
"""

# In the page: each chart's config and table, as sent.
PAGE_DATA = """
() => Array.from(document.querySelectorAll("figure.chart")).map((figure) => {
  const container = figure.querySelector("[data-chart]");
  const config = document.getElementById(container.getAttribute("data-chart"));
  const table = figure.querySelector("table");
  return {config: config.textContent, table: table ? table.outerHTML : ""};
})
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gz(text):
    return len(gzip.compress(text.encode(), compresslevel=6))


def kb(n):
    return f"{n / 1024:6.1f}"


def manage(env, *args, stdin=None):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        input=stdin,
        text=True,
        stdout=subprocess.DEVNULL,
    )


def measure(page, cdp, url):
    bodies, kinds = {}, {}
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e))
    cdp.on(
        "Network.dataReceived",
        lambda e: bodies.__setitem__(
            e["requestId"], bodies.get(e["requestId"], 0) + e["encodedDataLength"]
        ),
    )
    page.goto(url)
    count = page.locator("[data-chart]").count()
    page.wait_for_selector(f":nth-match(.chart__canvas--drawn, {count})", state="attached")
    page.wait_for_load_state("networkidle")
    html = page.content()
    scripts = {
        kinds[r]["response"]["url"].rsplit("/", 1)[-1]: bodies.get(r, 0)
        for r in kinds
        if kinds[r]["type"] == "Script"
    }
    charts = page.evaluate(PAGE_DATA)
    return {
        "charts": count,
        "js": sum(scripts.values()),
        "scripts": scripts,
        "config_raw": sum(len(c["config"].encode()) for c in charts),
        "config_gz": gz("".join(c["config"] for c in charts)),
        "table_raw": sum(len(c["table"].encode()) for c in charts),
        "table_gz": gz("".join(c["table"] for c in charts)),
        "html_raw": len(html.encode()),
        "html_gz": gz(html),
    }


PAGES = [
    ("demo article (3 bars)", "/articles/us-china-ai-research-rivals-and-partners/"),
    *(
        (f"{kind} chart", f"/articles/bench-{kind.replace('_', '-')}/")
        for kind in (
            "bar",
            "horizontal_bar",
            "grouped_bar",
            "stacked_bar",
            "line",
            "area",
            "scatter",
            "pie",
            "doughnut",
            "bar_line",
        )
    ),
    ("5,000-point line", "/articles/bench-long-line/"),
    ("embed: demo chart 1", "/datasets/charts/1/embed/"),
]


def build_site(tmp):
    """A production-like site in `tmp`: its settings (as env), database and static files."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chartweek.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        "STATIC_ROOT": f"{tmp}/static",
        "MEDIA_ROOT": f"{tmp}/media",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "loaddemo")
    manage(env, "shell", stdin=SETUP)
    return env


@contextlib.contextmanager
def serving(env):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def report(base):
    from playwright.sync_api import sync_playwright

    print(f"{'page':24} {'charts':>6} {'JS sent':>8} {'config':>15} {'table':>15} {'HTML':>15}")
    print(
        f"{'':24} {'':>6} {'KiB':>8} {'KiB raw / gz':>15} {'KiB raw / gz':>15} {'KiB raw / gz':>15}"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, path in PAGES:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            r = measure(page, cdp, base + path)
            print(
                f"{name:24} {r['charts']:>6} {kb(r['js']):>8} "
                f"{kb(r['config_raw'])} /{kb(r['config_gz'])} "
                f"{kb(r['table_raw'])} /{kb(r['table_gz'])} "
                f"{kb(r['html_raw'])} /{kb(r['html_gz'])}"
            )
            scripts = ", ".join(f"{n} {v / 1024:.1f}" for n, v in sorted(r["scripts"].items()))
            print(f"{'':33}scripts (KiB sent): {scripts}")
            context.close()
        browser.close()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = build_site(tmp)
        with serving(env) as base:
            report(base)


if __name__ == "__main__":
    main()
