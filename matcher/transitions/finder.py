"""*Overstapberoepen*: which occupations can someone move to from an occupation or a profile?

Feasibility is **asymmetric**: it asks how much of the *target's* skills the *source* already has.
Skills the source has and the target does not need cost nothing, so a skill-rich occupation
reaches a narrow one more easily than the reverse. For a source holding skill ``s`` with
certainty ``p_s`` (:mod:`matcher.transitions.source`: 1 for essential skills and profile skills,
0.5 for an occupation's optional skills) and a target occupation ``T``::

    credit(k)    = p_k                               if the source holds k itself (exact)
                 = max_s p_s * near(cos(k, s))       otherwise (near skill, partial credit)
    w(k)         = idf(k) * type_factor(k)
    E(T)         = sum_{k essential to T} w(k) credit(k)  /  (sum_{k essential to T} w(k) + w0)
    O(T)         = sum_{k optional to T} w(k) credit(k)  /  sum_{k optional to T} w(k)
    fit(T)       = 0.8 E(T) + 0.2 O(T)               (E or O alone if T lists only one kind)
    feasibility  = fit(T) * level_factor(level(source), level(T))
    score        = feasibility                       without labour-market data
                 = 0.75 feasibility + 0.25 demand(T) with a table (see
                 matcher.transitions.demand_mix)

Why each part:

- **exact and near credit** (:mod:`matcher.ranking.near_skills`): a cook's "use cooking techniques"
  carries over to a kitchen job literally; "advise on financial matters" carries over to
  "advise on public finance" only partly. Near credit is 0 below a threshold calibrated so that
  0.1% of random skill pairs reach it, and at most 0.8, so it never equals having the skill.
- **IDF** (:mod:`matcher.vectors.skill_weights`): covering the rare, defining skills of a target
  says
  more than covering "communicate with customers", which almost every occupation lists.
- **type factor** (:mod:`matcher.transitions.typed_skill_weights`): vaardigheden 1, kennis 0.75
  (knowledge
  is what courses teach fastest), soft skills 0.5 (generic, rarely decisive).
- **w0, one unlisted skill**: the median weight of an essential skill listing (5.1 on the
  bundled ESCO), as if every target needed one more essential skill the source lacks. ESCO
  describes some occupations with very few essential skills ("linen room attendant": "comply
  with food safety and hygiene" and "maintain linen operation"); covering both is weak evidence
  that a cook can do that job. The pseudo-skill shrinks short lists most (median factor for
  2 essential skills ×0.68, 5 ×0.86, 10 ×0.92, 20 ×0.96), so narrow targets no longer crowd out
  well-described ones. In hide-and-recover (bench/transitions.py) it raised MRR from 0.940 to
  0.952.
- **0.8 / 0.2 essential / optional**: essential skills are what every job of the occupation
  needs; optional ones only some jobs need, so they refine the order among targets with similar
  essential coverage.
- **skill-level factor** (:mod:`matcher.transitions.skill_level_jump`): each ISCO skill level up
  ×0.85 per
  level (the formal education it implies is not in the skill lists); large steps down ×0.95 per
  level beyond the first (over-qualification).

Never proposed: the source's own occupation(s); their ESCO broader and narrower occupations
(transitively: "shop assistant" is not a move from "supermarket shop assistant"); and
**near-duplicates**, occupations whose essential skills have Jaccard ≥ 0.8 with the source's (on
the bundled ESCO 447 of 3,007 occupations have one, e.g. "tobacco shop manager" ~ "delicatessen
shop manager" 0.85, or the "rental service representative in …" family at 1.0: the same work in
another setting); and targets with feasibility 0 (nothing carries over).

Speed: per source, one (all skills × source skills) cosine product gives every taxonomy skill's
credit at once; two sparse (occupation × skill weight) products then give ``E`` and ``O`` for all
~3,000 targets. Full explanations (:class:`~matcher.ranking.coverage.SkillCoverageScorer`) are
built for
the top results only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.ranking.coverage import SkillCoverage, SkillCoverageScorer
from matcher.ranking.near_skills import NearSkillCredit
from matcher.ranking.scoring import SCORE_DECIMALS
from matcher.transitions.demand_mix import SKILLS_AND_LABOUR_MARKET, SKILLS_ONLY, DemandMix
from matcher.transitions.labour_market import LabourMarketTable
from matcher.transitions.occupation_skill_matrix import OccupationSkillMatrix
from matcher.transitions.records import CarriedOverSkill, Transition, TransitionRanking
from matcher.transitions.skill_level_jump import SkillLevelJump
from matcher.transitions.source import TransitionSource
from matcher.transitions.summary import transition_sentence
from matcher.transitions.typed_skill_weights import TypedSkillWeights
from matcher.vectors.skill_vectors import SkillVectors
from taxonomy.concepts import DEFAULT_LANGS, label_langs
from taxonomy.errors import BadInputError
from taxonomy.taxonomy import Taxonomy

MAX_TOP = 1000


@dataclass(frozen=True)
class FeasibilityScores:
    """Per target occupation (in ``OccupationSkillMatrix.occupation_uris`` order)."""

    essential_coverage: np.ndarray  # E(T), NaN when T lists no essential skills
    optional_coverage: np.ndarray  # O(T), NaN when T lists no optional skills
    skills_fit: np.ndarray
    skill_level_factor: np.ndarray
    feasibility: np.ndarray


class TransitionFinder:
    """Ranks target occupations for a :class:`TransitionSource` (formula: module docstring).

    Parameters are stored as given; ``fit(taxonomy, skill_vectors)`` fits the skill weights and the
    near-skill threshold and builds the occupation matrices (``weights_``, ``near_credit_``,
    ``matrix_``, ``unlisted_weight_`` = w0).
    """

    def __init__(
        self,
        *,
        weights: TypedSkillWeights | None = None,
        near_credit: NearSkillCredit | None = None,
        essential_share: float = 0.8,
        unlisted_essential_skills: float = 1.0,
        level_jump: SkillLevelJump | None = None,
        near_duplicate_jaccard: float = 0.8,
        demand_mix: DemandMix | None = None,
        chunk_rows: int = 4096,
    ) -> None:
        self.weights = weights
        self.near_credit = near_credit
        self.essential_share = essential_share
        self.unlisted_essential_skills = unlisted_essential_skills
        self.level_jump = level_jump
        self.near_duplicate_jaccard = near_duplicate_jaccard
        self.demand_mix = demand_mix
        self.chunk_rows = chunk_rows

    # -- fitting ------------------------------------------------------------------------------

    def fit(self, taxonomy: Taxonomy, skill_vectors: SkillVectors) -> TransitionFinder:
        if not 0 <= self.essential_share <= 1:
            raise ValueError("essential_share must lie in [0, 1]")
        self.taxonomy_ = taxonomy
        self.skill_vectors_ = skill_vectors
        self.weights_ = (self.weights or TypedSkillWeights()).fit(taxonomy)
        self.near_credit_ = (self.near_credit or NearSkillCredit()).fit(skill_vectors)
        self.level_jump_ = self.level_jump or SkillLevelJump()
        self.demand_mix_ = self.demand_mix or DemandMix()
        self.matrix_ = OccupationSkillMatrix.build(taxonomy, skill_vectors.uris, self.weights_)
        self.unlisted_weight_ = (
            self.unlisted_essential_skills * self.matrix_.median_essential_weight()
        )
        self.row_ = {uri: i for i, uri in enumerate(self.matrix_.occupation_uris)}
        self.narrower_ = _narrower_index(taxonomy)
        return self

    def coverage_scorer(self, langs: tuple[str, ...] = DEFAULT_LANGS) -> SkillCoverageScorer:
        """A coverage scorer with the same weights and near-skill credit, labels in ``langs``."""
        return SkillCoverageScorer(
            self.taxonomy_, self.skill_vectors_, self.weights_, self.near_credit_, langs
        )

    # -- scoring every target -----------------------------------------------------------------

    def skill_credit(self, source: TransitionSource) -> np.ndarray:
        """credit(k) for every skill of the skill vectors (their row order)."""
        vectors = self.skill_vectors_.vectors
        held = [u for u in source.skills if u in self.skill_vectors_.row]
        credit = np.zeros(len(vectors))
        if not held:
            return credit
        columns = self.skill_vectors_.rows(held)
        certainty = np.array([source.skills[u] for u in held])
        own = vectors[columns].T
        for start in range(0, len(vectors), self.chunk_rows):
            cosines = vectors[start : start + self.chunk_rows] @ own
            near = self.near_credit_.credit(cosines) * certainty
            credit[start : start + self.chunk_rows] = near.max(axis=1)
        credit[columns] = np.maximum(credit[columns], certainty)
        return credit

    def feasibility(self, source: TransitionSource) -> FeasibilityScores:
        """Coverage, skills fit, level factor and feasibility of every target occupation."""
        essential, optional = self.matrix_.weighted_shares(
            self.skill_credit(source), essential_prior=self.unlisted_weight_
        )
        a = self.essential_share
        fit = np.where(
            np.isnan(essential),
            np.nan_to_num(optional),
            np.where(np.isnan(optional), essential, a * essential + (1 - a) * optional),
        )
        factor = self.level_jump_.factors(source.skill_level, self.matrix_.skill_levels)
        return FeasibilityScores(essential, optional, fit, factor, fit * factor)

    def excluded(self, source: TransitionSource) -> np.ndarray:
        """True for the source's occupations, their broader/narrower ones and near-duplicates."""
        mask = np.zeros(self.matrix_.n_occupations, dtype=bool)
        column = self.skill_vectors_.row
        for uri in source.occupations:
            for variant in {uri, *self._ancestors(uri), *self._descendants(uri)}:
                if variant in self.row_:
                    mask[self.row_[variant]] = True
            essential = self.taxonomy_.occupations[uri].essential_skills
            columns = [column[s] for s in essential if s in column]
            if columns and self.near_duplicate_jaccard <= 1:
                mask |= self.matrix_.essential_jaccard(columns) >= self.near_duplicate_jaccard
        return mask

    # -- ranking ------------------------------------------------------------------------------

    def rank(
        self,
        source: TransitionSource,
        *,
        top: int = 10,
        labour_market: LabourMarketTable | None = None,
        region: str | None = None,
        kansrijk_only: bool = False,
        langs: tuple[str, ...] = DEFAULT_LANGS,
    ) -> TransitionRanking:
        """The ``top`` best targets, best first (ties by URI), each fully explained."""
        if not 1 <= top <= MAX_TOP:
            raise BadInputError(f"top must be between 1 and {MAX_TOP}, got {top}")
        if kansrijk_only and labour_market is None:
            raise BadInputError("the kansrijk-only filter needs a labour-market table")
        scores = self.feasibility(source)
        excluded = self.excluded(source)
        allowed = ~excluded & (scores.feasibility > 0)
        uris = self.matrix_.occupation_uris
        if labour_market is None:
            demand = np.full(len(uris), np.nan)
            final = scores.feasibility
        else:
            demand = self.demand_mix_.demand(labour_market, self.taxonomy_, uris, region)
            final = self.demand_mix_.combine(scores.feasibility, demand)
            if kansrijk_only:
                allowed &= self.demand_mix_.kansrijk(demand)
        order = np.lexsort((np.arange(len(uris)), -np.round(final, SCORE_DECIMALS)))
        chosen = [int(i) for i in order[allowed[order]][:top]]
        scorer = self.coverage_scorer(langs)
        has_table = labour_market is not None
        results = tuple(
            self._transition(source, i, scores, final, demand, has_table, scorer, langs)
            for i in chosen
        )
        return TransitionRanking(
            source=source,
            ranking=SKILLS_ONLY if labour_market is None else SKILLS_AND_LABOUR_MARKET,
            results=results,
            n_candidates=int(allowed.sum()),
            n_excluded=int(excluded.sum()),
        )

    def _transition(
        self,
        source: TransitionSource,
        i: int,
        scores: FeasibilityScores,
        final: np.ndarray,
        demand: np.ndarray,
        has_table: bool,
        scorer: SkillCoverageScorer,
        langs: tuple[str, ...],
    ) -> Transition:
        uri = self.matrix_.occupation_uris[i]
        occupation = self.taxonomy_.occupations[uri]
        coverage = scorer.cover(
            occupation.essential_skills, occupation.optional_skills, source.skill_uris
        )
        carries_over = self._carried_over(coverage, source)
        level = int(self.matrix_.skill_levels[i]) or None
        known_demand = None if np.isnan(demand[i]) else float(demand[i])
        kansrijk = bool(self.demand_mix_.kansrijk(demand[i : i + 1])[0]) if has_table else None
        label = occupation.label(langs)

        def sentence(lang: str) -> str:
            return transition_sentence(
                coverage,
                source_level=source.skill_level,
                target_level=level,
                demand=known_demand,
                kansrijk=kansrijk,
                has_table=has_table,
                partly_held=sum(c.match.essential and c.held < 1 for c in carries_over),
                source_label=source.label,
                lang=lang,
                label=self._skill_labeller(lang),
            )

        return Transition(
            uri=uri,
            label=label.text,
            lang=label.lang,
            isco_code=occupation.isco_code,
            skill_level=level,
            score=float(final[i]),
            feasibility=float(scores.feasibility[i]),
            demand=known_demand,
            kansrijk=kansrijk,
            essential_coverage=_or_none(scores.essential_coverage[i]),
            optional_coverage=_or_none(scores.optional_coverage[i]),
            skill_level_factor=float(scores.skill_level_factor[i]),
            carries_over=carries_over,
            missing_essential=coverage.missing_essential,
            missing_optional=coverage.missing_optional,
            explanation_nl=sentence("nl"),
            explanation_en=sentence("en"),
        )

    def _carried_over(
        self, coverage: SkillCoverage, source: TransitionSource
    ) -> tuple[CarriedOverSkill, ...]:
        skills = self.taxonomy_.skills
        return tuple(
            CarriedOverSkill(
                m,
                skills[m.required].skill_type if m.required in skills else None,
                held=source.skills.get(m.matched_by, 1.0),
            )
            for m in coverage.matched
        )

    def _skill_labeller(self, lang: str):
        langs = label_langs(lang)
        skills = self.taxonomy_.skills

        def label(uri: str) -> str:
            return skills[uri].label(langs).text if uri in skills else uri

        return label

    # -- the ESCO occupation hierarchy ----------------------------------------------------------

    def _ancestors(self, uri: str) -> set[str]:
        occupations = self.taxonomy_.occupations
        seen: set[str] = set()
        todo = [b for b in occupations[uri].broader if b in occupations]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(b for b in occupations[current].broader if b in occupations)
        return seen

    def _descendants(self, uri: str) -> set[str]:
        seen: set[str] = set()
        todo = list(self.narrower_.get(uri, ()))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.narrower_.get(current, ()))
        return seen


def _narrower_index(taxonomy: Taxonomy) -> dict[str, list[str]]:
    narrower: dict[str, list[str]] = {}
    for uri, occupation in taxonomy.occupations.items():
        for broader in occupation.broader:
            if broader in taxonomy.occupations:
                narrower.setdefault(broader, []).append(uri)
    return narrower


def _or_none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)
