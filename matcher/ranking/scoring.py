"""The match score of one vacancy/profile pair and its explanation.

The score is a weighted mean of three parts, each in [0, 1]:

==========================  ======  ===========================================================
part                        weight  why
==========================  ======  ===========================================================
essential skill coverage     0.70   what the employer cannot do without: it must dominate
optional skill coverage      0.10   nice to have: all optional skills together count as much as
                                    a seventh of the essential coverage, so having every
                                    optional skill makes up for at most about one essential
                                    skill in seven (IDF-weighted); at 0.15 a person missing a
                                    generic essential skill of four but having the optional
                                    ones overtook one with all four (see the tests)
vector similarity            0.20   the retrieval cosine of the two record vectors: overall
                                    closeness, including the person's skills the vacancy does
                                    not list; with e5 these cosines bunch (about 0.8-0.95), so
                                    in practice it mostly orders equal coverages
==========================  ======  ===========================================================

A part that does not apply (a vacancy without optional skills) drops out and the remaining
weights are renormalised, so such a vacancy can still score 1. Coverage is IDF-weighted and gives
near skills partial credit (see :mod:`matcher.ranking.coverage`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from matcher.ranking.coverage import SkillCoverageScorer
from matcher.ranking.explanation import Explanation, ScoreParts
from matcher.ranking.hard_filters import FilterOutcome
from matcher.ranking.match_summary import summary_sentence
from matcher.ranking.te_maken import TeMakenRule
from matcher.records import Profile, Vacancy
from taxonomy.taxonomy import Taxonomy

#: Scores are compared at this many decimals; equal scores are ordered by id.
SCORE_DECIMALS = 9


@dataclass(frozen=True)
class RankingWeights:
    """Weights of the score parts (see the module docstring for the reasons)."""

    essential: float = 0.70
    optional: float = 0.10
    vector: float = 0.20

    def combine(self, parts: ScoreParts) -> float:
        """Weighted mean of the parts that apply."""
        pairs = [
            (self.essential, parts.essential_coverage),
            (self.optional, parts.optional_coverage),
            (self.vector, parts.vector_similarity),
        ]
        present = [(w, p) for w, p in pairs if p is not None and w > 0]
        total = sum(w for w, _ in present)
        return sum(w * p for w, p in present) / total if total else 0.0

    def combine_many(
        self, essential: np.ndarray, optional: np.ndarray, vector: np.ndarray
    ) -> np.ndarray:
        """:meth:`combine` for arrays of parts, NaN where a part does not apply; the same
        float64 operations in the same order, so each result equals ``combine``'s."""
        numerator = np.zeros(len(vector))
        denominator = np.zeros(len(vector))
        parts = ((self.essential, essential), (self.optional, optional), (self.vector, vector))
        for weight, part in parts:
            if weight > 0:
                present = ~np.isnan(part)
                numerator = numerator + np.where(present, weight * part, 0.0)
                denominator = denominator + np.where(present, weight, 0.0)
        has_parts = denominator > 0
        return np.where(has_parts, numerator / np.where(has_parts, denominator, 1.0), 0.0)


def rank_key(score: float, record_id: str) -> tuple[float, str]:
    """Sort key: higher score first, then id (deterministic order for ties)."""
    return (-round(score, SCORE_DECIMALS), record_id)


class MatchScorer:
    """Scores a vacancy/profile pair and explains the score."""

    def __init__(
        self,
        coverage: SkillCoverageScorer,
        te_maken: TeMakenRule,
        weights: RankingWeights | None = None,
    ) -> None:
        self.coverage = coverage
        self.te_maken = te_maken
        self.weights = weights
        self._labels: dict[tuple[str, tuple[str, ...]], str] = {}  # (URI, langs) → label

    def score(
        self,
        vacancy: Vacancy,
        profile: Profile,
        *,
        vector_similarity: float,
        filters: FilterOutcome | None = None,
    ) -> tuple[float, Explanation]:
        """The pair's score and explanation; ``vector_similarity`` is the retrieval cosine."""
        coverage = self.coverage.cover(
            [s.uri for s in vacancy.essential_skills],
            [s.uri for s in vacancy.optional_skills],
            profile.skill_uris,
        )
        parts = ScoreParts(
            essential_coverage=coverage.essential_skill_coverage,
            optional_coverage=coverage.optional_skill_coverage,
            vector_similarity=min(1.0, max(0.0, float(vector_similarity))),
        )
        te_maken = self.te_maken(coverage)
        unverified = filters.unverified if filters else ()
        explanation = Explanation(
            matched=coverage.matched,
            missing_essential=coverage.missing_essential,
            missing_optional=coverage.missing_optional,
            parts=parts,
            te_maken=te_maken,
            unverified=tuple(name.value for name in unverified),
            summary_nl=summary_sentence(
                coverage,
                te_maken=te_maken,
                unverified=unverified,
                lang="nl",
                label=partial(self._skill_label, langs=("nl", "en")),
            ),
            summary_en=summary_sentence(
                coverage,
                te_maken=te_maken,
                unverified=unverified,
                lang="en",
                label=partial(self._skill_label, langs=("en", "nl")),
            ),
        )
        return (self.weights or RankingWeights()).combine(parts), explanation

    def _skill_label(self, uri: str, *, langs: tuple[str, ...]) -> str:
        """:func:`skill_label`, remembered (the taxonomy is read-only)."""
        key = (uri, langs)
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = skill_label(self.coverage.taxonomy, uri, langs=langs)
        return label


def skill_label(taxonomy: Taxonomy, uri: str, *, langs: tuple[str, ...]) -> str:
    """The skill's preferred label in the first of ``langs`` it has; the URI if unknown."""
    skill = taxonomy.skills.get(uri)
    return skill.label(langs).text if skill else uri
