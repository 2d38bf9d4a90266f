"""Ranking metrics over lists of ids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


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


@dataclass(frozen=True)
class PairedDelta:
    """Mean per-item difference ``other − base`` with a bootstrap confidence interval."""

    delta: float
    low: float
    high: float
    worse: int
    better: int


def paired_bootstrap(
    base: Sequence[float],
    other: Sequence[float],
    *,
    samples: int = 10_000,
    level: float = 0.95,
    seed: int = 0,
) -> PairedDelta:
    """Percentile bootstrap of the mean paired difference, resampling items (seeded)."""
    a, b = np.asarray(base, dtype=float), np.asarray(other, dtype=float)
    if a.shape != b.shape or a.ndim != 1 or not len(a):
        raise ValueError(f"need two equally long, non-empty score lists, got {a.shape}, {b.shape}")
    diff = b - a
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, len(diff), size=(samples, len(diff)))].mean(axis=1)
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return PairedDelta(
        float(diff.mean()), float(low), float(high), int((diff < 0).sum()), int((diff > 0).sum())
    )
