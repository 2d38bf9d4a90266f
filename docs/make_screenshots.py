"""Screenshots of the main web pages for the README (``docs/screenshots/*.png``).

Runs the service on the bundled taxonomy with the provisioned model (``make provision``) in a
temporary data folder holding the synthetic demo set (``skillmatch demo load``), then signs in
with headless Chromium as a jobseeker with a made-up CV and as a consultant of "Demo WSP". No
real person is involved. Browser controls (the file picker) speak Dutch when Debian's
``chromium-l10n`` is installed.

    .venv/bin/python docs/make_screenshots.py [--out DIR] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.app import create_app
from api.demo import DEMO_ORGANISATION, load_demo
from api.settings import Settings
from tests.api.live_server import live_server

#: A made-up CV of someone in retail, a sector with fewer jobs (werk-naar-werk).
CV = """\
Winkelmedewerker

Werkervaring

2016 – heden: winkelmedewerker in een supermarkt
- Kassa bedienen en klanten helpen met vragen over producten.
- Schappen vullen, de voorraad bijhouden en houdbaarheidsdata controleren.
- Klachten van klanten afhandelen en klanten vriendelijk te woord staan.
- Nieuwe collega's inwerken.

2012 – 2016: medewerker bediening in een restaurant
- Bestellingen opnemen en gerechten serveren.
- Werken volgens de regels voor voedselveiligheid en hygiëne.

Opleiding
MBO 2 Verkoopmedewerker

Over mij
Klantgericht, stressbestendig en ik werk graag samen in een team.
"""
#: Longest screenshot, in CSS pixels (long result pages are cut here).
MAX_HEIGHT = 2200


def shoot(page: Page, path: Path) -> None:
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    page.screenshot(
        path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": height}
    )
    print(f"wrote {path}")


def sign_in(page: Page, base: str, token: str) -> None:
    page.goto(base + "/inloggen")
    page.get_by_label("API-sleutel").fill(token)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def jobseeker_pages(page: Page, base: str, token: str, out: Path) -> None:
    sign_in(page, base, token)
    page.get_by_label("Plak de tekst van uw cv").fill(CV)
    page.get_by_label("Ik, en de organisaties die ik hieronder kies").check()
    page.get_by_label(DEMO_ORGANISATION, exact=True).check()
    page.get_by_label("Bemiddeling naar werk").check()
    page.get_by_label("Loopbaanadvies").check()
    shoot(page, out / "2-cv-uploaden.png")
    page.get_by_role("button", name="Cv verwerken").click()
    expect(page.locator(".notice")).to_contain_text("Uw cv is verwerkt", timeout=120_000)
    for wrong in ("Teradata Database", "SQL Server"):  # the person removes what is not right
        remove = page.get_by_role("button", name=f"Verwijderen ({wrong})")
        if remove.count():
            remove.click()
            page.wait_for_load_state()
    for _ in range(3):  # and confirms a few skills
        confirm = page.get_by_role("button", name="Klopt")
        if confirm.count() == 0:
            break
        confirm.first.click()
        page.wait_for_load_state()
    shoot(page, out / "3-mijn-skills.png")
    page.get_by_role("link", name="Naar overstapberoepen").click()
    shoot(page, out / "4-overstapberoepen.png")
    page.locator("ol.cards > li").first.get_by_role(
        "link", name="Bekijk wat u mist en wat u kunt leren"
    ).click()
    shoot(page, out / "5-wat-u-mist.png")


def consultant_pages(page: Page, base: str, token: str, out: Path) -> None:
    sign_in(page, base, token)
    page.get_by_role("link", name="[DEMO] winkelmedewerker").first.click()
    shoot(page, out / "6-kandidaten-zoeken.png")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Sectorbeeld").click()
    page.get_by_label("Beroep").fill("kassamedewerker")
    page.get_by_role("button", name="Zoeken").click()
    page.locator("ul.link-list a").first.click()
    shoot(page, out / "7-sectorbeeld.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(data_dir=Path(folder)))
        with live_server(app, timeout=900) as base, sync_playwright() as playwright:
            services = app.state.services
            load_demo(services.pools)
            consultant = services.keys.create("consultant", organisation=DEMO_ORGANISATION).token
            jobseeker = services.keys.create("jobseeker").token
            browser = playwright.chromium.launch(
                executable_path=args.chromium,
                headless=True,
                args=["--lang=nl"],
                env={**os.environ, "LANGUAGE": "nl", "LANG": "nl_NL.UTF-8"},
            )
            for steps, token in ((jobseeker_pages, jobseeker), (consultant_pages, consultant)):
                context = browser.new_context(
                    locale="nl-NL", viewport={"width": 1280, "height": 900}
                )
                context.set_default_timeout(60_000)
                page = context.new_page()
                page.on("console", lambda m: m.type == "error" and errors.append(m.text))
                steps(page, base, token, args.out)
                context.close()
            sign_in_page = browser.new_page(viewport={"width": 1280, "height": 720})
            sign_in_page.goto(base + "/inloggen")
            shoot(sign_in_page, args.out / "1-inloggen.png")
            browser.close()
    if errors:
        print(f"browser console errors: {errors}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
