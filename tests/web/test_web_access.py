"""What each person may see and change through the pages (HTTP, no browser): consent before
storage, consent in candidate lists, upload errors, the shortlist CSV."""

from __future__ import annotations

import csv
import io

from matcher.gaps.training_catalogue import Course, TrainingCatalogue
from tests.esco_fixture import OCCUPATION
from tests.matcher.match_helpers import uri
from tests.web.web_env import CV, NOORD, ZUID, csrf_of

CONSENT_NOORD = {
    "toestemming": "organisaties",
    "organisaties": [NOORD],
    "doelen": ["matching", "career_advice"],
}


def _upload(client, files=None, **fields):
    form = {"csrf_token": csrf_of(client.get("/mijn-skills").text), **fields}
    return client.post("/mijn-skills/cv", data=form, files=files)


def test_nothing_is_stored_before_the_person_chose_who_may_see_it(web):
    token = web.key("jobseeker")
    client = web.signed_in(token)
    response = _upload(client, tekst=CV)
    assert response.status_code == 422
    assert "Kies wie uw profiel mag zien." in response.text
    assert web.profile_id(token) is None
    incomplete = _upload(client, tekst=CV, toestemming="organisaties")
    assert "Kies minstens één organisatie." in incomplete.text
    assert "Kies minstens één doel." in incomplete.text
    assert web.profile_id(token) is None
    assert CV.splitlines()[3] in incomplete.text  # the pasted text is kept for the next try


def test_only_me_stores_a_profile_no_organisation_can_see(web):
    token = web.key("jobseeker")
    client = web.signed_in(token)
    response = _upload(client, tekst=CV, toestemming="alleen-ik")
    assert response.status_code == 200 and "we vonden" in response.text
    pid = web.profile_id(token)
    assert pid is not None and web.services.consent.grants(pid) == []


def test_empty_unreadable_and_oversized_files_get_dutch_messages(web):
    token = web.key("jobseeker")
    client = web.signed_in(token)
    cases = [
        ("leeg.txt", b"", 422, "Het bestand is leeg"),
        ("cv.pdf", b"%PDF-1.4\nkapot", 422, "De PDF is beschadigd of onleesbaar"),
        ("cv.docx", b"geen zip", 422, "Het bestand is geen DOCX-bestand"),
        ("groot.txt", b"a" * (web.services.settings.max_upload_bytes + 1), 413, "te groot"),
    ]
    for name, data, status, message in cases:
        response = _upload(client, files={"cv": (name, data)}, **CONSENT_NOORD)
        assert response.status_code == status, name
        assert message in response.text, name
        assert 'id="cv-error"' in response.text
    assert web.profile_id(token) is None


def test_a_consultant_sees_consented_candidates_only(web):
    seen = web.profile_id(web.jobseeker_with_profile(NOORD))
    hidden = web.profile_id(web.jobseeker_with_profile(ZUID))
    client = web.signed_in(web.key("consultant", NOORD))
    page = client.get("/kandidaten")
    created = client.post(
        "/kandidaten/vacatures",
        data={"csrf_token": csrf_of(page.text), "titel": "Kok", "tekst": CV},
    )
    assert created.status_code == 200
    vacancy_path = created.url.path
    assert f"Kandidaat {seen[:8]}" in created.text
    assert hidden[:8] not in created.text
    assert client.get(f"{vacancy_path}/kandidaat/{seen}").status_code == 200
    assert client.get(f"{vacancy_path}/kandidaat/{hidden}").status_code == 404


def test_the_shortlist_is_a_csv_of_the_chosen_candidates(web):
    chosen = web.profile_id(web.jobseeker_with_profile(NOORD))
    client = web.signed_in(web.key("consultant", NOORD))
    page = client.get("/kandidaten")
    created = client.post(
        "/kandidaten/vacatures",
        data={"csrf_token": csrf_of(page.text), "titel": "Kok", "tekst": CV},
    )
    response = client.post(
        f"{created.url.path}/shortlist",
        data={"csrf_token": csrf_of(created.text), "kandidaat": [chosen], "vanaf": "0"},
    )
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Kandidaat", "Score", "Te maken"]
    assert [row[0] for row in rows[1:]] == [chosen]


def test_vacancy_filters_are_checked_and_tied_to_their_fields(web):
    client = web.signed_in(web.key("consultant", NOORD))
    page = client.get("/kandidaten")
    created = client.post(
        "/kandidaten/vacatures", data={"csrf_token": csrf_of(page.text), "titel": "Kok"}
    )
    assert created.status_code == 200  # from a title alone: the occupation's skills
    assert "use cooking techniques" in created.text
    form = {"csrf_token": csrf_of(created.text), "uren_min": "40", "uren_max": "twintig"}
    response = client.post(f"{created.url.path}/filters", data=form)
    assert response.status_code == 422
    assert 'aria-describedby="uren_max-error"' in response.text
    assert "Vul een heel aantal uren in tussen 1 en 60." in response.text
    form |= {"uren_max": "38", "uren_min": "24", "regio": "Twente", "nederlands": "B1"}
    applied = client.post(f"{created.url.path}/filters", data=form)
    assert "De filters zijn toegepast." in applied.text
    vacancy = web.services.pools.vacancies.store.get(created.url.path.rsplit("/", 1)[1]).record
    assert (vacancy.hours_per_week_min, vacancy.hours_per_week_max) == (24, 38)
    assert vacancy.location.region == "Twente"
    assert [(a.language, a.level) for a in vacancy.required_languages] == [("nl", "B1")]


def test_an_unexpected_error_is_a_page_and_the_log_holds_no_cv_text(web, monkeypatch, caplog):
    def broken(text, **kwargs):
        raise RuntimeError(f"parser crashed on {text}")

    monkeypatch.setattr(web.services.profiles, "extract", broken)
    client = web.signed_in(web.key("jobseeker"))
    response = _upload(client, tekst=CV, toestemming="alleen-ik")
    assert response.status_code == 500
    assert "Er ging iets mis. Probeer het later opnieuw." in response.text
    assert "unexpected RuntimeError on POST /mijn-skills/cv" in caplog.text
    assert "comply with food safety" not in caplog.text


def test_the_gap_page_suggests_courses_when_a_catalogue_is_loaded(web, monkeypatch):
    first_aid = Course("EHBO-basiscursus", "Het Oranje Kruis", "cursus", (uri("first_aid"),), 8)
    catalogue = TrainingCatalogue([first_aid], source="test")
    monkeypatch.setattr(web.app.state.runtime, "training_catalogue", catalogue)
    client = web.signed_in(web.jobseeker_with_profile(NOORD))
    response = client.get("/mijn-skills/beroep", params={"uri": OCCUPATION["flight_attendant"].uri})
    assert response.status_code == 200
    assert "Scholing die helpt" in response.text
    assert "EHBO-basiscursus" in response.text and "8 uur" in response.text
