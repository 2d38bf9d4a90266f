"""Partial credit for a near skill: when is a person's skill close enough to a required one?

The cosine between two skill vectors only means something relative to the model: with
multilingual-e5-small, cosines between *any* two ESCO skills bunch between 0.75 and 0.95. So the
threshold is calibrated on the skill vectors themselves (``fit``): it is the ``random_quantile``
quantile of the cosines of random skill pairs, i.e. the cosine that only a fraction
``1 - random_quantile`` of unrelated pairs reach. Credit then rises linearly from 0 at the
threshold to 1 at cosine 1, capped at ``ceiling`` so that a near skill never counts as much as
the skill itself::

    credit(cos) = min(ceiling, (cos - threshold_) / (1 - threshold_))   if cos >= threshold_

Measured on the bundled ESCO skills (13,896 English preferred labels, multilingual-e5-small;
300,000 random pairs, all 886,506 pairs of essential skills of one occupation, all 6,565 pairs of
a skill and its broader skill):

======================  =======  =======  =======  =======  =======
cosine quantile          0.50     0.90     0.99     0.997    0.999
======================  =======  =======  =======  =======  =======
random pairs             0.800    0.828    0.862    0.881    0.898
same occupation          0.829    0.878    0.927    0.949    0.964
======================  =======  =======  =======  =======  =======

Skill/broader-skill pairs: median 0.887, 10th-90th percentile 0.824-0.938. The default quantile,
0.999, gives a threshold of 0.898 (``fit`` over all pairs of 2,000 sampled skills: 0.898-0.899
for seeds 0-3). 0.1% of random pairs, 4.0% of same-occupation pairs and 41% of skill/broader
pairs reach it. Because each required skill is compared with all of a person's skills and the
best one counts, a person with 30 unrelated skills still gets (mostly tiny) credit for about 3%
of unrelated required skills. Quantile 0.997 (threshold 0.882) reached 55% of broader pairs but
fired for 8% of unrelated required skills, and in a spot check on real occupations it added
near-threshold pairs such as "politics" ~ "economics" (0.890) or "statistics" ~ "economics"
(0.884) that hid real gaps from the missing lists. Examples at 0.898: "advise on public finance"
~ "advise on financial matters" 0.941 (credit 0.42), "civil law" ~ "commercial law" 0.912
(0.14), "Python" ~ "computer programming" 0.913 (0.15); "JavaScript" ~ "Python" 0.879,
"Dutch" ~ "English" 0.884 and "operate cash register" ~ "stock shelves" 0.816 get none.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matcher.vectors.skill_vectors import SkillVectors

#: Threshold measured with multilingual-e5-small (see the module docstring); ``fit`` recomputes
#: it for whatever model made the vectors.
E5_SMALL_THRESHOLD = 0.898


class NearSkillCredit:
    """Cosine → partial credit for a near skill, with a threshold calibrated by ``fit``.

    ``threshold``: a fixed threshold (``fit`` then keeps it); None (default) calibrates it.
    """

    def __init__(
        self,
        *,
        threshold: float | None = None,
        random_quantile: float = 0.999,
        ceiling: float = 0.8,
        n_rows: int = 2_000,
        seed: int = 0,
    ) -> None:
        self.threshold = threshold
        self.random_quantile = random_quantile
        self.ceiling = ceiling
        self.n_rows = n_rows
        self.seed = seed

    def fit(self, skill_vectors: SkillVectors) -> NearSkillCredit:
        """Learn ``threshold_`` from random skill pairs (deterministic for a given seed)."""
        if not 0 < self.ceiling < 1:
            raise ValueError("ceiling must lie strictly between 0 and 1")
        if self.threshold is not None:
            self.threshold_ = float(self.threshold)
            return self
        cosines = random_pair_cosines(skill_vectors.vectors, self.n_rows, self.seed)
        if len(cosines) == 0:
            raise ValueError("need at least two skill vectors to calibrate near-skill credit")
        self.threshold_ = float(np.quantile(cosines, self.random_quantile))
        return self

    def credit(self, cosines: np.ndarray | float) -> np.ndarray:
        """Credit in [0, ceiling] per cosine; 0 below the threshold."""
        t = self._threshold()
        c = np.asarray(cosines, dtype=np.float64)
        scaled = (c - t) / (1.0 - t) if t < 1.0 else np.zeros_like(c)
        return np.where(c >= t, np.clip(scaled, 0.0, self.ceiling), 0.0)

    def credit_of(self, cosine: float) -> float:
        """``credit`` of one cosine, as a float: the same value without numpy's per-call cost
        (the arithmetic is the same IEEE float64 arithmetic, so the results are equal)."""
        t = self._threshold()
        if not cosine >= t:
            return 0.0
        scaled = (cosine - t) / (1.0 - t) if t < 1.0 else 0.0
        return min(max(scaled, 0.0), self.ceiling)

    @property
    def slope(self) -> float:
        """The most credit changes per unit of cosine: ``1 / (1 - threshold_)`` (0 when the
        threshold is 1 or more, where no cosine earns credit). A cosine off by ``e`` changes the
        credit by at most ``slope * e``."""
        t = self._threshold()
        return 1.0 / (1.0 - t) if t < 1.0 else 0.0

    def _threshold(self) -> float:
        if not hasattr(self, "threshold_"):
            raise RuntimeError("NearSkillCredit is not fitted: call fit(skill_vectors) first")
        return self.threshold_


def random_pair_cosines(vectors: np.ndarray, n_rows: int, seed: int) -> np.ndarray:
    """Cosines of every pair of ``n_rows`` randomly chosen rows (rows are unit vectors).

    All pairs of a row sample rather than independent random pairs: one matrix product, and
    2,000 rows give about two million pairs, so a 0.999 quantile rests on ~2,000 of them.
    """
    n = len(vectors)
    if n < 2:
        return np.zeros(0, dtype=np.float32)
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(n, size=min(n, n_rows), replace=False))
    sample = vectors[rows]
    gram = sample @ sample.T
    return gram[np.triu_indices(len(rows), k=1)]


#: Skills whose neighbours one matrix product computes (bounds its size: rows × chunk floats).
_NEIGHBOUR_CHUNK = 256


class NearNeighbours:
    """Per skill-vector row, the rows whose cosine with it reaches ``threshold``, and those
    cosines: the only pairs that earn near-skill credit. Computed on first use, one matrix
    product for all the rows asked at once, and kept (a few dozen entries per skill at the
    default 0.999 quantile, so at most a few MB for the whole taxonomy).

    Block scoring asks for the neighbours of a few required skills instead of gathering every
    person skill of a block and multiplying them all (:mod:`matcher.ranking.block_scores`).
    """

    def __init__(self, vectors: np.ndarray, threshold: float) -> None:
        self.vectors = vectors
        self.threshold = threshold
        self._known: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def of(self, rows: Sequence[int]) -> list[tuple[np.ndarray, np.ndarray] | None]:
        """``(neighbour rows, float32 cosines)`` per row of ``rows``; None for -1 (unknown)."""
        missing = sorted({int(r) for r in rows if r >= 0 and r not in self._known})
        for start in range(0, len(missing), _NEIGHBOUR_CHUNK):
            chunk = missing[start : start + _NEIGHBOUR_CHUNK]
            cosines = self.vectors @ self.vectors[chunk].T  # (all rows, chunk)
            for j, row in enumerate(chunk):
                near = np.flatnonzero(cosines[:, j] >= self.threshold)
                self._known[row] = (near, cosines[near, j].copy())
        return [self._known[int(r)] if r >= 0 else None for r in rows]
