"""Steps a person takes in the browser, shared by the journeys (Playwright, sync API)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.web.browser import playwright_api
from tests.web.web_env import NOORD

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = playwright_api().expect


def sign_in(page: Page, base_url: str, token: str) -> None:
    page.goto(base_url + "/inloggen")
    page.get_by_label("API-sleutel").fill(token)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".notice")).to_contain_text("U bent ingelogd.")


def choose_consent(page: Page, organisation: str | None = NOORD) -> None:
    """The explicit consent choice of the upload form (None: only me)."""
    if organisation is None:
        page.get_by_label("Alleen ik").check()
        return
    page.get_by_label("Ik, en de organisaties die ik hieronder kies").check()
    page.get_by_label(organisation, exact=True).check()
    page.get_by_label("Bemiddeling naar werk").check()
    page.get_by_label("Loopbaanadvies").check()


def upload_cv(page: Page, cv: Path, organisation: str | None = NOORD) -> None:
    page.get_by_label("Cv als bestand").set_input_files(str(cv))
    choose_consent(page, organisation)
    page.get_by_role("button", name="Cv verwerken").click()
