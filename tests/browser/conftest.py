"""Headless Chromium for end-to-end tests (Playwright's sync API against pytest-django's live_server).

The browser is Debian's chromium at /usr/bin/chromium (Playwright cannot download browsers on the
closed network). Without it the browser tests are skipped — unless AKIMAT_REQUIRE_BROWSER=1, as in CI,
where a missing browser is a failure rather than a silent skip.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.db import connections

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Playwright's sync API runs an asyncio event loop in this thread; Django refuses database access from
# a thread with a running loop unless told that this is intended (pytest-django and Playwright docs).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def chromium() -> Iterator["Browser"]:
    """A headless Chromium for one test.

    Not shared across tests on purpose: Playwright's sync API keeps an event loop running in this thread
    while it is started, and with a loop running Django hands out other database connection objects
    (asgiref's Local), which lack the saved migration data that serialized_rollback restores and break
    the tests that run later. Stopping Playwright after each test ends the loop; a launch costs ~1 s.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`"
        if os.environ.get("AKIMAT_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (AKIMAT_REQUIRE_BROWSER=1)")
        pytest.skip(message + "; set AKIMAT_REQUIRE_BROWSER=1 to fail instead of skipping")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # the connections this test opened while the loop ran are its own objects: closed here, or they
        # would hold the test database open and pytest-django could not drop it at the end of the run
        connections.close_all()


@pytest.fixture
def page(chromium: "Browser", live_server) -> Iterator["Page"]:
    """A fresh browser context (no cookies) at desktop size, pointed at the live server."""
    context = chromium.new_context(viewport=DESKTOP, base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where tests save screenshots: AKIMAT_SCREENSHOT_DIR if set (to look at them), else a temp dir."""
    directory = Path(os.environ.get("AKIMAT_SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory
