"""Playwright on Debian's Chromium, against the live test server, with axe-core on every page."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from .findings import record

# Playwright's sync API runs an event loop in this thread; Django must still allow database calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run 'make system-deps' (apt install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.console_problems = problems
    yield page
    context.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts (separate people), all closed when the test ends, so that
    no browser is still talking to the live server after its database has gone."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


class AccessibilityChecker:
    def __init__(self):
        self.axe = Axe()
        self.checked: list[str] = []

    def check(self, page) -> None:
        """Fail with axe's report if the page has any violation.

        A click that starts a navigation returns once the new document is committed, not parsed; axe
        must wait for the whole page, or it reports an empty document without a main landmark."""
        page.wait_for_load_state("load")
        page.locator("main h1").first.wait_for()
        results = self.axe.run(page)
        self.checked.append(page.url)
        engine = results.response.get("testEngine", {})
        record(page.url, results.response["violations"], axe_version=engine.get("version", ""))
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def axe():
    return AccessibilityChecker()
