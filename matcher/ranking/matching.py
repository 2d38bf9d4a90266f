"""Matching in both directions: candidates for a vacancy, vacancies for a candidate.

One query runs in four steps:

1. **filter**: the hard filters (:mod:`matcher.ranking.hard_filters`) run over the whole pool,
   vectorised on the pool's filter table (:mod:`matcher.ranking.filter_table`), and give an
   allow-list, so a filtered-out record is never retrieved, never a result and never shifts a
   page; ``MatchPage.total`` counts the records that pass.
2. **retrieve**: the pool's vector search, restricted to the allow-list, returns the allowed
   records in order of vector similarity.
3. **re-rank**: that order is cut into blocks of ``rerank_depth`` records; each block is
   re-ranked by the full score (:mod:`matcher.ranking.scoring`), higher score first, ties by id.
4. **paginate**: ``offset``/``limit`` slice the re-ranked list. Only the blocks a page reaches
   are scored, and because the blocks do not depend on the page asked for, every page comes
   from the same order: pages never overlap or skip a record.

Only the records of the scored blocks are read from the pool; for each, ``HardFilters.check``
gives the filters that passed only for lack of data (the explanation's ``unverified``). A record
deleted, or changed so that it no longer passes, between filtering and scoring is left out.

Within the first ``rerank_depth`` vector hits the order is the score order; a record outside
them can only follow, however well its skills cover the vacancy (the price of not scoring the
whole pool).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np

from matcher.ranking.coverage import SkillCoverageScorer
from matcher.ranking.explanation import Match, MatchPage
from matcher.ranking.hard_filters import HardFilters
from matcher.ranking.near_skills import NearSkillCredit
from matcher.ranking.scoring import MatchScorer, RankingWeights, rank_key
from matcher.ranking.te_maken import TeMakenRule
from matcher.records import Profile, Vacancy
from matcher.storage.match_pool import AllowedRecords, MatchPool
from matcher.vectors.record_vectors import RecordVectoriser
from matcher.vectors.skill_vectors import SkillVectors
from matcher.vectors.skill_weights import SkillWeights
from taxonomy.errors import BadInputError
from taxonomy.taxonomy import Taxonomy

Vectorise = Callable[[Profile | Vacancy], np.ndarray]
Hits = list[tuple[str, float]]

MAX_LIMIT = 1000


class Matcher:
    """Ranks a pool's records for one query record, with explanations."""

    def __init__(
        self,
        scorer: MatchScorer,
        vectorise: Vectorise,
        filters: HardFilters | None = None,
        *,
        rerank_depth: int = 200,
    ) -> None:
        self.scorer = scorer
        self.vectorise = vectorise
        self.filters = filters
        self.rerank_depth = rerank_depth

    @classmethod
    def build(
        cls,
        taxonomy: Taxonomy,
        skill_vectors: SkillVectors,
        *,
        near_credit: NearSkillCredit | None = None,
        weights: RankingWeights | None = None,
        filters: HardFilters | None = None,
        te_maken: TeMakenRule | None = None,
        rerank_depth: int = 200,
    ) -> Matcher:
        """The default matcher: IDF fitted on the taxonomy's occupations, near-skill threshold
        calibrated on ``skill_vectors``, records vectorised by :class:`RecordVectoriser`.
        ``te_maken`` replaces the default rule (e.g. ``matcher.gaps.skill_gap.te_maken_rule`` with a
        training catalogue, so that each gap must be taught by a known course)."""
        coverage = SkillCoverageScorer(
            taxonomy,
            skill_vectors,
            SkillWeights().fit(taxonomy),
            (near_credit or NearSkillCredit()).fit(skill_vectors),
        )
        scorer = MatchScorer(coverage, te_maken or TeMakenRule(taxonomy), weights)
        vectorise = RecordVectoriser(skill_vectors).fit(taxonomy)
        return cls(scorer, vectorise, filters, rerank_depth=rerank_depth)

    def candidates_for(
        self,
        vacancy: Vacancy,
        pool: MatchPool[Profile],
        *,
        offset: int = 0,
        limit: int = 10,
        restrict_to: Collection[str] | None = None,
    ) -> MatchPage:
        """Profiles of ``pool`` for ``vacancy``, best first. ``restrict_to`` (e.g. the
        profiles a consent lets the caller see) limits the pool before filtering and ranking:
        other profiles are never scored, counted or paged."""
        self._check_page(offset, limit)
        filters = self.filters or HardFilters()
        allowed = pool.allowed(vacancy, filters, restrict_to)

        def score_block(hits: Hits) -> list[Match]:
            profiles = pool.get_many([profile_id for profile_id, _ in hits])
            matches = []
            for profile_id, cosine in hits:
                profile = profiles.get(profile_id)
                if profile is None:  # deleted since the filters ran
                    continue
                outcome = filters.check(vacancy, profile)
                if not outcome.passes:  # changed since the filters ran
                    continue
                score, why = self.scorer.score(
                    vacancy, profile, vector_similarity=cosine, filters=outcome
                )
                matches.append(Match(profile_id, "profile", None, score, why))
            return matches

        return self._page(self.vectorise(vacancy), allowed, score_block, offset, limit)

    def vacancies_for(
        self, profile: Profile, pool: MatchPool[Vacancy], *, offset: int = 0, limit: int = 10
    ) -> MatchPage:
        """Vacancies of ``pool`` for ``profile``, best first."""
        self._check_page(offset, limit)
        filters = self.filters or HardFilters()
        allowed = pool.allowed(profile, filters)

        def score_block(hits: Hits) -> list[Match]:
            vacancies = pool.get_many([vacancy_id for vacancy_id, _ in hits])
            matches = []
            for vacancy_id, cosine in hits:
                vacancy = vacancies.get(vacancy_id)
                if vacancy is None:  # deleted since the filters ran
                    continue
                outcome = filters.check(vacancy, profile)
                if not outcome.passes:  # changed since the filters ran
                    continue
                score, why = self.scorer.score(
                    vacancy, profile, vector_similarity=cosine, filters=outcome
                )
                matches.append(Match(vacancy_id, "vacancy", vacancy.title, score, why))
            return matches

        return self._page(self.vectorise(profile), allowed, score_block, offset, limit)

    def _check_page(self, offset: int, limit: int) -> None:
        if offset < 0:
            raise BadInputError(f"offset must be 0 or more, got {offset}")
        if not 1 <= limit <= MAX_LIMIT:
            raise BadInputError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
        if self.rerank_depth < 1:
            raise ValueError("rerank_depth must be at least 1")

    def _page(
        self,
        query_vector: np.ndarray,
        allowed: AllowedRecords,
        score_block: Callable[[Hits], list[Match]],
        offset: int,
        limit: int,
    ) -> MatchPage:
        depth = self.rerank_depth
        blocks = -(-(offset + limit) // depth)  # ceil: the blocks this page reaches
        k = min(allowed.total, blocks * depth)
        hits = allowed.search(query_vector, k) if k else []
        hits = sorted(hits, key=lambda hit: rank_key(hit[1], hit[0]))
        ranked: list[Match] = []
        for start in range(0, len(hits), depth):
            block = score_block(hits[start : start + depth])
            ranked.extend(sorted(block, key=lambda m: rank_key(m.score, m.id)))
        return MatchPage(
            matches=tuple(ranked[offset : offset + limit]),
            offset=offset,
            limit=limit,
            total=allowed.total,
            n_excluded=allowed.n_excluded,
            excluded=allowed.excluded,
        )
