from matcher.evaluation.metrics import (
    average_precision,
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
