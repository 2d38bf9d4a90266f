"""Mijn skills in headless Chromium: upload a CV, check the skills, see overstapberoepen."""

from __future__ import annotations

import re
import time

from tests.web.browser_steps import choose_consent, expect, sign_in, upload_cv
from tests.web.web_env import CV, NOORD


def test_a_jobseeker_uploads_a_cv_checks_the_skills_and_sees_overstapberoepen(
    web, new_page, tmp_path
):
    web.key("consultant", NOORD)  # an organisation the person can choose
    token = web.key("jobseeker")
    page = new_page()
    sign_in(page, web.base_url, token)
    expect(page.get_by_role("heading", name="Mijn skills", level=1)).to_be_visible()
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    upload_cv(page, cv)

    notice = page.locator(".notice")
    expect(notice).to_contain_text(re.compile(r"we vonden \d+ skills"))
    for group in ("Kennis", "Vaardigheden", "Soft skills"):
        expect(page.get_by_role("heading", name=re.compile(f"^{group}"), level=2)).to_be_visible()
    cooking = page.locator("li.skill", has_text="use cooking techniques")
    expect(cooking.locator("q")).to_have_text(
        "In de keuken use cooking techniques voor warme en koude gerechten."
    )
    expect(cooking).to_contain_text("nog niet bevestigd")

    page.get_by_role("button", name="Klopt (use cooking techniques)").click()
    expect(notice).to_contain_text("‘use cooking techniques’ is bevestigd.")
    expect(page.locator("li.skill", has_text="use cooking techniques")).to_contain_text("Bevestigd")
    page.get_by_role("button", name="Verwijderen (identify customer's needs)").click()
    expect(notice).to_contain_text("is verwijderd")
    expect(page.locator("li.skill", has_text="identify customer's needs")).to_have_count(0)

    field = page.get_by_role("combobox", name="Skill")
    field.press_sequentially("first ai")
    expect(page.get_by_role("option", name=re.compile("provide first aid"))).to_be_visible()
    field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value("provide first aid")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(notice).to_contain_text("‘provide first aid’ is toegevoegd.")
    chart = page.get_by_role("figure", name="Uw skills in beeld")
    expect(chart).to_contain_text(re.compile(r"\d+ skills, 2 bevestigd"))

    page.get_by_role("link", name="Naar overstapberoepen").click()
    expect(page.get_by_role("heading", name="Overstapberoepen", level=1)).to_be_visible()
    cards = page.locator("ol.cards > li")
    expect(cards.first).to_contain_text(re.compile(r"Haalbaarheid: \d+%"))
    expect(cards.first.get_by_role("heading", name=re.compile("Wat u meeneemt"))).to_be_visible()
    expect(cards.first.get_by_role("heading", name=re.compile("Wat u nog mist"))).to_be_visible()

    cards.nth(0).get_by_label(re.compile("^Vergelijken")).check()
    cards.nth(1).get_by_label(re.compile("^Vergelijken")).check()
    page.get_by_role("button", name="Vergelijk de twee gekozen beroepen").click()
    expect(page.get_by_role("heading", name="Twee beroepen vergeleken")).to_be_visible()
    expect(page.locator("table.compare thead th")).to_have_count(2)

    page.get_by_role("link", name="Terug naar overstapberoepen").click()
    page.locator("ol.cards > li").first.get_by_role(
        "link", name=re.compile("Bekijk wat u mist")
    ).click()
    expect(
        page.get_by_role("heading", name=re.compile("Essentiële|Wat u"), level=2).first
    ).to_be_visible()
    expect(page.locator(".bar-row__text").first).to_contain_text(
        re.compile(r"Essentiële skills gedekt: \d+%")
    )


def test_the_upload_says_it_is_busy_until_the_cv_is_processed(web, new_page):
    page = new_page()
    sign_in(page, web.base_url, web.key("jobseeker"))
    seen = []
    page.expose_binding("reportBusy", lambda source, state: seen.append(state))
    page.evaluate(
        """() => document.querySelector("form[data-busy-form]").addEventListener("submit", () =>
            setTimeout(() => {
                const button = document.querySelector("button[data-busy-label]");
                const status = document.querySelector("[data-busy-status]");
                window.reportBusy({disabled: button.disabled, label: button.textContent,
                                   status: status.textContent,
                                   live: status.getAttribute("aria-live")});
            }, 0))"""
    )
    page.route("**/mijn-skills/cv", lambda route: (time.sleep(0.3), route.continue_()))
    page.get_by_label("Plak de tekst van uw cv").fill(CV)
    choose_consent(page, None)
    page.get_by_role("button", name="Cv verwerken").click()
    expect(page.locator(".notice")).to_contain_text("Uw cv is verwerkt")
    assert seen == [
        {
            "disabled": True,
            "label": "Bezig met verwerken…",
            "status": "Bezig met verwerken…",
            "live": "polite",
        }
    ]


def test_a_broken_file_gets_a_dutch_error_at_the_field_and_nothing_is_stored(
    web, new_page, tmp_path
):
    token = web.key("jobseeker")
    page = new_page()
    page.console.allow(r"status of 422")  # the error page is answered with 422, as it should
    sign_in(page, web.base_url, token)
    broken = tmp_path / "cv.pdf"
    broken.write_bytes(b"%PDF-1.4\n% half a file\n")
    upload_cv(page, broken, organisation=None)

    summary = page.get_by_role("alert").filter(has_text="Er is een probleem")
    expect(summary).to_contain_text("De PDF is beschadigd of onleesbaar")
    expect(summary).to_be_focused()
    field = page.get_by_label("Cv als bestand")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bcv-error\b"))
    expect(page.locator("#cv-error")).to_contain_text("De PDF is beschadigd of onleesbaar")
    expect(page).to_have_title(re.compile("^Fout:"))
    assert web.profile_id(token) is None
    expect(page.get_by_label("Alleen ik")).to_be_checked()  # the choice is kept for the retry
