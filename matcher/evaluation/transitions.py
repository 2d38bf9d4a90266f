"""Evaluations of transition rankings that need no ground truth, and a Jaccard baseline.

There is no public Dutch ground truth for *overstapberoepen*, so each evaluation checks a
property a good feasibility score must have and can fail:

- :func:`hide_and_recover` (primary metric: ``mrr``): give a "person" a random part of an
  occupation's essential and optional skills; the occupation itself should rank near the top of
  the transitions from that person (MRR, recall@1/@10). Ties count half (expected rank under a
  random tie-break), so a scorer gains nothing from ties.
- :func:`asymmetry`: moving A → B is not B → A; and moving from a skill-rich occupation to a
  narrow one should be easier than the reverse.
- :func:`stability`: dropping one or two of the source's skills should barely change the top 20.

Scorers share one interface (:class:`TransitionScorer`): a score per occupation, in
``occupation_uris`` order, for a :class:`~matcher.transitions.source.TransitionSource`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy import sparse
from scipy.stats import spearmanr

from matcher.evaluation.metrics import mean
from matcher.transitions.finder import TransitionFinder
from matcher.transitions.source import TransitionSource, occupation_source
from taxonomy.taxonomy import Taxonomy


class TransitionScorer(Protocol):
    name: str
    occupation_uris: tuple[str, ...]

    def scores(self, source: TransitionSource) -> np.ndarray: ...


class FeasibilityScorer:
    """The product's feasibility (a fitted :class:`TransitionFinder`)."""

    def __init__(self, finder: TransitionFinder, name: str = "feasibility") -> None:
        self.finder = finder
        self.name = name

    @property
    def occupation_uris(self) -> tuple[str, ...]:
        return self.finder.matrix_.occupation_uris

    def scores(self, source: TransitionSource) -> np.ndarray:
        return self.finder.feasibility(source).feasibility


class JaccardBaseline:
    """Jaccard of the source's sure skills (certainty 1) with each target's essential skills.

    ``with_optional`` compares with the target's essential and optional skills instead.
    """

    def __init__(self, taxonomy: Taxonomy, *, with_optional: bool = False) -> None:
        self.taxonomy = taxonomy
        self.with_optional = with_optional
        self.name = "Jaccard essential+optional" if with_optional else "Jaccard essential"

    def fit(self) -> JaccardBaseline:
        self.occupation_uris = tuple(sorted(self.taxonomy.occupations))
        self.column_ = {uri: j for j, uri in enumerate(sorted(self.taxonomy.skills))}
        rows, cols = [], []
        for i, uri in enumerate(self.occupation_uris):
            occupation = self.taxonomy.occupations[uri]
            skills = set(occupation.essential_skills)
            if self.with_optional:
                skills |= set(occupation.optional_skills)
            for skill in skills & self.column_.keys():
                rows.append(i)
                cols.append(self.column_[skill])
        shape = (len(self.occupation_uris), len(self.column_))
        self.matrix_ = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape)
        self.sizes_ = np.asarray(self.matrix_.sum(axis=1)).ravel()
        return self

    def scores(self, source: TransitionSource) -> np.ndarray:
        sure = {self.column_[u] for u, p in source.skills.items() if p >= 1 and u in self.column_}
        indicator = np.zeros(self.matrix_.shape[1])
        indicator[list(sure)] = 1.0
        overlap = self.matrix_ @ indicator
        union = self.sizes_ + len(sure) - overlap
        return np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)


def expected_rank(scores: np.ndarray, target: int, excluded: np.ndarray | None = None) -> float:
    """1-based rank of ``target`` if ties were broken at random (ties count half)."""
    keep = np.ones(len(scores), dtype=bool) if excluded is None else ~excluded
    keep[target] = False
    others = scores[keep]
    return (
        1.0 + float((others > scores[target]).sum()) + 0.5 * float((others == scores[target]).sum())
    )


def sample_occupations(taxonomy: Taxonomy, n: int, seed: int, min_skills: int = 5) -> list[str]:
    """``n`` occupations (seeded) with at least ``min_skills`` essential + optional skills."""
    eligible = sorted(
        uri
        for uri, o in taxonomy.occupations.items()
        if len(set(o.essential_skills) | set(o.optional_skills)) >= min_skills
    )
    rng = np.random.default_rng(seed)
    return sorted(rng.choice(eligible, size=min(n, len(eligible)), replace=False).tolist())


# -- hide and recover -------------------------------------------------------------------------


@dataclass(frozen=True)
class RecoveryResult:
    mrr: float
    recall_at_1: float
    recall_at_10: float
    median_rank: float
    n: int

    primary_metric = "mrr"


def hidden_skill_source(
    taxonomy: Taxonomy, uri: str, keep: float, rng: np.random.Generator
) -> TransitionSource:
    """A person holding a random ``keep`` share (at least one) of an occupation's skills."""
    occupation = taxonomy.occupations[uri]
    skills = sorted(
        (set(occupation.essential_skills) | set(occupation.optional_skills))
        & taxonomy.skills.keys()
    )
    n = max(1, round(keep * len(skills)))
    held = rng.choice(len(skills), size=n, replace=False)
    return TransitionSource(label=f"hidden {uri}", skills={skills[i]: 1.0 for i in held})


