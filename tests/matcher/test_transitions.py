"""Overstapberoepen: asymmetric feasibility, exclusions, skill levels and the labour-market mix."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.ranking.explanation import CoverageKind
from matcher.transitions.demand_mix import SKILLS_AND_LABOUR_MARKET, SKILLS_ONLY, DemandMix
from matcher.transitions.finder import TransitionFinder
from matcher.transitions.labour_market import LabourMarketTable
from matcher.transitions.skill_level_jump import SkillLevelJump
from matcher.transitions.source import (
    OPTIONAL_SKILL_CREDIT,
    TransitionSource,
    occupation_source,
    profile_source,
)
from matcher.transitions.typed_skill_weights import DEFAULT_TYPE_FACTORS
from matcher.vectors.skill_weights import SkillWeights
from taxonomy.concepts import SkillType
from taxonomy.errors import BadInputError, NotFoundError
from tests.esco_fixture import OCCUPATION, SKILL
from tests.matcher.match_helpers import profile, uri
from tests.matcher.transition_helpers import (
    EXACT_ONLY,
    extra_occupation,
    fitted_finder,
    taxonomy_with,
)

COOK = OCCUPATION["cook"].uri
ATTENDANT = OCCUPATION["flight_attendant"].uri
SHOP = OCCUPATION["shop_assistant"].uri
DEVELOPER = OCCUPATION["software_developer"].uri


@pytest.fixture(scope="module")
def finder(toy_taxonomy, tmp_path_factory) -> TransitionFinder:
    return fitted_finder(toy_taxonomy, tmp_path_factory.mktemp("cache"))


def person(*keys: str, level: int | None = None) -> TransitionSource:
    return TransitionSource(label="person", skills={uri(k): 1.0 for k in keys}, skill_level=level)


def feasibility_of(finder: TransitionFinder, source: TransitionSource, target: str) -> float:
    return float(finder.feasibility(source).feasibility[finder.row_[target]])


# -- asymmetry and monotonicity -------------------------------------------------------------------


def test_transition_scores_are_asymmetric(finder, toy_taxonomy):
    to_cook = feasibility_of(finder, occupation_source(toy_taxonomy, ATTENDANT), COOK)
    to_attendant = feasibility_of(finder, occupation_source(toy_taxonomy, COOK), ATTENDANT)
    assert abs(to_cook - to_attendant) > 0.05
    # both list "comply with food safety and hygiene": one of the cook's two essential skills,
    # one of the flight attendant's four
    assert to_cook > to_attendant


def test_moving_from_a_rich_to_a_narrow_occupation_is_easier_than_back(toy_taxonomy, tmp_path):
    rich = extra_occupation("rich", ("first_aid", "read_maps", "plan_menus", "heavy_trucks"))
    narrow = extra_occupation("narrow", ("first_aid",))
    taxonomy = taxonomy_with(toy_taxonomy, rich, narrow)
    finder = fitted_finder(taxonomy, tmp_path)
    forward = feasibility_of(finder, occupation_source(taxonomy, rich.uri), narrow.uri)
    backward = feasibility_of(finder, occupation_source(taxonomy, narrow.uri), rich.uri)
    assert forward > backward + 0.05


def test_a_source_with_a_superset_of_skills_reaches_every_target_at_least_as_well(
    toy_taxonomy, tmp_path
):
    base = extra_occupation("base", ("food_safety", "customer_relationship"))
    superset = extra_occupation(
        "superset", ("food_safety", "customer_relationship", "first_aid"), ("read_maps",)
    )
    taxonomy = taxonomy_with(toy_taxonomy, base, superset)
    finder = fitted_finder(taxonomy, tmp_path)
    before = finder.feasibility(occupation_source(taxonomy, base.uri)).feasibility
    after = finder.feasibility(occupation_source(taxonomy, superset.uri)).feasibility
    assert np.all(after >= before - 1e-12)
    assert after[finder.row_[ATTENDANT]] > before[finder.row_[ATTENDANT]]


def test_a_target_needing_more_than_the_source_has_scores_lower(toy_taxonomy, tmp_path):
    covered = extra_occupation("covered", ("first_aid", "food_safety"))
    more = extra_occupation("more", ("first_aid", "food_safety", "heavy_trucks"))
    taxonomy = taxonomy_with(toy_taxonomy, covered, more)
    finder = fitted_finder(taxonomy, tmp_path)
    source = person("first_aid", "food_safety")
    assert feasibility_of(finder, source, covered.uri) > feasibility_of(finder, source, more.uri)


def test_optional_skills_of_a_source_occupation_count_less_than_essential_ones(
    toy_taxonomy, tmp_path
):
    essential = extra_occupation("holds-essential", ("first_aid",))
    optional = extra_occupation("holds-optional", ("read_maps",), ("first_aid",))
    target = extra_occupation("needs-first-aid", ("first_aid", "stock_shelves"))
    taxonomy = taxonomy_with(toy_taxonomy, essential, optional, target)
    finder = fitted_finder(taxonomy, tmp_path, near=EXACT_ONLY)
    strong = finder.skill_credit(occupation_source(taxonomy, essential.uri))
    weak = finder.skill_credit(occupation_source(taxonomy, optional.uri))
    row = finder.skill_vectors_.row[SKILL["first_aid"].uri]
    assert strong[row] == 1.0
    assert weak[row] == OPTIONAL_SKILL_CREDIT


# -- near skills and the two computation paths ----------------------------------------------------


def test_near_skills_carry_over_with_partial_credit(toy_taxonomy, tmp_path):
    near = fitted_finder(toy_taxonomy, tmp_path / "near")
    exact = fitted_finder(toy_taxonomy, tmp_path / "exact", near=EXACT_ONLY)
    source = person("python")
    assert feasibility_of(near, source, DEVELOPER) > feasibility_of(exact, source, DEVELOPER)
    [result] = [t for t in near.rank(source, top=10).results if t.uri == DEVELOPER]
    carried = {c.match.required: c.match for c in result.carries_over}
    programming = carried[SKILL["computer_programming"].uri]
    assert programming.kind is CoverageKind.NEAR
    assert programming.matched_by == SKILL["python"].uri
    assert 0 < programming.credit < 1


def test_vectorised_coverage_agrees_with_the_coverage_scorer(toy_taxonomy, tmp_path):
    finder = fitted_finder(toy_taxonomy, tmp_path, unlisted_essential_skills=0.0)
    source = person("food_safety", "python", "customer_needs", "first_aid", "listen_actively")
    scores = finder.feasibility(source)
    scorer = finder.coverage_scorer()
    # near credits rest on float32 cosines, here from one matrix product, there from a dot
    # product per pair: they may differ in the last bits (which BLAS kernel runs depends on the
    # machine), and a cosine off by e moves a credit by at most slope · e
    tolerance = 1e-9 + 4 * float(np.finfo(np.float32).eps) * scorer.near_credit.slope
    near_seen = False
    for target, row in finder.row_.items():
        occupation = toy_taxonomy.occupations[target]
        coverage = scorer.cover(
            occupation.essential_skills, occupation.optional_skills, source.skill_uris
        )
        near_seen |= any(m.kind is CoverageKind.NEAR for m in coverage.matched)
        for fast, slow in (
            (scores.essential_coverage[row], coverage.essential_skill_coverage),
            (scores.optional_coverage[row], coverage.optional_skill_coverage),
        ):
            if slow is None:
                assert np.isnan(fast)
            else:
                assert fast == pytest.approx(slow, abs=tolerance)
    assert near_seen


def test_one_unlisted_skill_shrinks_short_skill_lists_most(toy_taxonomy, tmp_path):
    plain = fitted_finder(toy_taxonomy, tmp_path / "a", unlisted_essential_skills=0.0)
    shrunk = fitted_finder(toy_taxonomy, tmp_path / "b")
    source = person(*OCCUPATION["cook"].essential, *OCCUPATION["truck_driver"].essential)
    before = plain.feasibility(source).essential_coverage
    after = shrunk.feasibility(source).essential_coverage
    cook, truck = plain.row_[COOK], plain.row_[OCCUPATION["truck_driver"].uri]
    assert before[cook] == pytest.approx(1.0) and before[truck] == pytest.approx(1.0)
    assert after[cook] < after[truck] < 1.0  # two essential skills against five


# -- exclusions -----------------------------------------------------------------------------------


def test_source_and_its_trivial_variants_are_never_results(toy_taxonomy, tmp_path):
    cook = OCCUPATION["cook"]
    narrower = extra_occupation("cook-narrower", ("nutrition", "first_aid"), broader=(cook.uri,))
    duplicate = extra_occupation("cook-duplicate", cook.essential, ("first_aid",))
    related = extra_occupation("cook-related", ("food_safety", "plan_menus", "first_aid"))
    taxonomy = taxonomy_with(toy_taxonomy, narrower, duplicate, related)
    finder = fitted_finder(taxonomy, tmp_path)
    source = occupation_source(taxonomy, cook.uri)
    for variant in (cook.uri, narrower.uri, duplicate.uri):
        assert feasibility_of(finder, source, variant) > 0  # reachable, so exclusion matters
    ranking = finder.rank(source, top=50)
    found = [t.uri for t in ranking.results]
    assert not {cook.uri, narrower.uri, duplicate.uri} & set(found)
    assert related.uri in found
    assert ranking.n_excluded == 3
    from_narrower = finder.rank(occupation_source(taxonomy, narrower.uri), top=50)
    assert cook.uri not in [t.uri for t in from_narrower.results]


def test_a_profile_never_gets_its_own_occupations(finder, toy_taxonomy):
    source = profile_source(toy_taxonomy, profile("p", "first_aid", current_occupations=[COOK]))
    assert feasibility_of(finder, source, COOK) > 0
    assert COOK not in [t.uri for t in finder.rank(source, top=50).results]


# -- skill levels ---------------------------------------------------------------------------------


def test_upward_isco_jump_is_penalised(toy_taxonomy, tmp_path):
    skills = ("first_aid", "food_safety", "read_maps")
    same = extra_occupation("level-2", skills, isco="5111")
    up = extra_occupation("level-4", skills, isco="2221")
    taxonomy = taxonomy_with(toy_taxonomy, same, up)
    finder = fitted_finder(taxonomy, tmp_path)
    source = person(*skills, level=2)
    f_same, f_up = (feasibility_of(finder, source, o.uri) for o in (same, up))
    assert f_up < f_same
    assert f_up / f_same == pytest.approx(SkillLevelJump().factor(2, 4))
    order = [t.uri for t in finder.rank(source, top=50).results]
    assert order.index(same.uri) < order.index(up.uri)


def test_large_downward_jump_gets_a_mild_penalty(toy_taxonomy, tmp_path):
    skills = ("first_aid", "food_safety", "read_maps")
    same = extra_occupation("level-4", skills, isco="2221")
    one_down = extra_occupation("level-3", skills, isco="3221")
    far_down = extra_occupation("level-1", skills, isco="9112")
    taxonomy = taxonomy_with(toy_taxonomy, same, one_down, far_down)
    finder = fitted_finder(taxonomy, tmp_path)
    source = person(*skills, level=4)
    f = {o.uri: feasibility_of(finder, source, o.uri) for o in (same, one_down, far_down)}
    assert f[one_down.uri] == pytest.approx(f[same.uri])
    assert f[far_down.uri] < f[same.uri]
    assert f[far_down.uri] / f[same.uri] > SkillLevelJump().factor(2, 3)  # milder than one up


def test_skill_level_factor_is_one_when_a_level_is_unknown():
    jump = SkillLevelJump()
    assert jump.factor(None, 4) == 1.0
    assert jump.factor(2, None) == 1.0
    levels = np.array([0, 1, 2, 3, 4])
    assert jump.factors(2, levels).tolist() == [jump.factor(2, lv or None) for lv in levels]


# -- ranking output -------------------------------------------------------------------------------


def test_results_are_ordered_and_explained(finder, toy_taxonomy):
    ranking = finder.rank(occupation_source(toy_taxonomy, ATTENDANT), top=3)
    scores = [t.score for t in ranking.results]
    assert 0 < len(scores) <= 3
    assert scores == sorted(scores, reverse=True)
    for t in ranking.results:
        assert t.score == t.feasibility > 0
        assert t.explanation_nl and t.explanation_en and t.explanation_nl != t.explanation_en
        assert t.label == toy_taxonomy.occupations[t.uri].label(("nl", "en")).text


def test_missing_essential_skills_are_ordered_by_importance(finder):
    ranking = finder.rank(person("food_safety"), top=10)
    assert any(len(t.missing_essential) >= 2 for t in ranking.results)
    for t in ranking.results:
        weights = [m.weight for m in t.missing_essential]
        assert weights == sorted(weights, reverse=True)
        for m in t.missing_essential:
            assert m.weight == pytest.approx(finder.weights_.weight(m.uri))


def test_skill_importance_is_idf_times_the_type_factor(finder, toy_taxonomy):
    idf = SkillWeights().fit(toy_taxonomy)
    for key in ("nutrition", "food_safety", "show_initiative"):
        skill = toy_taxonomy.skills[SKILL[key].uri]
        factor = DEFAULT_TYPE_FACTORS[skill.skill_type]
        assert finder.weights_.weight(skill.uri) == pytest.approx(idf.weight(skill.uri) * factor)
    assert DEFAULT_TYPE_FACTORS[SkillType.SOFT_SKILLS] < DEFAULT_TYPE_FACTORS[SkillType.KENNIS]
    assert DEFAULT_TYPE_FACTORS[SkillType.KENNIS] < DEFAULT_TYPE_FACTORS[SkillType.VAARDIGHEDEN]


# -- labour market --------------------------------------------------------------------------------


def test_ranking_is_skills_only_without_a_table(finder, toy_taxonomy):
    ranking = finder.rank(occupation_source(toy_taxonomy, ATTENDANT), top=10)
    assert ranking.ranking == SKILLS_ONLY
    assert all(t.demand is None and t.kansrijk is None for t in ranking.results)
    table = LabourMarketTable.from_text(f"occupation,score\n{COOK},0.2\n5223,0.9\n")
    mixed = finder.rank(occupation_source(toy_taxonomy, ATTENDANT), top=10, labour_market=table)
    assert mixed.ranking == SKILLS_AND_LABOUR_MARKET
    assert all(t.kansrijk is not None for t in mixed.results)


def test_labour_market_changes_the_order_and_the_filter_drops_non_kansrijk(finder, toy_taxonomy):
    source = occupation_source(toy_taxonomy, ATTENDANT)
    plain = [t.uri for t in finder.rank(source, top=10).results]
    assert plain.index(COOK) < plain.index(SHOP)
    table = LabourMarketTable.from_text(f"occupation,score\n{COOK},0\n5223,1\n")
    mixed = finder.rank(source, top=10, labour_market=table)
    order = [t.uri for t in mixed.results]
    assert order.index(SHOP) < order.index(COOK)
    mix = DemandMix()
    for t in mixed.results:
        demand = np.array([np.nan if t.demand is None else t.demand])
        assert t.score == pytest.approx(float(mix.combine(np.array([t.feasibility]), demand)[0]))
    only = finder.rank(source, top=10, labour_market=table, kansrijk_only=True)
    assert [t.uri for t in only.results] == [SHOP]
    assert all(t.kansrijk for t in only.results)


def test_demand_is_looked_up_per_region(finder, toy_taxonomy):
    table = LabourMarketTable.from_text(
        f"occupation,region,score\n{COOK},Twente,1\n{COOK},,0\n{SHOP},,0.5\n"
    )
    source = occupation_source(toy_taxonomy, ATTENDANT)
    by_region = {
        region: {
            t.uri: t.demand for t in finder.rank(source, labour_market=table, region=region).results
        }
        for region in ("Twente", "Groot Amsterdam")
    }
    assert by_region["Twente"][COOK] > by_region["Groot Amsterdam"][COOK]


def test_kansrijk_filter_needs_a_table(finder):
    with pytest.raises(BadInputError, match="labour-market table"):
        finder.rank(person("food_safety"), kansrijk_only=True)


# -- sources --------------------------------------------------------------------------------------


def test_profile_source_adds_the_essential_skills_of_its_occupations(toy_taxonomy):
    p = profile("p", "python", past_occupations=[COOK], education_level="hbo-bachelor")
    source = profile_source(toy_taxonomy, p)
    assert set(source.skills) == {uri("python"), *(uri(k) for k in OCCUPATION["cook"].essential)}
    assert source.occupations == (COOK,)
    assert source.skill_level == 2  # from the occupation (ISCO 5120), not the education


def test_profile_without_occupations_takes_its_level_from_education(toy_taxonomy):
    source = profile_source(toy_taxonomy, profile("p", "python", education_level="mbo-4"))
    assert source.skill_level == 3
    assert profile_source(toy_taxonomy, profile("p", "python")).skill_level is None


def test_bad_sources_are_clear_errors(toy_taxonomy):
    with pytest.raises(NotFoundError):
        occupation_source(toy_taxonomy, "http://data.europa.eu/esco/occupation/unknown")
    with pytest.raises(BadInputError, match="no skills"):
        profile_source(toy_taxonomy, profile("empty"))
    with pytest.raises(NotFoundError, match="unknown occupation"):
        profile_source(
            toy_taxonomy,
            profile("p", current_occupations=["http://data.europa.eu/esco/occupation/unknown"]),
        )


def test_top_must_be_positive(finder):
    with pytest.raises(BadInputError):
        finder.rank(person("food_safety"), top=0)
