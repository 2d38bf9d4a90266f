"""Fixtures of the web tests: one app per module on a loopback port, and headless Chromium.

Browser tests need Debian's Chromium (``/usr/bin/chromium``, or ``SKILLMATCH_CHROMIUM``); without
it they are skipped with the reason, unless ``SKILLMATCH_REQUIRE_BROWSER=1`` (as in .ci/run), which
makes them fail. Every page fails its test on a browser console error, and on failure a screenshot
of every open page is saved in the test's tmp_path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from tests.web.browser import CHROMIUM, REQUIRED, chromium_missing, playwright_api
from tests.web.web_env import WebEnv, running_web_app


@pytest.fixture(scope="module")
def web(toy_taxonomy, tmp_path_factory) -> Iterator[WebEnv]:
    with running_web_app(toy_taxonomy, tmp_path_factory.mktemp("web")) as env:
        yield env


# -- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    reason = chromium_missing()
    if reason is not None:
        if REQUIRED:
            pytest.fail(f"SKILLMATCH_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    with playwright_api().sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


class ConsoleWatch:
    """Collects a page's console errors and uncaught exceptions."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self._allowed: list[re.Pattern] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda err: self.errors.append(f"uncaught: {err}"))

    def allow(self, pattern: str) -> None:
        """Accept errors matching ``pattern`` (e.g. the 422 status of an expected error page)."""
        self._allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self._allowed)]


@pytest.fixture
def new_page(browser, request, tmp_path) -> Iterator[Callable]:
    """Opens a page in a fresh browser context (one person each); ``page.console`` watches it."""
    opened = []

    def open_page(lang: str = "nl-NL"):
        context = browser.new_context(
            locale=lang, viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.console = ConsoleWatch(page)
        opened.append((context, page))
        return page

    yield open_page
    report = getattr(request.node, "rep_call", None)
    failed = report is None or report.failed
    for i, (context, page) in enumerate(opened):
        if failed:
            shot = tmp_path / f"failure-page{i}.png"
            try:
                page.screenshot(path=str(shot), full_page=True)
                print(f"screenshot of the failed page: {shot}")
            except Exception as err:  # the page may be gone; the test already failed
                print(f"no screenshot: {err}")
        context.close()
    errors = [e for _, page in opened for e in page.console.unexpected()]
    if errors and not failed:
        pytest.fail(f"browser console errors: {errors}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures can tell a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
