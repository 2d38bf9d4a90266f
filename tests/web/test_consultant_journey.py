"""Kandidaten zoeken and the sector view in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.browser_steps import expect, sign_in, upload_cv
from tests.web.web_env import CV, NOORD, ZUID

VACANCY = (
    "Wij zoeken een kok voor onze bedrijfskeuken.\n"
    "Je kunt use cooking techniques en je weet hoe je comply with food safety and hygiene.\n"
    "Je kunt plan menus voor de hele week.\n"
)


def test_a_consultant_finds_the_new_candidate_and_never_one_without_consent(
    web, new_page, tmp_path
):
    consultant = web.key("consultant", NOORD)
    jobseeker = web.key("jobseeker")
    person = new_page()
    sign_in(person, web.base_url, jobseeker)
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    upload_cv(person, cv, organisation=NOORD)
    expect(person.locator(".notice")).to_contain_text("Uw cv is verwerkt")
    candidate = web.profile_id(jobseeker)
    hidden = web.profile_id(web.jobseeker_with_profile(ZUID))

    page = new_page()
    sign_in(page, web.base_url, consultant)
    expect(page.get_by_role("heading", name="Kandidaten zoeken", level=1)).to_be_visible()
    page.get_by_label("Functietitel").fill("Kok bedrijfskeuken")
    page.get_by_label("Vacaturetekst (niet verplicht)").fill(VACANCY)
    page.get_by_role("button", name="Opslaan en kandidaten zoeken").click()
    expect(page.get_by_role("heading", name="Kok bedrijfskeuken", level=1)).to_be_visible()

    results = page.locator("#kandidaten")
    card = results.locator("ol.cards > li", has_text=f"Kandidaat {candidate[:8]}")
    expect(card).to_have_count(1)
    expect(results).not_to_contain_text(hidden[:8])
    expect(card).to_contain_text(re.compile(r"Match \d+%"))
    expect(card.get_by_role("heading", name=re.compile("^Heeft"))).to_be_visible()
    expect(card.locator(".tag--te-maken")).to_have_text("Te maken")  # misses plan menus only
    expect(card).to_contain_text("plan menus")

    card.get_by_role("link", name=re.compile("^Bekijk het verschil")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Kandidaat {candidate[:8]}")
    missing = page.get_by_role("region", name=re.compile(r"^Mist \(essentieel\)"))
    expect(missing).to_contain_text("plan menus")
    page.get_by_role("link", name="Terug naar de kandidaten").click()

    card = page.locator("#kandidaten ol.cards > li", has_text=f"Kandidaat {candidate[:8]}")
    card.get_by_label(re.compile("^Op de shortlist")).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Shortlist downloaden (CSV)").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("Kandidaat;Score;Te maken")
    assert [row.split(";")[0] for row in rows[1:]] == [candidate]

    skills = page.get_by_role("region", name="Gevraagde skills")
    skills.get_by_role("button", name="Maak optioneel (plan menus)").click()
    expect(page.locator(".notice")).to_contain_text("‘plan menus’ is nu optioneel.")
    card = page.locator("#kandidaten ol.cards > li", has_text=f"Kandidaat {candidate[:8]}")
    expect(card.locator(".tag--te-maken")).to_have_count(0)  # nothing essential is missing now

    page.get_by_label("Minimaal", exact=True).fill("32")
    page.get_by_label("Nederlands, minimaal niveau").select_option("B1")
    page.get_by_role("button", name="Filters toepassen").click()
    expect(page.locator(".notice")).to_contain_text("De filters zijn toegepast.")
    # a CV profile states no languages: the Dutch level filter now excludes it
    expect(page.locator("#kandidaten")).not_to_contain_text(candidate[:8])
    expect(page.locator("#kandidaten")).to_contain_text("taal")
    page.get_by_label("Nederlands, minimaal niveau").select_option("")
    page.get_by_role("button", name="Filters toepassen").click()
    card = page.locator("#kandidaten ol.cards > li", has_text=f"Kandidaat {candidate[:8]}")
    expect(card).to_contain_text("Niet gecontroleerd: uren")


def test_the_sector_view_shows_where_workers_of_an_occupation_can_go(web, new_page):
    page = new_page()
    sign_in(page, web.base_url, web.key("consultant", NOORD))
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Sectorbeeld").click()
    page.get_by_label("Beroep").fill("winkelmedewerker")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="winkelmedewerker").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile("Overstapberoepen vanuit"))
    ).to_contain_text("winkelmedewerker")
    first = page.locator("ol.cards > li").first
    expect(first).to_contain_text(re.compile(r"Haalbaarheid: \d+%"))
    expect(first.get_by_role("heading", name=re.compile("^Wat meegaat"), level=4)).to_be_visible()
    expect(first.get_by_role("heading", name=re.compile("^Wat nog ontbreekt"))).to_be_visible()
