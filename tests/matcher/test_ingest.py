"""Text → records on the toy taxonomy with the fake encoder: CVs, vacancies, occupation links."""

from __future__ import annotations

import pytest

from matcher.ingest import (
    guess_occupation,
    is_essential,
    link_occupation,
    profile_from_text,
    vacancy_from_text,
)
from matcher.records import SkillSource, Vacancy
from matcher.skills.extraction import SkillExtractor
from tests.esco_fixture import OCCUPATION, SKILL
from tests.matcher.skill_helpers import fake_extractor

CV = (
    "Jan de Vries\n"
    "Kok\n\n"
    "Werkervaring:\n"
    "Ik werk sinds 2019 in een restaurant in Utrecht.\n"
    "Daarnaast programmeer ik in Python en JavaScript.\n"
)


@pytest.fixture(scope="module")
def extractor(toy_taxonomy, tmp_path_factory) -> SkillExtractor:
    return fake_extractor(toy_taxonomy, tmp_path_factory.mktemp("cache"))


def test_a_cv_becomes_a_profile_with_cv_sourced_skills_and_evidence(extractor):
    profile = profile_from_text(CV, extractor, profile_id="p1")
    assert profile.id == "p1"
    by_uri = {claim.uri: claim for claim in profile.skills}
    python = by_uri[SKILL["python"].uri]
    assert python.source is SkillSource.CV
    assert python.evidence == "Python" and 0 < python.score <= 1
    assert SKILL["javascript"].uri in by_uri
    assert all(c.source is SkillSource.CV and c.evidence for c in profile.skills)
    assert all(c.evidence in CV for c in profile.skills)
    assert profile.cv_text is None  # personal data is not kept unless asked
    assert profile_from_text(CV, extractor, keep_text=True).cv_text == CV.strip()


def test_the_current_occupation_is_guessed_only_when_confident(extractor):
    profile = profile_from_text(CV, extractor)
    assert profile.current_occupations == [OCCUPATION["cook"].uri]
    vague = profile_from_text("Ervaring met Python en JavaScript.", extractor)
    assert vague.current_occupations == []
    assert vague.skills
    result = extractor.extract("Jan de Vries\nWerkervaring:\nIk heb veel gedaan.")
    assert guess_occupation(result, extractor.ranker_.occupations_) is None


def test_vacancy_skills_split_by_headings_and_wording(extractor):
    text = (
        "Wat vragen wij:\n- Je hebt ervaring met Python.\n\nPluspunten:\n- Kennis van JavaScript.\n"
    )
    vacancy = vacancy_from_text("Softwareontwikkelaar", text, extractor, vacancy_id="v1")
    essential = {s.uri for s in vacancy.essential_skills}
    optional = {s.uri for s in vacancy.optional_skills}
    assert SKILL["python"].uri in essential
    assert SKILL["javascript"].uri in optional
    assert all(s.source is SkillSource.TEXT and s.evidence for s in vacancy.essential_skills)
    assert vacancy.text == text.strip() and vacancy.id == "v1"


def test_without_a_heading_the_wording_or_the_score_decides(extractor):
    text = "Ervaring met JavaScript is een pré. Je beheerst Python."
    result = extractor.extract(text)
    decided = {s.uri: is_essential(s, result.segments) for s in result.skills}
    assert decided[SKILL["javascript"].uri] is False
    python = next(s for s in result.skills if s.uri == SKILL["python"].uri)
    assert decided[python.uri] is (python.score >= 0.8)
    assert is_essential(python, result.segments, min_score=0.0) is True
    assert is_essential(python, result.segments, min_score=1.01) is False


def test_a_vacancy_without_occupation_is_linked_from_its_title(extractor):
    vacancy = vacancy_from_text("Kok", "Je kookt.", extractor)
    assert vacancy.occupation == OCCUPATION["cook"].uri
    given = vacancy_from_text("Kok", "Je kookt.", extractor, occupation=OCCUPATION["nurse"].uri)
    assert given.occupation == OCCUPATION["nurse"].uri


def test_link_occupation_leaves_linked_and_unrecognised_vacancies_alone(extractor):
    search = extractor.ranker_.occupations_
    assert link_occupation(Vacancy(title="Kok"), search).occupation == OCCUPATION["cook"].uri
    linked = Vacancy(title="Kok", occupation=OCCUPATION["nurse"].uri)
    assert link_occupation(linked, search) is linked
    assert link_occupation(Vacancy(title="xyzzy qwv"), search).occupation is None
