"""Browser tests: Playwright driving Debian's Chromium against a live server."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from rumdoh.accounts.models import User

# Playwright's sync API runs an event loop in this thread; the ORM calls made by test code
# alongside it are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "a-long-test-password"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: object) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page: Page, base_url: str, user: User, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/account/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state("networkidle")


def settle_likely_matches(page: Page) -> None:
    """Let the requests of the record-a-person page's likely-matches panel finish before the
    form is sent. The field last typed in asks for the panel when it loses focus, which would
    otherwise be the click on Save: the test database is one in-memory SQLite connection the
    live server's threads share, so two requests at once would meet in one transaction (a file
    database, as users run, has a connection per thread). Waiting for the network to be idle
    does not do it: that state, once reached, is not waited for again."""
    page.keyboard.press("Tab")
    expect(page.locator("#likely-matches")).not_to_have_class(re.compile(r"\bhtmx-request\b"))
