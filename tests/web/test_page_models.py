"""The small pure parts of the pages: evidence sentences, vacancy edits, consent choices, CSV."""

from __future__ import annotations

import csv
import io

from api.services.principal import Purpose
from api.web.consent_form import ConsentChoice
from api.web.evidence import MAX_SENTENCE_CHARS, with_evidence_sentences
from api.web.shortlist import shortlist_csv
from api.web.vacancy_edits import FilterForm, add_skill, move_skill, remove_skill
from matcher.ranking.explanation import Explanation, Match, ScoreParts
from matcher.records import Profile, SkillClaim, SkillSource, Vacancy
from tests.matcher.match_helpers import uri


def test_evidence_becomes_the_sentence_the_skill_was_found_in():
    text = "Kok\n\nIk werk als kok. Ik ken HACCP en hygiëne goed. Verder rijd ik graag.\n"
    claim = SkillClaim(uri=uri("food_safety"), source=SkillSource.CV, evidence="HACCP")
    manual = SkillClaim(uri=uri("plan_menus"), evidence="HACCP")  # not from the CV: untouched
    profile = with_evidence_sentences(Profile(skills=[claim, manual]), text)
    assert profile.skills[0].evidence == "Ik ken HACCP en hygiëne goed."
    assert profile.skills[1].evidence == "HACCP"


def test_a_very_long_sentence_is_cut_around_the_evidence():
    text = " ".join(["woord"] * 200) + " HACCP " + " ".join(["woord"] * 200) + "."
    claim = SkillClaim(uri=uri("food_safety"), source=SkillSource.CV, evidence="HACCP")
    evidence = with_evidence_sentences(Profile(skills=[claim]), text).skills[0].evidence
    assert "HACCP" in evidence and evidence.startswith("…") and evidence.endswith("…")
    assert len(evidence) <= MAX_SENTENCE_CHARS + 2
    assert " woor " not in f" {evidence} "  # no word is cut in half


def test_vacancy_skills_are_added_moved_and_removed():
    vacancy = Vacancy(title="Kok")
    vacancy = add_skill(vacancy, uri("cooking_techniques"), essential=True)
    vacancy = add_skill(vacancy, uri("plan_menus"), essential=False)
    assert [s.uri for s in vacancy.essential_skills] == [uri("cooking_techniques")]
    vacancy = move_skill(vacancy, uri("plan_menus"))
    assert {s.uri for s in vacancy.essential_skills} == {
        uri("cooking_techniques"),
        uri("plan_menus"),
    }
    vacancy = add_skill(vacancy, uri("plan_menus"), essential=False)  # moves, never doubles
    assert [s.uri for s in vacancy.optional_skills] == [uri("plan_menus")]
    assert remove_skill(vacancy, uri("plan_menus")).optional_skills == []


def test_filter_fields_are_checked_before_they_are_applied():
    assert FilterForm(hours_min="0").errors() == {
        "uren_min": "Vul een heel aantal uren in tussen 1 en 60."
    }
    assert FilterForm(hours_min="36", hours_max="24").errors() == {
        "uren_max": "Het maximum is kleiner dan het minimum."
    }
    assert FilterForm(dutch_level="B3").errors() == {"nederlands": "Kies een niveau uit de lijst."}
    vacancy = FilterForm(" Groot  Amsterdam ", "24", "", "B2").apply(Vacancy(title="Kok"))
    assert vacancy.location.region == "Groot Amsterdam"
    assert (vacancy.hours_per_week_min, vacancy.hours_per_week_max) == (24, None)
    assert FilterForm.of(vacancy) == FilterForm("Groot Amsterdam", "24", "", "B2")
    assert FilterForm().apply(vacancy).location is None


def test_consent_needs_an_explicit_and_complete_choice():
    assert ConsentChoice().grants() == ([], {"toestemming": "Kies wie uw profiel mag zien."})
    assert ConsentChoice("alleen-ik").grants() == ([], {})
    _, errors = ConsentChoice("organisaties").grants()
    assert set(errors) == {"organisaties", "doelen"}
    grants, errors = ConsentChoice(
        "organisaties", ["WSP Noord"], "  Gemeente   Utrecht ", ["career_advice", "bogus"]
    ).grants()
    assert errors == {}
    assert [(g.organisation, g.purposes) for g in grants] == [
        ("WSP Noord", [Purpose.CAREER_ADVICE]),
        ("Gemeente Utrecht", [Purpose.CAREER_ADVICE]),
    ]
    assert ConsentChoice.from_grants(grants).organisations == ["WSP Noord", "Gemeente Utrecht"]


def test_the_shortlist_csv_never_starts_a_cell_with_a_formula():
    explanation = Explanation(
        matched=(),
        missing_essential=(),
        missing_optional=(),
        parts=ScoreParts(0.5, None, 0.4),
        te_maken=True,
        unverified=(),
        summary_nl='=HYPERLINK("http://example.org")',
        summary_en="",
    )
    match = Match(id="p1", kind="profile", title=None, score=0.61, explanation=explanation)
    body = shortlist_csv([match], label=str, _=lambda text, **_: text, lang="nl")
    assert body.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert row[:4] == ["p1", "61%", "ja", "50%"]
    assert row[-1].startswith("'=")
    assert len(header) == len(row)