def hide_and_recover(
    scorers: Sequence[TransitionScorer],
    taxonomy: Taxonomy,
    occupations: Sequence[str],
    *,
    keep: float = 0.6,
    seed: int = 0,
) -> dict[str, RecoveryResult]:
    """Rank of each occupation among transitions from a person with part of its skills.

    Every scorer sees the same sampled persons (one per occupation).
    """
    rng = np.random.default_rng(seed)
    sources = [hidden_skill_source(taxonomy, uri, keep, rng) for uri in occupations]
    out: dict[str, RecoveryResult] = {}
    for scorer in scorers:
        row = {uri: i for i, uri in enumerate(scorer.occupation_uris)}
        ranks = [
            expected_rank(scorer.scores(source), row[uri])
            for uri, source in zip(occupations, sources, strict=True)
        ]
        out[scorer.name] = RecoveryResult(
            mrr=mean([1.0 / r for r in ranks]),
            recall_at_1=mean([float(r <= 1) for r in ranks]),
            recall_at_10=mean([float(r <= 10) for r in ranks]),
            median_rank=float(np.median(ranks)),
            n=len(ranks),
        )
    return out


# -- asymmetry ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AsymmetryResult:
    share_asymmetric: float  # pairs with |f(A→B) - f(B→A)| > tolerance, among related pairs
    n_related_pairs: int  # pairs where max(f(A→B), f(B→A)) >= related
    rich_to_narrow_minus_reverse: float  # mean f(rich→narrow) - f(narrow→rich)
    share_rich_to_narrow_easier: float  # share of such pairs where rich→narrow is higher
    n_rich_narrow_pairs: int


def pairwise_scores(
    scorer: TransitionScorer, taxonomy: Taxonomy, occupations: Sequence[str], **source_options
) -> np.ndarray:
    """f[a, b] = score of moving from occupations[a] to occupations[b]."""
    row = {uri: i for i, uri in enumerate(scorer.occupation_uris)}
    columns = [row[uri] for uri in occupations]
    return np.stack(
        [
            scorer.scores(occupation_source(taxonomy, uri, **source_options))[columns]
            for uri in occupations
        ]
    )


def asymmetry(
    scores: np.ndarray,
    skill_counts: Sequence[int],
    *,
    tolerance: float = 0.05,
    related: float = 0.1,
    richer: float = 2.0,
) -> AsymmetryResult:
    """Asymmetry of a pairwise score matrix; "rich" has ≥ ``richer`` × the other's skills."""
    upper = np.triu_indices(len(scores), k=1)
    forward, backward = scores[upper], scores[upper[::-1]]
    relevant = np.maximum(forward, backward) >= related
    gap = np.abs(forward - backward)[relevant]
    counts = np.asarray(skill_counts, dtype=np.float64)
    a, b = upper
    rich_first = counts[a] >= richer * counts[b]
    rich_second = counts[b] >= richer * counts[a]
    rich_to_narrow = np.concatenate([forward[rich_first], backward[rich_second]])
    narrow_to_rich = np.concatenate([backward[rich_first], forward[rich_second]])
    pair_related = np.concatenate([relevant[rich_first], relevant[rich_second]])
    diff = (rich_to_narrow - narrow_to_rich)[pair_related]
    return AsymmetryResult(
        share_asymmetric=float((gap > tolerance).mean()) if len(gap) else 0.0,
        n_related_pairs=int(relevant.sum()),
        rich_to_narrow_minus_reverse=float(diff.mean()) if len(diff) else 0.0,
        share_rich_to_narrow_easier=float((diff > 0).mean()) if len(diff) else 0.0,
        n_rich_narrow_pairs=len(diff),
    )


# -- stability ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StabilityResult:
    spearman_top: float  # rank correlation of the top-k under perturbation
    overlap_top: float  # share of the top-k still in the top-k
    n: int


def stability(
    scorer: TransitionScorer,
    finder: TransitionFinder,
    taxonomy: Taxonomy,
    occupations: Sequence[str],
    *,
    top: int = 20,
    drops: Sequence[int] = (1, 2),
    seed: int = 0,
) -> StabilityResult:
    """Top-``top`` rank correlation after dropping ``drops`` random source skills.

    The source's own occupation and its variants are excluded as in the product
    (``finder.excluded``), for every scorer alike. Spearman's rho compares the positions of the
    original top-``top`` in the original and the perturbed full rankings.
    """
    rng = np.random.default_rng(seed)
    rhos: list[float] = []
    overlaps: list[float] = []
    for uri in occupations:
        source = occupation_source(taxonomy, uri)
        excluded = finder.excluded(source)
        before = _positions(scorer.scores(source), excluded)
        original_top = np.argsort(before)[:top]
        for n_drop in drops:
            skills = sorted(source.skills)
            if len(skills) <= n_drop:
                continue
            dropped = set(rng.choice(skills, size=n_drop, replace=False))
            smaller = TransitionSource(
                label=source.label,
                skills={u: p for u, p in source.skills.items() if u not in dropped},
                occupations=source.occupations,
                skill_level=source.skill_level,
                uri=source.uri,
            )
            after = _positions(scorer.scores(smaller), excluded)
            rho = spearmanr(before[original_top], after[original_top]).statistic
            rhos.append(float(rho) if np.isfinite(rho) else 0.0)
            overlaps.append(float((after[original_top] < top).mean()))
    return StabilityResult(spearman_top=mean(rhos), overlap_top=mean(overlaps), n=len(rhos))


def _positions(scores: np.ndarray, excluded: np.ndarray) -> np.ndarray:
    """Position of each occupation in the ranking (higher score first, ties by index);
    excluded occupations go last."""
    key = np.where(excluded, -np.inf, np.round(scores, 9))
    order = np.lexsort((np.arange(len(scores)), -key))
    positions = np.empty(len(scores), dtype=np.int64)
    positions[order] = np.arange(len(scores))
    return positions
