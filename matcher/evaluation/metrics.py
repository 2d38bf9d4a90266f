"""Ranking metrics over lists of ids."""

from __future__ import annotations

from collections.abc import Sequence


def first_relevant_rank(ranked: Sequence[str], relevant: set[str]) -> int:
    """1-based rank of the first relevant id, 0 when none is ranked."""
    return next((i for i, item in enumerate(ranked, 1) if item in relevant), 0)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    rank = first_relevant_rank(ranked, relevant)
    return 1.0 / rank if rank else 0.0


def success_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    rank = first_relevant_rank(ranked, relevant)
    return 1.0 if 0 < rank <= k else 0.0


def average_precision(ranked: Sequence[str], relevant: set[str]) -> float:
    """AP over the ranked list; relevant ids missing from the list count as not retrieved."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, item in enumerate(ranked, 1):
        if item in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def r_precision_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Relevant ids among the first k, divided by min(k, |relevant|) (skill extraction papers)."""
    if not relevant:
        return 0.0
    return sum(item in relevant for item in ranked[:k]) / min(k, len(relevant))


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
