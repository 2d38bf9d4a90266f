"""IDF skill weights: rare skills weigh more than generic ones."""

from __future__ import annotations

import math

import pytest

from matcher.vectors.skill_weights import SkillWeights
from tests.matcher.match_helpers import uri


@pytest.fixture(scope="module")
def weights(toy_taxonomy) -> SkillWeights:
    return SkillWeights().fit(toy_taxonomy)


def test_a_rare_skill_outweighs_a_generic_one(weights, toy_taxonomy):
    rare, generic = uri("cash_register"), uri("customer_relationship")
    assert len(toy_taxonomy.occupations_with_skill(rare)) < len(
        toy_taxonomy.occupations_with_skill(generic)
    )
    assert weights.weight(rare) > weights.weight(generic)


def test_weights_fall_as_more_occupations_list_the_skill(weights, toy_taxonomy):
    by_count: dict[int, set[float]] = {}
    for skill in toy_taxonomy.skills:
        n = len(toy_taxonomy.occupations_with_skill(skill))
        by_count.setdefault(n, set()).add(round(weights.weight(skill), 12))
    assert all(len(values) == 1 for values in by_count.values())  # same count, same weight
    ordered = [by_count[n].pop() for n in sorted(by_count)]
    assert len(ordered) >= 3
    assert ordered == sorted(ordered, reverse=True) and len(set(ordered)) == len(ordered)


def test_every_taxonomy_skill_has_a_weight_and_unlisted_skills_weigh_most(weights, toy_taxonomy):
    assert set(weights.idf_) == set(toy_taxonomy.skills)
    unlisted = [s for s in toy_taxonomy.skills if not toy_taxonomy.occupations_with_skill(s)]
    assert unlisted
    assert {weights.weight(s) for s in unlisted} == {max(weights.idf_.values())}
    assert weights.weight("http://data.europa.eu/esco/skill/not-in-taxonomy") == max(
        weights.idf_.values()
    )


def test_a_skill_every_document_names_still_counts():
    weights = SkillWeights().fit_skill_sets([{"a", "b"}, {"a"}, {"a", "c"}])
    assert weights.weight("a") == pytest.approx(1.0)
    assert weights.weight("a") < weights.weight("b") == weights.weight("c")
    assert weights.weight("b") == pytest.approx(math.log(4 / 2) + 1)


def test_refitting_on_a_pool_follows_the_pool_not_the_taxonomy(weights):
    common_in_pool, rare_in_pool = uri("cash_register"), uri("customer_relationship")
    pool = [{common_in_pool}, {common_in_pool}, {common_in_pool, rare_in_pool}]
    refit = SkillWeights().fit_skill_sets(pool)
    assert weights.weight(common_in_pool) > weights.weight(rare_in_pool)
    assert refit.weight(common_in_pool) < refit.weight(rare_in_pool)
    assert refit.n_documents_ == len(pool)


def test_weights_of_an_unfitted_estimator_are_an_error():
    with pytest.raises(RuntimeError, match="not fitted"):
        SkillWeights().weight(uri("cash_register"))
