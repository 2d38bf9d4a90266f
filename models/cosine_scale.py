"""Put a fine-tuned model's cosines on its base model's scale.

Contrastive fine-tuning spreads cosines out: unrelated labels that e5-small puts at ~0.8 end up
far lower. Everything downstream that adds a constant to a cosine or compares one with a
threshold (the skill ranker's lexical bonus and Dutch-label offset, the extraction calibration,
near-skill credit in matching and transitions) was tuned on the base model's scale and would
silently change meaning. So a fine-tuned model carries one number, ``a``, fitted on the taxonomy
alone (never the dev sets), and its cosines become

    cos' = a · cos + (1 − a)

(the line through (1, 1) closest, in least squares, to the base model's cosines of the same
label pairs). Ranking by one model alone is unchanged; only sums with other signals and
thresholds see the difference. It is applied to the vectors: a unit vector ``v`` becomes
``[√a · v, √(1 − a)]``, still of unit length, whose dot products are exactly ``cos'``, so every
index and cache stays a plain inner-product store (one dimension more).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from taxonomy import Taxonomy

if TYPE_CHECKING:
    from models.encoder import TextEncoder

#: Labels sampled from the taxonomy for the fit.
SAMPLE_CONCEPTS = 600


def apply_scale(vectors: np.ndarray, scale: float) -> np.ndarray:
    """Unit rows ``v`` → ``[√scale · v, √(1 − scale)]`` (float32, one column more)."""
    if not 0.0 < scale <= 1.0:
        raise ValueError(f"a cosine scale lies in (0, 1], got {scale}")
    out = np.empty((vectors.shape[0], vectors.shape[1] + 1), dtype=np.float32)
    out[:, :-1] = vectors * np.float32(np.sqrt(scale))
    out[:, -1] = np.float32(np.sqrt(1.0 - scale))
    return out


def calibration_pairs(
    taxonomy: Taxonomy, seed: int = 0, concepts: int = SAMPLE_CONCEPTS
) -> tuple[list[str], list[tuple[int, int]]]:
    """Texts and index pairs to fit on: unrelated pairs (every pair of sampled preferred
    labels) and related ones (an alternative label with its preferred label, an occupation
    with one of its essential skills), half of the pairs each."""
    rng = random.Random(seed)
    uris = sorted(taxonomy.occupations) + sorted(taxonomy.skills)
    texts: list[str] = []
    index: dict[str, int] = {}

    def at(text: str) -> int:
        if text not in index:
            index[text] = len(texts)
            texts.append(text)
        return index[text]

    preferred: list[int] = []
    related: list[tuple[int, int]] = []
    for uri in rng.sample(uris, min(concepts, len(uris))):
        concept = taxonomy.get(uri)
        label = concept.labels.best(("nl", "en"))
        if not label.text:
            continue
        row = at(label.text)
        preferred.append(row)
        alternatives = concept.labels.alternative.get(label.lang, ())
        if alternatives:
            related.append((at(rng.choice(list(alternatives))), row))
        essential = [s for s in getattr(concept, "essential_skills", ()) if s in taxonomy.skills]
        if essential:
            skill = taxonomy.skills[rng.choice(sorted(essential))].labels.best((label.lang, "en"))
            related.append((row, at(skill.text)))
    unrelated = [(i, j) for n, i in enumerate(preferred) for j in preferred[n + 1 :]]
    unrelated = rng.sample(unrelated, min(len(unrelated), max(len(related), 1)))
    return texts, unrelated + related


def fit_scale(base: np.ndarray, tuned: np.ndarray) -> float:
    """The ``a`` of ``a · (tuned − 1) ≈ base − 1`` in least squares, clipped to (0, 1]."""
    x = np.asarray(tuned, dtype=np.float64) - 1.0
    y = np.asarray(base, dtype=np.float64) - 1.0
    denominator = float(x @ x)
    if denominator == 0.0:
        return 1.0
    return float(np.clip((x @ y) / denominator, 1e-3, 1.0))


def fit_cosine_scale(
    taxonomy: Taxonomy, base: TextEncoder, tuned: TextEncoder, seed: int = 0
) -> float:
    """The cosine scale that puts ``tuned`` on ``base``'s scale. ``tuned`` must be unscaled;
    ``base`` is taken as it serves (a fine-tuned base's own scale is then the target)."""
    texts, pairs = calibration_pairs(taxonomy, seed)
    reference = _pair_cosines(base.encode(texts), pairs)
    return fit_scale(reference, _pair_cosines(tuned.encode(texts), pairs))


def _pair_cosines(vectors: np.ndarray, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    rows = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return np.einsum("ij,ij->i", vectors[rows[:, 0]], vectors[rows[:, 1]])
