"""Transitions on the bundled taxonomy with the real model: properties the bench measures."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def runtime():
    from api.runtime import Runtime
    from api.settings import Settings

    return Runtime(Settings())


def test_hidden_occupations_are_recovered_better_than_by_jaccard(runtime):
    from matcher.evaluation.transitions import FeasibilityScorer, JaccardBaseline, hide_and_recover

    taxonomy = runtime.taxonomy
    eligible = sorted(
        uri
        for uri, o in taxonomy.occupations.items()
        if len(set(o.essential_skills) | set(o.optional_skills)) >= 5
    )
    sample = eligible[::60]  # about 50, spread over the URI order
    product = FeasibilityScorer(runtime.transition_finder, "product")
    results = hide_and_recover(
        [product, JaccardBaseline(taxonomy).fit()], taxonomy, sample, keep=0.6
    )
    assert results["product"].recall_at_10 >= 0.9
    assert results["product"].mrr >= results["Jaccard essential"].mrr


def test_moving_from_a_rich_to_a_narrow_occupation_is_mostly_easier(runtime):
    from matcher.evaluation.transitions import FeasibilityScorer, asymmetry, pairwise_scores

    taxonomy = runtime.taxonomy
    sample = sorted(taxonomy.occupations)[::30]  # about 100
    counts = [
        len(
            set(taxonomy.occupations[u].essential_skills)
            | set(taxonomy.occupations[u].optional_skills)
        )
        for u in sample
    ]
    scores = pairwise_scores(FeasibilityScorer(runtime.transition_finder), taxonomy, sample)
    result = asymmetry(scores, counts)
    assert result.n_rich_narrow_pairs >= 10
    assert result.rich_to_narrow_minus_reverse > 0
    assert result.share_rich_to_narrow_easier > 0.8
