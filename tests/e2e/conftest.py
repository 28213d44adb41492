"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

The browser comes from CHROMIUM_PATH (default /usr/bin/chromium). Without one the
tests skip with the reason, except under CI, where a skipped browser test is a failure.
"""

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# axe-core (npm) for the accessibility checks of the browser tests.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Every violation axe finds, with its impact; the test fails on these two.
BLOCKING = {"serious", "critical"}

RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
  }));
}
"""


# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path():
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return path if Path(path).exists() else shutil.which("chromium")


def _unavailable(reason):
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"Browser tests must run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        _unavailable("no Chromium: install Debian's chromium or set CHROMIUM_PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems(list):
    """Console errors, uncaught exceptions and failed requests seen by a page."""


def watched_page(browser, **options):
    """A page in a context of its own, noting its problems and the requests it makes."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    return _watched(browser.new_context(**options))


def _watched(context):
    page = context.new_page()
    page.problems = PageProblems()
    page.requests = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda exc: page.problems.append(f"uncaught: {exc}"))
    # A request the browser itself cancels (net::ERR_ABORTED: the page moved on
    # before, say, the favicon came) is no fault of the site's.
    page.on(
        "requestfailed",
        lambda r: r.failure != "net::ERR_ABORTED" and page.problems.append(f"failed: {r.url}"),
    )
    page.on("request", lambda r: page.requests.append(r.url))
    return page


@pytest.fixture
def page(browser, live_server):
    page = watched_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def open_page(browser, live_server):
    """A page of a given width (and any other context options), closed after the test."""
    contexts = []

    def open_page(width=1280, height=900, **options):
        page = watched_page(browser, viewport={"width": width, "height": height}, **options)
        contexts.append(page.context)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def logged_in(page, live_server):
    """The page, signed in to the admin as an editor."""
    from tests.factories import make_editor

    make_editor(username="desk", password=PASSWORD)
    return sign_in(page, live_server, "desk")


@pytest.fixture
def artifacts_dir():
    path = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_in_admin(page, live_server, path, *, title, source_name, button="_continue"):
    """Add a dataset in the admin from the file at `path` (licence CC0) and submit it."""
    from django.urls import reverse

    page.goto(live_server.url + reverse("admin:datasets_dataset_add"))
    page.fill("#id_title", title)
    page.fill("#id_source_name", source_name)
    page.select_option("#id_licence", "CC0-1.0")
    page.set_input_files("#id_upload", str(path))
    page.click(f"input[name={button}]")


def build_chart_in_admin(page, *, title, label, value, alt_text):
    """From a dataset's admin page: make a chart of it and wait until the preview draws it."""
    page.click("text=Make a chart from this dataset")
    page.fill("#id_title", title)
    page.select_option("#id_label_column", label)
    page.check(f"input[name=value_columns][value={value}]")
    page.fill("#id_alt_text", alt_text)
    page.click("input[name=_continue]")
    page.wait_for_selector(".chart__canvas--drawn")


# Newsroom people in the browser tests: their password, and a browser each.
PASSWORD = "a-newsroom-password-for-tests"


def person(browser, live_server, username=None):
    """A browser of one's own; logged in to the admin when given a username."""
    page = watched_page(browser)
    return sign_in(page, live_server, username) if username else page


def sign_in(page, live_server, username):
    """Sign `page` in to the admin as `username` (whose password is PASSWORD)."""
    from django.urls import reverse

    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    return page


@pytest.fixture
def host_site():
    """Another site (another origin: its own port) that serves the page it is given."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            # A page of its own, with no icon to ask for.
            body = pages.get(self.path, "").replace(
                "<head>", '<head><link rel="icon" href="data:,">'
            )
            body = body.encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.pages = pages
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()
