"""Match scores of a whole re-ranked block at once, without explanations.

Re-ranking orders a block of retrieved records by :meth:`MatchScorer.score
<matcher.ranking.scoring.MatchScorer.score>`, but only the matches on the page need their
explanation (labels, missing lists, sentences). :class:`BlockScorer` computes the same score for
every pair of a block with a few array operations: the required skills' IDF weights, exact
coverage as an id comparison, near-skill credit from the required skills' neighbour lists
(:class:`~matcher.ranking.near_skills.NearNeighbours`: the skills whose cosine reaches the
near-credit threshold, computed once per skill; a pair below it earns no credit, so no other
cosine is needed and no person skill's vector is read), the best cosine per required skill as a
max over the person's skills, the weighted shares and :meth:`RankingWeights.combine_many
<matcher.ranking.scoring.RankingWeights.combine_many>`.

**How close.** Every step is the float64 arithmetic of ``MatchScorer`` except two: the cosines
come from another matrix product than the pair's own, and the weighted shares add up in another
order. Two float32 dot products of the same ``d``-dimensional vectors summed in different orders
differ by at most ``2·γ_d·|x|·|y|`` (``γ_d = d·u / (1 − d·u)``, ``u = 2⁻²⁴``), and a cosine off
by ``e`` moves the score by at most ``slope·e`` (the near-credit slope, see
:attr:`NearSkillCredit.slope <matcher.ranking.near_skills.NearSkillCredit.slope>`; the score is a
weighted mean of credits). :attr:`BlockScorer.max_error` is that bound: 4.5e-4 for the 384-d
e5 vectors and threshold 0.898, while the differences measured on 6,000 synthetic pairs of the
bundled taxonomy stay below 1e-6 (most scores are equal). The matcher uses the bound to find
the records whose order such a difference could change and scores those exactly, so the ranking
it returns is the one of ``MatchScorer.score`` (see :mod:`matcher.ranking.matching`).

Only ``MatchScorer`` with :class:`~matcher.ranking.coverage.SkillCoverageScorer`,
:class:`~matcher.vectors.skill_weights.SkillWeights`,
:class:`~matcher.ranking.near_skills.NearSkillCredit` and
:class:`~matcher.ranking.scoring.RankingWeights` is mirrored: a subclass that changes a rule is
not seen here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from weakref import WeakKeyDictionary

import numpy as np

from matcher.ranking.coverage import SkillCoverageScorer
from matcher.ranking.near_skills import NearNeighbours
from matcher.ranking.scoring import MatchScorer, RankingWeights
from matcher.ranking.skill_lists import PackedSkills, PersonSkills, RequiredSkills, SkillVocabulary

#: float32 unit roundoff
_U32 = 2.0**-24
#: float64 slack for the weighted sums' order (far above their ~1e-15 differences)
_FLOAT64_SLACK = 1e-12


@dataclass(frozen=True)
class _PerNumber:
    """What the scorer needs per number of a :class:`SkillVocabulary`."""

    rows: np.ndarray  # int64 skill-vector row (-1: a skill the vectors do not know)
    weights: np.ndarray  # float64 IDF weight


class BlockScorer:
    """The scores of ``MatchScorer.score`` for many pairs at once (no explanations)."""

    def __init__(self, scorer: MatchScorer) -> None:
        self.scorer = scorer
        self._per_number: WeakKeyDictionary[SkillVocabulary, _PerNumber] = WeakKeyDictionary()

    @property
    def _coverage(self) -> SkillCoverageScorer:
        return self.scorer.coverage

    @cached_property
    def max_error(self) -> float:
        """The most a score here may differ from ``MatchScorer.score``'s (module docstring)."""
        vectors = self._coverage.skill_vectors.vectors
        dim = vectors.shape[1] if vectors.ndim == 2 else 0
        gamma = dim * _U32 / (1.0 - dim * _U32)
        norm = float(np.max(np.linalg.norm(vectors.astype(np.float64), axis=1), initial=0.0))
        cosine_error = 2.0 * gamma * norm * norm
        return self._coverage.near_credit.slope * cosine_error + _FLOAT64_SLACK

    def for_persons(
        self, required: RequiredSkills, persons: PackedSkills, vector_similarity: Sequence[float]
    ) -> np.ndarray:
        """Scores of one vacancy's ``required`` skills against each of ``persons`` (candidates
        for a vacancy); ``vector_similarity``: each pair's retrieval cosine."""
        uris = [*required.essential, *required.optional]
        n_essential = len(required.essential)
        vocabulary = persons.vocabulary
        # every person skill of the block, once: a column of the cosine matrix
        union, inverse = np.unique(persons.numbers, return_inverse=True)
        columns = _padded(persons.lengths, inverse, pad=len(union))  # (persons, most skills)
        required_numbers = np.array([_number(vocabulary, uri) for uri in uris], dtype=np.int64)
        at = np.minimum(np.searchsorted(union, required_numbers), max(len(union) - 1, 0))
        in_union = (union[at] == required_numbers) if len(union) else np.zeros(len(uris), bool)
        has = np.zeros((len(persons), len(union) + 1), dtype=bool)  # person → has column
        has[np.arange(len(persons))[:, None], columns] = True
        has[:, -1] = False  # the pad column, also where a required skill is in no list
        exact = has[:, np.where(in_union, at, len(union))]
        row_of = self._coverage.skill_vectors.row
        required_rows = np.array([row_of.get(uri, -1) for uri in uris], dtype=np.int64)
        cosines = self._cosines(self._numbered(vocabulary).rows[union], required_rows)
        best = cosines[columns].max(axis=1)  # (persons, required): the closest own skill
        credits = np.where(exact, 1.0, self._coverage.near_credit.credit(best))
        weights = self._coverage.weights.weights(uris)
        essential = _shares(credits[:, :n_essential], weights[:n_essential], len(persons))
        optional = _shares(credits[:, n_essential:], weights[n_essential:], len(persons))
        return self._combine(essential, optional, vector_similarity)

    def for_requirements(
        self, person: PersonSkills, required: PackedSkills, vector_similarity: Sequence[float]
    ) -> np.ndarray:
        """Scores of one ``person`` against each vacancy's required skills in ``required``
        (vacancies for a candidate); ``vector_similarity``: each pair's retrieval cosine."""
        if required.n_essential is None:
            raise ValueError("required skills need their essential counts")
        vocabulary = required.vocabulary
        numbered = self._numbered(vocabulary)
        # every required skill of the block, once
        union, inverse = np.unique(required.numbers, return_inverse=True)
        positions = _padded(required.lengths, inverse, pad=len(union))  # (vacancies, most)
        have = set(person)
        own_numbers = [n for uri in have if (n := vocabulary.number(uri)) is not None]
        exact = np.isin(union, np.array(own_numbers, dtype=np.int64))
        row_of = self._coverage.skill_vectors.row
        own_rows = np.array([row_of[uri] for uri in sorted(have) if uri in row_of], np.int64)
        best = self._cosines(numbered.rows[union], own_rows)[:-1].max(axis=1, initial=-np.inf)
        credit = np.where(exact, 1.0, self._coverage.near_credit.credit(best))
        credits = np.append(credit, 0.0)[positions]  # the pad position gets no credit
        weights = np.append(numbered.weights[union], 0.0)[positions]
        slot = np.arange(positions.shape[1])[None, :]
        is_essential = slot < required.n_essential[:, None]
        is_optional = ~is_essential & (slot < required.lengths[:, None])
        essential = _masked_shares(credits, weights, is_essential)
        optional = _masked_shares(credits, weights, is_optional)
        return self._combine(essential, optional, vector_similarity)

    def _numbered(self, vocabulary: SkillVocabulary) -> _PerNumber:
        """Skill-vector rows and IDF weights per number of ``vocabulary``, kept and extended
        as the (append-only) vocabulary grows."""
        known = self._per_number.get(vocabulary)
        n = len(vocabulary)
        if known is not None and len(known.rows) >= n:
            return known
        start = 0 if known is None else len(known.rows)
        new = vocabulary.uris[start:n]
        row_of = self._coverage.skill_vectors.row
        rows = np.fromiter((row_of.get(uri, -1) for uri in new), dtype=np.int64, count=len(new))
        weights = self._coverage.weights.weights(new)
        if known is not None:
            rows = np.concatenate([known.rows, rows])
            weights = np.concatenate([known.weights, weights])
        known = self._per_number[vocabulary] = _PerNumber(rows, weights)
        return known

    @cached_property
    def _neighbours(self) -> NearNeighbours:
        coverage = self._coverage
        return NearNeighbours(coverage.skill_vectors.vectors, coverage.near_credit.threshold_)

    def _cosines(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """float32 cosines of skill-vector rows ``rows[i]`` and ``columns[j]`` where they reach
        the near-credit threshold, -inf elsewhere (no credit either way) and where one is
        unknown (-1), plus a last row of -inf (for padding). Looked up in the columns'
        neighbour lists: no vector of ``rows`` is read."""
        out = np.full((len(rows) + 1, len(columns)), -np.inf, dtype=np.float32)
        if not len(rows):
            return out
        # cosine with the current column per skill-vector row; the last entry stays -inf and
        # is what an unknown row (-1) reads
        lookup = np.full(len(self._coverage.skill_vectors.vectors) + 1, -np.inf, np.float32)
        for j, neighbours in enumerate(self._neighbours.of(columns.tolist())):
            if neighbours is None:
                continue
            near_rows, near_cosines = neighbours
            lookup[near_rows] = near_cosines
            out[:-1, j] = lookup[rows]
            lookup[near_rows] = -np.inf
        return out

    def _combine(
        self, essential: np.ndarray, optional: np.ndarray, vector_similarity: Sequence[float]
    ) -> np.ndarray:
        # MatchScorer clips with min(1, max(0, x)), which turns NaN into 0: fmax does the same
        vector = np.minimum(np.fmax(np.asarray(vector_similarity, dtype=np.float64), 0.0), 1.0)
        return (self.scorer.weights or RankingWeights()).combine_many(essential, optional, vector)


def _number(vocabulary: SkillVocabulary, uri: str) -> int:
    found = vocabulary.number(uri)
    return -1 if found is None else found


def _padded(lengths: np.ndarray, flat: np.ndarray, *, pad: int) -> np.ndarray:
    """Rows of ``lengths`` consecutive values of ``flat``, padded with ``pad`` to one width."""
    counts = np.asarray(lengths, dtype=np.int64)
    width = max(int(counts.max(initial=0)), 1)
    out = np.full((len(counts), width), pad, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    row = np.repeat(np.arange(len(counts)), counts)
    out[row, np.arange(len(flat)) - np.repeat(starts, counts)] = flat
    return out


def _shares(credits: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """IDF-weighted share of credit per row; NaN for every row when there are no skills."""
    if len(weights) == 0:
        return np.full(n, np.nan)
    return credits @ weights / weights.sum()


def _masked_shares(credits: np.ndarray, weights: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """IDF-weighted share of credit per row over the ``mask``-ed columns; NaN where none."""
    weight = np.where(mask, weights, 0.0)
    has_skills = mask.any(axis=1)
    total = np.where(has_skills, weight.sum(axis=1), 1.0)
    return np.where(has_skills, (credits * weight).sum(axis=1) / total, np.nan)
