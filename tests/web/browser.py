"""Where the browser tests find Chromium and Playwright, and what they do when either is missing:
skip with the reason, unless ``SKILLMATCH_REQUIRE_BROWSER=1`` (as in .ci/run) makes it a failure."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

CHROMIUM = os.environ.get("SKILLMATCH_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("SKILLMATCH_REQUIRE_BROWSER") == "1"


def playwright_api() -> ModuleType:
    """``playwright.sync_api``; without the package the calling test module is skipped."""
    if REQUIRED:
        import playwright.sync_api

        return playwright.sync_api
    return pytest.importorskip(
        "playwright.sync_api",
        reason="the playwright package is not installed (pip install playwright)",
    )


def chromium_missing() -> str | None:
    """None when Chromium is there, else the reason."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return None
    return f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"
