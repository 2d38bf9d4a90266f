"""WCAG 2.1 AA basics on every main page, checked in headless Chromium: labels on every control,
working references, a skip link, one h1 and ordered headings, text contrast; and the main
jobseeker journey done with the keyboard only, with a visible focus at every stop."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.web.browser_steps import expect, sign_in
from tests.web.web_env import CV, NOORD, ZUID, WebEnv

if TYPE_CHECKING:
    from playwright.sync_api import Page

AUDIT = (Path(__file__).parent / "page_audit.js").read_text()
COOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"


def audit(page: Page) -> list[str]:
    return page.evaluate(AUDIT)


@pytest.fixture(scope="module")
def vacancy_id(web: WebEnv) -> str:
    web.jobseeker_with_profile(NOORD)
    web.jobseeker_with_profile(ZUID)
    who = web.services.keys.authenticate(web.key("consultant", NOORD))
    stored = web.services.vacancies.create_from_text(who, "Kok", CV)
    return stored.id


def test_the_jobseeker_pages_pass_the_accessibility_basics(web, new_page):
    page = new_page()
    page.goto(web.base_url + "/inloggen")
    assert audit(page) == [], "/inloggen"
    page.get_by_role("button", name="Inloggen").click()  # an error tied to the field
    page.console.allow(r"status of 422")
    assert audit(page) == [], "/inloggen with an error"
    web.key("consultant", NOORD)
    sign_in(page, web.base_url, web.key("jobseeker"))
    assert audit(page) == [], "upload form"
    page.get_by_label("Plak de tekst van uw cv").fill(CV)
    page.get_by_role("button", name="Cv verwerken").click()  # no consent choice: errors
    assert audit(page) == [], "upload form with errors"
    page.get_by_label("Alleen ik").check()
    page.get_by_role("button", name="Cv verwerken").click()
    expect(page.locator(".notice")).to_contain_text("Uw cv is verwerkt")
    for path in (
        "/mijn-skills",
        "/mijn-skills/skills/zoeken?q=customer",
        "/mijn-skills/overstapberoepen",
        f"/mijn-skills/beroep?uri={COOK}",
        "/mijn-skills/vergelijken?beroep="
        + COOK
        + "&beroep=http://data.europa.eu/esco/occupation/0b15375e-dfdd-4047-9efb-096e0aaee7d2",
        "/taal/en?terug=/mijn-skills",
    ):
        page.goto(web.base_url + path)
        assert audit(page) == [], path


def test_the_consultant_pages_pass_the_accessibility_basics(web, new_page, vacancy_id):
    page = new_page()
    sign_in(page, web.base_url, web.key("consultant", NOORD))
    paths = [
        "/kandidaten",
        f"/kandidaten/{vacancy_id}",
        f"/kandidaten/{vacancy_id}/skills/zoeken?q=first",
        "/sector?q=kok",
        f"/sector?beroep={COOK}",
    ]
    for path in paths:
        page.goto(web.base_url + path)
        assert audit(page) == [], path
    page.goto(f"{web.base_url}/kandidaten/{vacancy_id}")
    page.locator("#kandidaten ol.cards > li a").first.click()
    assert audit(page) == [], "candidate gap"


def _tab_to(page: Page, matches: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element matches the JS predicate ``matches`` (given ``el``);
    at every stop the focus must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(
            f"""() => {{
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
                const shadow = style.boxShadow && style.boxShadow !== "none";
                return {{hit: Boolean(({matches})(el)), visible: ring || shadow,
                         what: el.outerHTML.slice(0, 120)}};
            }}"""
        )
        assert state["visible"], f"no visible focus on {state['what']}"
        if state["hit"]:
            return
    raise AssertionError(f"Tab never reached {matches}")


def test_the_jobseeker_journey_works_with_the_keyboard_only(web, new_page):
    web.key("consultant", NOORD)
    token = web.key("jobseeker")
    page = new_page()
    page.goto(web.base_url + "/inloggen")

    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#inhoud")).to_be_focused()
    _tab_to(page, "el => el.id === 'api_key'")
    page.keyboard.type(token)
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_contain_text("U bent ingelogd.")

    _tab_to(page, "el => el.id === 'tekst'")
    page.keyboard.insert_text(CV)
    _tab_to(page, "el => el.name === 'toestemming'")
    page.keyboard.press("ArrowDown")  # from "Alleen ik" to "Ik, en de organisaties ..."
    expect(page.get_by_label("Ik, en de organisaties die ik hieronder kies")).to_be_checked()
    _tab_to(page, f"el => el.name === 'organisaties' && el.value === '{NOORD}'")
    page.keyboard.press("Space")
    _tab_to(page, "el => el.id === 'doel-matching'")
    page.keyboard.press("Space")
    _tab_to(page, "el => el.id === 'doel-career_advice'")
    page.keyboard.press("Space")
    _tab_to(page, "el => el.textContent.trim() === 'Cv verwerken'")
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_contain_text("Uw cv is verwerkt")

    _tab_to(page, "el => el.textContent.startsWith('Klopt') && el.textContent.includes('cooking')")
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_contain_text("is bevestigd")
    expect(page.locator("li.skill", has_text="use cooking techniques")).to_contain_text("Bevestigd")

    _tab_to(page, "el => el.getAttribute('role') === 'combobox'")
    page.keyboard.type("analyt")
    expect(page.get_by_role("option").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("combobox", name="Skill")).to_have_attribute(
        "aria-activedescendant", re.compile(".+")
    )
    page.keyboard.press("Escape")

    _tab_to(page, "el => el.textContent.trim() === 'Naar overstapberoepen'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Overstapberoepen", level=1)).to_be_visible()
    _tab_to(page, "el => el.textContent.startsWith('Bekijk wat u mist')")
    page.keyboard.press("Enter")
    expect(page.locator(".bar-row__text").first).to_contain_text("Essentiële skills gedekt")
    assert web.services.consent.grants(web.profile_id(token))[0].organisation == NOORD
