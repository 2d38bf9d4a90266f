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

**Re-ranking without explaining every record.** A block is ordered by scores computed for the
whole block at once (:class:`~matcher.ranking.block_scores.BlockScorer`), which lie within
``max_error`` of ``MatchScorer.score``'s. Only the records on the page are explained: they are
scored by ``MatchScorer.score`` (score and explanation), together with every record whose fast
score lies so close to a page edge (a chain of gaps under ``2 · max_error``, plus rounding) that
the difference could change which side of the edge it falls; those are ordered by their exact
scores. Records farther away cannot swap, so the page is the one scoring every record of the
block exactly would give: same ids, order, scores and explanations.

**What is read.** When the pool keeps its records' skills in memory (:meth:`AllowedRecords.skills
<matcher.storage.match_pool.AllowedRecords.skills>`), the block is ordered from those, and only
the page's records are read from the pool (:meth:`MatchPool.get_many`); for each,
``HardFilters.check`` gives the filters that passed only for lack of data (the explanation's
``unverified``). If a page record was deleted, changed its skills, or no longer passes since the
filters ran, the block is ranked again from records read from the pool. A pool without skills
in memory has the block's records read and checked: a record deleted, or changed so that it no
longer passes, between filtering and scoring is left out.

Within the first ``rerank_depth`` vector hits the order is the score order; a record outside
them can only follow, however well its skills cover the vacancy (the price of not scoring the
whole pool).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic

import numpy as np

from matcher.ranking.block_scores import BlockScorer
from matcher.ranking.coverage import SkillCoverageScorer
from matcher.ranking.explanation import Match, MatchPage
from matcher.ranking.hard_filters import FilterOutcome, HardFilters
from matcher.ranking.near_skills import NearSkillCredit
from matcher.ranking.scoring import SCORE_DECIMALS, MatchScorer, RankingWeights, rank_key
from matcher.ranking.skill_lists import PackedSkills, RequiredSkills, person_skills
from matcher.ranking.te_maken import TeMakenRule
from matcher.records import Profile, Vacancy
from matcher.storage.match_pool import AllowedRecords, MatchPool, R
from matcher.vectors.record_vectors import RecordVectoriser
from matcher.vectors.skill_vectors import SkillVectors
from matcher.vectors.skill_weights import SkillWeights
from taxonomy.errors import BadInputError
from taxonomy.taxonomy import Taxonomy

Vectorise = Callable[[Profile | Vacancy], np.ndarray]
Hits = list[tuple[str, float]]

MAX_LIMIT = 1000

#: Beyond twice the fast scores' error, what rounding to ``SCORE_DECIMALS`` may add to a gap.
_ROUNDING_SLACK = 10.0 ** -(SCORE_DECIMALS - 1)


@dataclass(frozen=True)
class _Side(Generic[R]):
    """What ranking a block needs of one direction; ``R`` is the kind of the pool's records."""

    read: Callable[[Sequence[str]], Mapping[str, R]]  # the pool's get_many
    remembered: Callable[[Sequence[str]], PackedSkills | None]  # the pool's skills in memory
    pack: Callable[[Sequence[R]], PackedSkills]  # the skills of records read
    same_skills: Callable[[PackedSkills, int, R], bool]  # remembered skills i == the record's
    fast_scores: Callable[[PackedSkills, np.ndarray], np.ndarray]  # BlockScorer, cosines
    check: Callable[[R], FilterOutcome]
    match: Callable[[str, R, float, FilterOutcome], Match]  # MatchScorer.score


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
        self._block_scorer: BlockScorer | None = None

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

    @property
    def block_scorer(self) -> BlockScorer:
        """The fast, explanation-free scores of ``scorer`` for whole blocks."""
        if self._block_scorer is None or self._block_scorer.scorer is not self.scorer:
            self._block_scorer = BlockScorer(self.scorer)
        return self._block_scorer

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
        required, blocks = RequiredSkills.of(vacancy), self.block_scorer

        def match(
            profile_id: str, profile: Profile, cosine: float, outcome: FilterOutcome
        ) -> Match:
            score, why = self.scorer.score(
                vacancy, profile, vector_similarity=cosine, filters=outcome
            )
            return Match(profile_id, "profile", None, score, why)

        side = _Side[Profile](
            read=pool.get_many,
            remembered=allowed.skills,
            pack=PackedSkills.of_profiles,
            same_skills=lambda packed, i, profile: (
                packed.person_skills(i) == person_skills(profile)
            ),
            fast_scores=lambda packed, cosines: blocks.for_persons(required, packed, cosines),
            check=lambda profile: filters.check(vacancy, profile),
            match=match,
        )
        return self._page(self.vectorise(vacancy), allowed, side, offset, limit)

    def vacancies_for(
        self, profile: Profile, pool: MatchPool[Vacancy], *, offset: int = 0, limit: int = 10
    ) -> MatchPage:
        """Vacancies of ``pool`` for ``profile``, best first."""
        self._check_page(offset, limit)
        filters = self.filters or HardFilters()
        allowed = pool.allowed(profile, filters)
        person, blocks = person_skills(profile), self.block_scorer

        def match(
            vacancy_id: str, vacancy: Vacancy, cosine: float, outcome: FilterOutcome
        ) -> Match:
            score, why = self.scorer.score(
                vacancy, profile, vector_similarity=cosine, filters=outcome
            )
            return Match(vacancy_id, "vacancy", vacancy.title, score, why)

        side = _Side[Vacancy](
            read=pool.get_many,
            remembered=allowed.skills,
            pack=PackedSkills.of_vacancies,
            same_skills=lambda packed, i, vacancy: (
                packed.required_skills(i) == RequiredSkills.of(vacancy)
            ),
            fast_scores=lambda packed, cosines: blocks.for_requirements(person, packed, cosines),
            check=lambda vacancy: filters.check(vacancy, profile),
            match=match,
        )
        return self._page(self.vectorise(profile), allowed, side, offset, limit)

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
        side: _Side,
        offset: int,
        limit: int,
    ) -> MatchPage:
        depth = self.rerank_depth
        blocks = -(-(offset + limit) // depth)  # ceil: the blocks this page reaches
        k = min(allowed.total, blocks * depth)
        hits = allowed.search(query_vector, k) if k else []
        hits = sorted(hits, key=lambda hit: rank_key(hit[1], hit[0]))
        matches: list[Match] = []
        ranked = 0  # records ranked in the blocks before
        for start in range(0, len(hits), depth):
            block = hits[start : start + depth]
            n_ranked, shown = self._rank_block(
                side, block, offset - ranked, offset + limit - ranked, from_memory=True
            )
            matches += shown
            ranked += n_ranked
        return MatchPage(
            matches=tuple(matches),
            offset=offset,
            limit=limit,
            total=allowed.total,
            n_excluded=allowed.n_excluded,
            excluded=allowed.excluded,
        )

    def _rank_block(
        self, side: _Side, block: Hits, start: int, stop: int, *, from_memory: bool
    ) -> tuple[int, list[Match]]:
        """How many records of ``block`` rank, and the matches at ranks ``start:stop`` of the
        block (clipped to it), explained. ``from_memory``: order the block by the skills the
        pool keeps in memory, if it does (else, or when a shown record disagrees with them,
        by records read from the pool)."""
        cosine_of = dict(block)
        ids = [record_id for record_id, _ in block]
        records: Mapping | None = None
        outcomes: dict[str, FilterOutcome] = {}
        packed = side.remembered(ids) if from_memory else None
        if packed is None:
            records = side.read(ids)
            for record_id in ids:
                record = records.get(record_id)
                if record is not None:  # else deleted since the filters ran
                    outcomes[record_id] = side.check(record)
            kept = [r for r in ids if r in outcomes and outcomes[r].passes]  # else changed
            packed = side.pack([records[r] for r in kept])
        n = len(packed)
        shown_from, shown_to = max(start, 0), min(stop, n)
        if shown_from >= shown_to:
            return n, []
        cosines = np.array([cosine_of[r] for r in packed.record_ids], dtype=np.float64)
        fast = side.fast_scores(packed, cosines)
        order = sorted(range(n), key=lambda i: rank_key(float(fast[i]), packed.record_ids[i]))
        first, last = self._exact_window(
            [round(float(fast[i]), SCORE_DECIMALS) for i in order], shown_from, shown_to
        )
        window = order[first:last]
        window_ids = [packed.record_ids[i] for i in window]
        if records is None:  # ordered from memory: read the records to show, check them
            records = side.read(window_ids)
            for i, record_id in zip(window, window_ids, strict=True):
                record = records.get(record_id)
                outcome = None if record is None else side.check(record)
                if outcome is None or not outcome.passes or not side.same_skills(packed, i, record):
                    # deleted or changed since the pool's memory was read: rank from records
                    return self._rank_block(side, block, start, stop, from_memory=False)
                outcomes[record_id] = outcome
        explained = [
            side.match(record_id, records[record_id], cosine_of[record_id], outcomes[record_id])
            for record_id in window_ids
        ]
        explained.sort(key=lambda m: rank_key(m.score, m.id))
        return n, explained[shown_from - first : shown_to - first]

    def _exact_window(self, rounded: Sequence[float], start: int, stop: int) -> tuple[int, int]:
        """The ranks ``first:last`` around ``start:stop`` to score exactly: widened while the gap
        to the next record is small enough for the fast scores' error to swap the two.

        ``rounded`` are the fast scores in rank order, rounded as ``rank_key`` rounds. A record
        above ``first`` has a fast score at least ``gap`` above every record from ``first`` on,
        so its exact score is more than ``gap - 2 · max_error - rounding > 0`` above theirs:
        it ranks before them by exact score too (likewise below ``last``).
        """
        gap = 2.0 * self.block_scorer.max_error + _ROUNDING_SLACK
        first, last = start, stop
        while first > 0 and rounded[first - 1] - rounded[first] < gap:
            first -= 1
        while last < len(rounded) and rounded[last - 1] - rounded[last] < gap:
            last += 1
        return first, last
