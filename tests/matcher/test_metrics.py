import pytest

from matcher.evaluation.metrics import (
    average_precision,
    paired_bootstrap,
    r_precision_at,
    reciprocal_rank,
    success_at,
)


def test_reciprocal_rank_and_success():
    assert reciprocal_rank(["a", "b", "c"], {"c"}) == 1 / 3
    assert reciprocal_rank(["a"], {"z"}) == 0.0
    assert success_at(["a", "b", "c"], {"c"}, 2) == 0.0
    assert success_at(["a", "b", "c"], {"c"}, 3) == 1.0


def test_average_precision_counts_unretrieved_relevant_items_as_misses():
    assert average_precision(["x", "a", "y", "b"], {"a", "b"}) == (1 / 2 + 2 / 4) / 2
    assert average_precision(["a"], {"a", "b"}) == 0.5


def test_r_precision_divides_by_the_smaller_of_k_and_relevant():
    assert r_precision_at(["a", "x", "y"], {"a"}, 5) == 1.0
    assert r_precision_at(["a", "b", "x", "y", "z"], set("abcdefg"), 5) == 2 / 5


def test_paired_bootstrap_brackets_the_mean_difference_and_counts_items():
    base = [1.0, 0.5, 0.5, 1.0, 0.0, 1.0, 0.25, 1.0]
    other = [1.0, 1.0, 0.5, 0.5, 0.0, 1.0, 1.0, 1.0]
    result = paired_bootstrap(base, other, samples=2000)
    assert result.delta == pytest.approx((0.5 - 0.5 + 0.75) / 8)
    assert result.low < result.delta < result.high
    assert (result.worse, result.better) == (1, 2)
    assert paired_bootstrap(base, other, samples=2000) == result  # seeded
    clear = paired_bootstrap([0.0] * 20, [1.0] * 20, samples=500)
    assert clear.low == clear.high == 1.0
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0, 0.5])
