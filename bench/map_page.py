"""A map page as a reader's Chromium gets it: bytes sent (gzip -9, as WhiteNoise serves
static files) and the time from navigation to the map drawn.

Needs the site running with the demo loaded, e.g.
  DEBUG=1 .venv/bin/python manage.py loaddemo
  DEBUG=1 .venv/bin/python manage.py runserver 127.0.0.1:8437
then: .venv/bin/python bench/map_page.py http://127.0.0.1:8437/<the article's path>
"""

import contextlib
import gzip
import os
import sys

from playwright.sync_api import sync_playwright

RUNS = 3


def main(url: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        )
        for run in range(RUNS):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            sizes = {}

            def record(response, sizes=sizes):
                with contextlib.suppress(Exception):  # redirects have no body
                    sizes[response.url] = len(gzip.compress(response.body(), 9))

            page.on("response", record)
            page.goto(url)
            page.wait_for_selector("figure[data-drawn=map]", timeout=60_000)
            drawn = page.evaluate("performance.now()")
            page.wait_for_load_state("networkidle")
            total = sum(sizes.values())
            print(
                f"run {run + 1}: {len(sizes)} requests, {total / 1024:.1f} KiB gzip, "
                f"map drawn {drawn:.0f} ms after navigation"
            )
            if run == 0:
                for address, size in sorted(sizes.items(), key=lambda item: -item[1]):
                    print(f"  {size / 1024:7.1f} KiB  {address}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1])
