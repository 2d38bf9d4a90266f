"""Skill gaps: grouping by type, nearly-there skills, training suggestions and *te maken*."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.gaps.skill_gap import TYPE_GROUPS, GapAnalyser, is_te_maken
from matcher.gaps.training_catalogue import TrainingCatalogue
from matcher.gaps.training_suggestions import suggest_training
from matcher.ranking.explanation import CoverageKind
from tests.esco_fixture import OCCUPATION
from tests.matcher.match_helpers import profile, uri, vacancy
from tests.matcher.transition_helpers import EXACT_ONLY, fitted_finder

DEVELOPER = OCCUPATION["software_developer"].uri
NURSE = OCCUPATION["nurse"].uri
COOK = OCCUPATION["cook"].uri
EXAMPLE = (
    Path(__file__).resolve().parents[2] / "docs" / "examples" / "training_catalogue.example.csv"
)


@pytest.fixture(scope="module")
def exact(toy_taxonomy, tmp_path_factory) -> GapAnalyser:
    finder = fitted_finder(toy_taxonomy, tmp_path_factory.mktemp("exact"), near=EXACT_ONLY)
    return GapAnalyser(finder.coverage_scorer())


@pytest.fixture(scope="module")
def near(toy_taxonomy, tmp_path_factory) -> GapAnalyser:
    finder = fitted_finder(toy_taxonomy, tmp_path_factory.mktemp("near"))
    return GapAnalyser(finder.coverage_scorer())


def catalogue(taxonomy, *rows: str) -> TrainingCatalogue:
    header = "course,provider,kind,skills,hours,region\n"
    return TrainingCatalogue.from_csv(header + "\n".join(rows) + "\n", taxonomy)


# -- the gap --------------------------------------------------------------------------------------


def test_gap_groups_every_required_skill_once_by_its_type(exact, toy_taxonomy):
    gap = exact.for_occupation(profile("p", "debug_software", "think_analytically"), DEVELOPER)
    assert [m.required for m in gap.matched] == [uri("debug_software"), uri("think_analytically")]
    groups = {
        "matched": gap.by_type(gap.matched),
        "missing_essential": gap.by_type(gap.missing_essential),
        "missing_optional": gap.by_type(gap.missing_optional),
    }
    seen = []
    for grouped in groups.values():
        assert list(grouped) == list(TYPE_GROUPS)
        for type_name, items in grouped.items():
            for item in items:
                skill_uri = getattr(item, "required", None) or item.uri
                assert toy_taxonomy.skills[skill_uri].skill_type.value == type_name
                seen.append(skill_uri)
    occupation = toy_taxonomy.occupations[DEVELOPER]
    assert sorted(seen) == sorted([*occupation.essential_skills, *occupation.optional_skills])
    row = gap.as_dict()
    assert set(row["matched"]) == {"vaardigheden", "soft skills"}
    assert set(row["missing_essential"]) == {"kennis", "vaardigheden"}


def test_nearly_there_lists_skills_close_to_what_the_person_has(near):
    gap = near.for_occupation(profile("p", "python"), DEVELOPER)
    nearly = {m.required: m for m in gap.nearly_there}
    programming = nearly[uri("computer_programming")]
    assert programming.kind is CoverageKind.NEAR and programming.matched_by == uri("python")
    assert uri("computer_programming") not in {m.uri for m in gap.missing_essential}
    [row] = gap.as_dict()["nearly_there"]["kennis"][:1]
    assert row["close_to"]["uri"] == uri("python")


def test_missing_skills_are_ordered_by_importance(exact):
    gap = exact.for_occupation(profile("p", "first_aid"), OCCUPATION["truck_driver"].uri)
    weights = [m.weight for m in gap.missing_essential]
    assert len(weights) >= 3
    assert weights == sorted(weights, reverse=True)


def test_skills_of_the_persons_occupations_count_unless_switched_off(exact):
    person = profile("p", "first_aid", past_occupations=[COOK])
    with_jobs = exact.for_occupation(person, COOK)
    assert not with_jobs.missing_essential
    without = GapAnalyser(exact.coverage, include_occupation_skills=False)
    assert len(without.for_occupation(person, COOK).missing_essential) == 2


def test_gap_against_a_vacancy(exact):
    target = vacancy("v1", ("first_aid", "read_maps"), ("python",), title="Bezorger")
    gap = exact.for_vacancy(profile("p", "first_aid"), target)
    assert gap.target.as_dict() == {"kind": "vacancy", "id": "v1", "label": "Bezorger"}
    assert [m.uri for m in gap.missing_essential] == [uri("read_maps")]
    assert [m.uri for m in gap.missing_optional] == [uri("python")]
    assert gap.summary("nl") != gap.summary("en")


# -- training suggestions -------------------------------------------------------------------------


def test_training_prefers_fewer_hours_for_the_same_gap(exact, toy_taxonomy):
    courses = catalogue(
        toy_taxonomy,
        f"Long,P,short course,{uri('computer_programming')};{uri('design_patterns')},80,",
        f"Short,P,short course,{uri('computer_programming')};{uri('design_patterns')},20,",
    )
    gap = exact.for_occupation(profile("p", "debug_software"), DEVELOPER, catalogue=courses)
    assert [s.course.title for s in gap.training.suggestions] == ["Short"]
    assert gap.training.not_covered == ()


def test_training_takes_most_importance_per_hour_not_just_fewest_hours(exact, toy_taxonomy):
    gap = exact.for_occupation(profile("p", "debug_software"), DEVELOPER)
    weight = {m.uri: m.weight for m in gap.missing_essential}
    one, both_hours, one_hours = uri("computer_programming"), 15.0, 10.0
    two = uri("design_patterns")
    assert (weight[one] + weight[two]) / both_hours > weight[one] / one_hours  # the premise
    courses = catalogue(
        toy_taxonomy,
        f"One,P,short course,{one},{one_hours},",
        f"Both,P,short course,{one};{two},{both_hours},",
    )
    plan = suggest_training(gap.missing_essential, gap.missing_optional, courses)
    assert [s.course.title for s in plan.suggestions] == ["Both"]


def test_training_closes_essential_gaps_before_optional_ones(exact, toy_taxonomy):
    courses = catalogue(
        toy_taxonomy,
        f"Optional,P,short course,{uri('python')};{uri('javascript')},10,",
        f"Essential,P,short course,{uri('design_patterns')},10,",
    )
    gap = exact.for_occupation(
        profile("p", "debug_software", "computer_programming"), DEVELOPER, catalogue=courses
    )
    assert [s.course.title for s in gap.training.suggestions] == ["Essential", "Optional"]


def test_training_respects_the_region_and_names_what_no_course_closes(exact, toy_taxonomy):
    courses = catalogue(
        toy_taxonomy,
        f"Twente only,P,short course,{uri('design_patterns')},5,Twente",
        f"Anywhere,P,short course,{uri('design_patterns')},30,",
    )
    person = profile("p", "debug_software")
    local = exact.for_occupation(person, DEVELOPER, catalogue=courses, region="Twente")
    elsewhere = exact.for_occupation(person, DEVELOPER, catalogue=courses, region="Utrecht")
    assert [s.course.title for s in local.training.suggestions] == ["Twente only"]
    assert [s.course.title for s in elsewhere.training.suggestions] == ["Anywhere"]
    assert [m.uri for m in local.training.not_covered] == [uri("computer_programming")]


def test_the_profile_region_is_the_default_training_region(exact, toy_taxonomy):
    courses = catalogue(
        toy_taxonomy, f"Twente only,P,short course,{uri('design_patterns')},5,Twente"
    )
    person = profile("p", "debug_software", location={"region": "Twente"})
    gap = exact.for_occupation(person, DEVELOPER, catalogue=courses)
    assert [s.course.title for s in gap.training.suggestions] == ["Twente only"]


# -- te maken -------------------------------------------------------------------------------------


def test_te_maken_needs_few_gaps_each_closed_by_a_known_course(exact, toy_taxonomy):
    person = profile("p", "empathise_patient", "listen_actively", "computer_literacy")
    gap = exact.for_occupation(person, NURSE)
    assert [m.uri for m in gap.missing_essential] == [uri("nursing_principles")]
    example = TrainingCatalogue.load(EXAMPLE, toy_taxonomy)  # teaches nursing principles
    unrelated = catalogue(toy_taxonomy, f"Maps,P,short course,{uri('read_maps')},4,")
    assert is_te_maken(gap, toy_taxonomy)  # by type: kennis is trainable
    assert is_te_maken(gap, toy_taxonomy, catalogue=example)
    assert not is_te_maken(gap, toy_taxonomy, catalogue=unrelated)
    assert exact.for_occupation(person, NURSE, catalogue=example).te_maken


def test_te_maken_is_false_for_too_many_gaps_or_none(exact, toy_taxonomy):
    example = TrainingCatalogue.load(EXAMPLE, toy_taxonomy)
    few = exact.for_occupation(profile("p", "computer_literacy", "listen_actively"), NURSE)
    assert len(few.missing_essential) == 2
    assert is_te_maken(few, toy_taxonomy, catalogue=example)
    assert not is_te_maken(few, toy_taxonomy, catalogue=example, max_missing_essential=1)
    complete = exact.for_occupation(profile("p", *OCCUPATION["nurse"].essential), NURSE)
    assert not is_te_maken(complete, toy_taxonomy, catalogue=example)
