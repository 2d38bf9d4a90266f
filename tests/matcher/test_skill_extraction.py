"""Text → skills on the toy taxonomy with the fake encoder: hits, evidence, types, labels."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.skills.extraction import ScoreCalibration, SkillExtractor
from matcher.skills.ranking import RankingWeights, SkillRanker
from taxonomy.errors import BadInputError
from tests.esco_fixture import OCCUPATION, SKILL
from tests.matcher.skill_helpers import fake_extractor


@pytest.fixture(scope="module")
def extractor(toy_taxonomy, tmp_path_factory) -> SkillExtractor:
    return fake_extractor(toy_taxonomy, tmp_path_factory.mktemp("cache"))


def by_uri(result) -> dict:
    return {skill.uri: skill for skill in result.skills}


def test_dutch_text_yields_named_skills_with_evidence_pointing_into_the_text(extractor):
    text = "Profiel\n\nJe hebt ervaring met Python en je spreekt Nederlands."
    result = extractor.extract(text)
    skills = by_uri(result)
    python = skills[SKILL["python"].uri]
    assert python.evidence.text == "Python"
    assert text[python.evidence.start : python.evidence.end] == "Python"
    assert text[python.segment.start : python.segment.end] == python.segment.text
    assert python.segment.text.startswith("Je hebt ervaring met Python")
    dutch = skills[SKILL["dutch"].uri]
    assert text[dutch.evidence.start : dutch.evidence.end] == dutch.evidence.text
    assert "Nederlands" in dutch.evidence.text


def test_dutch_labels_are_preferred_where_the_taxonomy_has_them(extractor):
    result = extractor.extract("Ervaring met Python. Je bent sterk in analytisch denken.")
    skills = by_uri(result)
    python = skills[SKILL["python"].uri]
    assert (python.label, python.lang) == ("Python (computerprogrammering)", "nl")
    thinking = skills[SKILL["think_analytically"].uri]
    assert (thinking.label, thinking.lang) == ("analytisch denken", "nl")
    english = by_uri(extractor.extract("Ervaring met Python.", langs=("en", "nl")))
    assert english[SKILL["python"].uri].label == "Python (computer programming)"
    assert english[SKILL["python"].uri].lang == "en"


def test_skill_without_a_dutch_label_is_shown_in_english(extractor):
    result = extractor.extract("You must debug software and use software design patterns.")
    skills = by_uri(result)
    assert SKILL["debug_software"].uri in skills
    # "provide first aid" has no Dutch label in the partial set: English, and it says so
    first_aid = by_uri(extractor.extract("You can provide first aid."))[SKILL["first_aid"].uri]
    assert (first_aid.label, first_aid.lang) == ("provide first aid", "en")


def test_types_follow_the_taxonomy(extractor):
    result = extractor.extract(
        "Kennis van JavaScript. Je kunt software debuggen: debug software. "
        "Je toont initiatief: initiatief aan de dag leggen."
    )
    types = {s.uri: s.type for s in result.skills}
    assert types[SKILL["javascript"].uri] == "kennis"
    assert types[SKILL["debug_software"].uri] == "vaardigheden"
    assert types[SKILL["show_initiative"].uri] == "soft skills"


def test_scores_are_probabilities_sorted_best_first_and_above_the_threshold(extractor):
    result = extractor.extract("Experience with JavaScript and Python; you debug software.")
    scores = [s.score for s in result.skills]
    assert scores == sorted(scores, reverse=True)
    threshold = extractor.calibration_.threshold
    assert all(threshold <= s <= 1.0 for s in scores)
    assert len({s.uri for s in result.skills}) == len(result.skills)


@pytest.mark.parametrize(
    "text",
    [
        "Wij bieden een goed salaris, een pensioenregeling en een leaseauto.",
        "Wij staan voor diversiteit en inclusie.",
        "We are an equal opportunity employer.",
        "Over ons\nWij zijn een familiebedrijf dat software ontwikkelt in Python en JavaScript.",
        "Wat wij bieden:\n• Een cursus Python\n• Ruimte om JavaScript te leren",
    ],
)
def test_benefits_company_and_diversity_segments_yield_no_skills(extractor, text):
    result = extractor.extract(text)
    assert result.skills == ()
    assert result.skipped


def test_a_vacancy_keeps_the_requirements_and_drops_the_benefits(extractor):
    text = (
        "Wat ga je doen?\n• Je programmeert in Python\n\n"
        "Wat wij bieden:\n• Een cursus JavaScript\n• 25 vakantiedagen"
    )
    result = extractor.extract(text)
    uris = {s.uri for s in result.skills}
    assert SKILL["python"].uri in uris
    assert SKILL["javascript"].uri not in uris
    benefits_start = text.index("Wat wij bieden")
    assert all(s.evidence.end <= benefits_start for s in result.skills)


def test_empty_text_and_empty_lines_yield_nothing(extractor):
    results = extractor.extract_many(["", "   ", "Ervaring met Python."])
    assert [len(r.skills) for r in results[:2]] == [0, 0]
    assert results[2].skills


def test_a_stricter_threshold_keeps_fewer_skills(toy_taxonomy, tmp_path):
    text = "Experience with JavaScript and Python; you debug software and read maps."
    loose = fake_extractor(
        toy_taxonomy, tmp_path, calibration=ScoreCalibration(20.0, -8.0, threshold=0.3)
    )
    strict = fake_extractor(
        toy_taxonomy, tmp_path, calibration=ScoreCalibration(20.0, -8.0, threshold=0.95)
    )
    assert len(strict.extract(text).skills) < len(loose.extract(text).skills)


def test_one_evidence_span_yields_at_most_max_per_evidence_skills(toy_taxonomy, tmp_path):
    text = "Nederlands"  # the language and speaking it: both rest on the one word
    loose = fake_extractor(toy_taxonomy, tmp_path, max_per_evidence=100).extract(text)
    strict = fake_extractor(toy_taxonomy, tmp_path, max_per_evidence=1).extract(text)
    spans = [(s.evidence.start, s.evidence.end) for s in strict.skills]
    assert len(spans) == len(set(spans))
    loose_spans = [(s.evidence.start, s.evidence.end) for s in loose.skills]
    assert len(loose_spans) > len(set(loose_spans))  # the text does repeat spans without a cap
    assert strict.skills[0] == loose.skills[0]


def test_rank_returns_top_k_unique_skills_in_order_and_nothing_for_empty_lines(extractor):
    ranked = extractor.rank(["Experience with Python and SQL", "", "kok"], top=5)
    assert [len(r) for r in ranked] == [5, 0, 5]
    first = ranked[0]
    assert first[0].uri == SKILL["python"].uri
    assert [r.score for r in first] == sorted((r.score for r in first), reverse=True)
    assert len({r.uri for r in first}) == 5
    assert all(r.type in {"kennis", "vaardigheden", "soft skills"} for r in first)
    with pytest.raises(BadInputError):
        extractor.rank(["x"], top=0)


def test_occupation_prior_boosts_essential_skills_the_text_supports_only(extractor):
    ranker: SkillRanker = extractor.ranker_
    prior = ranker.occupation_prior(["kok"])
    assert prior is not None
    cook = OCCUPATION["cook"]
    boosted = {ranker.uris[i] for i in np.flatnonzero(prior)}
    assert boosted == {SKILL[k].uri for k in cook.essential}
    assert ranker.occupation_prior(["een zin die geen beroep noemt"]) is None

    text = "Je gebruikt kooktechnieken en kent voeding."
    plain = ranker.score([text])[0]
    with_prior = ranker.score([text], priors=[prior])[0]
    row = ranker.labels_.row[SKILL["cooking_techniques"].uri]
    assert with_prior.fused[row] > plain.fused[row]
    # a skill the text does not support (outside its best candidates) gets no boost
    narrow = SkillRanker(ranker.weights, prior_candidates=1).fit(
        ranker.taxonomy_, ranker.encoder_, ranker.labels_, ranker.lexicon_, None
    )
    base = narrow.score([text])[0]
    boosted_scores = narrow.score([text], priors=[prior])[0]
    outside = [r for r in range(len(base.fused)) if r not in set(base.top(1).tolist())]
    assert np.array_equal(base.fused[outside], boosted_scores.fused[outside])


def test_dutch_labels_are_offset_against_english_ones(toy_taxonomy, extractor):
    ranker: SkillRanker = extractor.ranker_
    text = "analytisch denken"
    row = ranker.labels_.row[SKILL["think_analytically"].uri]
    no_offset = SkillRanker(RankingWeights(dutch_offset=0.0, lexical=0.0)).fit(
        toy_taxonomy, ranker.encoder_, ranker.labels_, None
    )
    offset = SkillRanker(RankingWeights(dutch_offset=0.1, lexical=0.0)).fit(
        toy_taxonomy, ranker.encoder_, ranker.labels_, None
    )
    difference = no_offset.score([text])[0].fused[row] - offset.score([text])[0].fused[row]
    assert difference == pytest.approx(0.1, abs=1e-5)  # sentence + window weights sum to 1


def test_calibration_shifts_dutch_text_and_is_monotone():
    calibration = ScoreCalibration(50.0, -45.0, 0.2, language_shift={"nl": 0.03})
    fused = np.array([0.85, 0.9, 0.95])
    english = calibration.probability(fused, "en")
    dutch = calibration.probability(fused, "nl")
    assert np.all(np.diff(english) > 0)
    assert np.all(dutch > english)
    assert np.array_equal(calibration.probability(fused, None), english)
