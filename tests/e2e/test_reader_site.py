"""The reader's site in Chromium: accessibility (axe-core), layout on a phone and a
desktop in light and dark, keyboard use, and the copy-link button."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.management.commands.loaddemo import ARTICLE_SLUG
from tests.e2e.conftest import AXE, BLOCKING, RUN_AXE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATASET = "ai-research-collaboration-2021"

PAGES = {
    "home": lambda: reverse("articles:home"),
    "article": lambda: reverse("articles:detail", args=[ARTICLE_SLUG]),
    "archive-month": lambda: reverse("articles:archive-month", args=[2025, 1]),
    "archive": lambda: reverse("articles:archive"),
    "topic": lambda: reverse("articles:topic", args=["ai"]),
    "topics": lambda: reverse("articles:topics"),
    "author": lambda: reverse("articles:author", args=["data-desk"]),
    "search": lambda: reverse("articles:search") + "?q=papers",
    "dataset": lambda: reverse("datasets:detail", args=[DATASET]),
    "404": lambda: "/no-such-page/",
}


@pytest.fixture
def demo(live_server):
    call_command("loaddemo")
    return live_server.url


def open_page(page, url):
    response = page.goto(url)
    from playwright.sync_api import expect  # here: without playwright, the browser tests skip

    # Every chart drawn. A locator waits from outside the page: a predicate string would
    # be eval'd inside it, which the page's CSP (no 'unsafe-eval') refuses.
    charts = page.locator("[data-chart]")
    for n in range(charts.count()):
        expect(charts.nth(n)).to_have_class(re.compile(r"\bchart__canvas--drawn\b"), timeout=10_000)
    return response


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_public_page_passes_axe_with_one_h1_and_landmarks(
    browser, demo, artifacts_dir, name, scheme
):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make install` (npm ci)")
    # axe is injected as an inline script, which the site's CSP rightly forbids: the
    # test's browser alone is told to let it through.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    response = open_page(page, demo + PAGES[name]())
    assert response.status == (404 if name == "404" else 200)
    assert page.locator("h1").count() == 1
    for landmark in ("header", "main", "footer", "nav"):
        assert page.locator(landmark).count() >= 1, landmark
    page.screenshot(path=artifacts_dir / f"page-{name}-{scheme}.png", full_page=True)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    context.close()
    report = artifacts_dir / f"axe-{name}-{scheme}.json"
    report.write_text(json.dumps(violations, indent=2), encoding="utf-8")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], json.dumps(blocking, indent=2)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_home_article_and_dataset_read_well_at_phone_and_desktop_widths(
    browser, demo, artifacts_dir, width, scheme
):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, reduced_motion="reduce"
    )
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for name in ("home", "article", "dataset"):
        open_page(page, demo + PAGES[name]())
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == ("rgb(20, 20, 22)" if scheme == "dark" else "rgb(253, 252, 250)")
        page.screenshot(path=artifacts_dir / f"{name}-{width}-{scheme}.png", full_page=True)
    context.close()
    assert problems == []
    assert all(url.startswith(demo) for url in requests), "a request left the site"


def test_keyboard_reader_skips_to_the_content_and_reaches_the_search(page, demo):
    page.goto(demo + PAGES["article"]())
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.focus("#site-search")
    page.keyboard.type("Tsinghua")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Tsinghua")
    result = page.locator(".article-list__title a").first
    assert result.inner_text().startswith("Rivals in the market")
    assert page.locator("mark").first.inner_text() == "Tsinghua"


def test_copy_link_button_copies_the_canonical_address(browser, demo):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(demo + PAGES["article"]())
    button = page.get_by_role("button", name="Copy link")
    button.click()
    status = page.locator(".share__status")
    status.filter(has_text="Link copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == demo + PAGES["article"]()
    context.close()


def test_share_image_is_served_and_named_in_the_cards(page, demo):
    page.goto(demo + PAGES["article"]())
    image = page.locator('meta[property="og:image"]').get_attribute("content")
    response = page.request.get(image)
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
