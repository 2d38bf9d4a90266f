"""Fitting the constants of text → skills: score calibration, threshold, Dutch offsets, margin.

Each function takes measured scores and returns the value that goes into the named constant
(``E5_SMALL_CALIBRATION``, ``DUTCH_LABEL_OFFSET``, ``DEFAULT_PROTOTYPE_MARGIN``);
``bench/skill_extraction.py --calibrate`` runs them on the development data and prints them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Thresholds tried when choosing the extraction threshold.
THRESHOLD_GRID: tuple[float, ...] = tuple(round(x, 2) for x in np.arange(0.05, 0.91, 0.05))


def fit_logistic(scores: np.ndarray, is_gold: np.ndarray) -> tuple[float, float]:
    """``(slope, intercept)`` of P(gold | score) (Platt scaling, nearly unregularised)."""
    from sklearn.linear_model import LogisticRegression

    scores = np.asarray(scores, dtype=np.float64).reshape(-1, 1)
    is_gold = np.asarray(is_gold, dtype=bool)
    if is_gold.all() or not is_gold.any():
        raise ValueError("calibration needs both gold and non-gold candidates")
    model = LogisticRegression(C=100.0).fit(scores, is_gold)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def best_threshold(
    probabilities: Sequence[np.ndarray],
    is_gold: Sequence[np.ndarray],
    n_gold: int,
    grid: Sequence[float] = THRESHOLD_GRID,
) -> tuple[float, dict[str, float]]:
    """The threshold maximising micro-F1 when each text keeps its candidates with p ≥ it.

    ``probabilities[i]``/``is_gold[i]`` are one text's candidates (e.g. its best five skills);
    ``n_gold`` counts every gold skill, found or not. Ties go to the higher threshold.
    """
    best = (-1.0, 0.0, {})
    for threshold in sorted(grid, reverse=True):
        kept = hits = 0
        for p, gold in zip(probabilities, is_gold, strict=True):
            mask = np.asarray(p) >= threshold
            kept += int(mask.sum())
            hits += int((mask & np.asarray(gold, dtype=bool)).sum())
        precision = hits / kept if kept else 0.0
        recall = hits / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best[0]:
            best = (f1, threshold, {"precision": precision, "recall": recall, "f1": f1})
    return best[1], best[2]


def language_offset(
    shares_by_offset: dict[float, float], target_share: float, tolerance: float = 0.02
) -> float:
    """The smallest offset whose share of top places (e.g. of Dutch-labelled skills in the top
    10 for Dutch text) is at most ``target_share + tolerance``; the largest tried otherwise."""
    for offset in sorted(shares_by_offset):
        if shares_by_offset[offset] <= target_share + tolerance:
            return offset
    return max(shares_by_offset)


def score_shift(reference: np.ndarray, shifted: np.ndarray) -> float:
    """Median of ``reference − shifted`` (e.g. English minus Dutch fused scores of the same
    gold skills of parallel texts)."""
    return float(np.median(np.asarray(reference) - np.asarray(shifted)))


def keep_margin(margins: np.ndarray, max_dropped: float) -> float:
    """The smallest prototype margin that flags at most ``max_dropped`` of texts that must be
    kept (their margins are given)."""
    margins = np.sort(np.asarray(margins, dtype=np.float64))
    if not len(margins):
        raise ValueError("no margins to calibrate on")
    allowed = int(np.floor(max_dropped * len(margins)))
    # flagged when margin >= threshold: place the threshold just above the (allowed+1)-th largest
    return float(margins[len(margins) - 1 - allowed] + 1e-4)
