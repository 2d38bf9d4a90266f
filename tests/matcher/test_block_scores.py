"""Fast block scores, and the pages ranked with them, equal what MatchScorer.score gives.

The reference is the re-ranking before block scores: every record of a block the page reaches is
read, checked and scored with its full explanation by ``MatchScorer.score``. Pages must equal it
exactly (ids, order, scores, explanations, counts), in both directions, whether the pool keeps
its records' skills in memory or not.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from matcher.ranking.block_scores import BlockScorer
from matcher.ranking.explanation import Match, MatchPage
from matcher.ranking.hard_filters import HardFilters
from matcher.ranking.matching import Matcher
from matcher.ranking.near_skills import NearSkillCredit
from matcher.ranking.scoring import rank_key
from matcher.ranking.skill_lists import PackedSkills, RequiredSkills, person_skills
from matcher.records import Profile, SkillClaim, SkillRequirement, Vacancy
from matcher.storage.match_pool import AllowedRecords, InMemoryPool
from taxonomy.concepts import SKILL_PREFIX
from tests.esco_fixture import SKILL
from tests.matcher.match_helpers import profile, toy_skill_vectors, vacancy

KEYS = sorted(SKILL)
UNKNOWN = [f"{SKILL_PREFIX}not-in-the-taxonomy-{i}" for i in range(3)]


@pytest.fixture(scope="module")
def skill_vectors(toy_taxonomy, tmp_path_factory):
    return toy_skill_vectors(toy_taxonomy, tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module", params=[0.9, 0.999], ids=["near-often", "near-rarely"])
def matcher(request, toy_taxonomy, skill_vectors) -> Matcher:
    """Near-skill credit calibrated at two quantiles: the default one fires rarely on the toy
    taxonomy, 0.9 gives partial credit to many pairs."""
    near = NearSkillCredit(random_quantile=request.param)
    return Matcher.build(toy_taxonomy, skill_vectors, near_credit=near, rerank_depth=7)


# -- random toy records ---------------------------------------------------------------------------


def random_profile(rng: random.Random, profile_id: str) -> Profile:
    return profile(
        profile_id, *rng.sample(KEYS, rng.randint(0, 12)), hours_per_week=rng.choice([None, 20, 36])
    )


def random_vacancy(rng: random.Random, vacancy_id: str) -> Vacancy:
    keys = rng.sample(KEYS, rng.randint(0, 10))
    n_essential = rng.randint(0, len(keys))
    optional = keys[n_essential:]
    if optional and rng.random() < 0.2:  # the schema lets an optional skill repeat
        optional.append(optional[0])
    return vacancy(
        vacancy_id,
        tuple(keys[:n_essential]),
        tuple(optional),
        hours_per_week_min=rng.choice([None, None, 24]),
    )


def with_unknown_skills(rng: random.Random, record: Profile | Vacancy) -> Profile | Vacancy:
    """The record plus a skill the taxonomy (and so the skill vectors) does not know."""
    extra = rng.choice(UNKNOWN)
    if isinstance(record, Profile):
        skills = [*record.skills, SkillClaim(uri=extra)]
        return record.model_copy(update={"skills": skills})
    if rng.random() < 0.5:
        return record.model_copy(
            update={"essential_skills": [*record.essential_skills, SkillRequirement(uri=extra)]}
        )
    return record.model_copy(
        update={"optional_skills": [*record.optional_skills, SkillRequirement(uri=extra)]}
    )


def random_pool_records(rng: random.Random, make, prefix: str, n: int) -> list:
    """``n`` random records, a few of them clones under another id (exact score ties)."""
    records = [make(rng, f"{prefix}{i:03d}") for i in range(n)]
    for i in rng.sample(range(n), n // 6):
        records.append(records[i].model_copy(update={"id": f"{prefix}{i:03d}-twin"}))
    return records


class RecordsOnlyPool:
    """A pool that keeps no skills in memory: the matcher reads every record of a block."""

    def __init__(self, pool: InMemoryPool) -> None:
        self.pool = pool

    def allowed(self, query, filters, within=None) -> AllowedRecords:
        allowed = self.pool.allowed(query, filters, within)
        return AllowedRecords(allowed.total, allowed.n_excluded, allowed.excluded, allowed.search)

    def get_many(self, record_ids):
        return self.pool.get_many(record_ids)


def reference_page(
    matcher: Matcher, query: Profile | Vacancy, pool, *, offset: int, limit: int
) -> MatchPage:
    """The page as re-ranked before block scores (every record of a reached block explained)."""
    candidates = isinstance(query, Vacancy)
    filters = matcher.filters or HardFilters()
    allowed = pool.allowed(query, filters)
    depth = matcher.rerank_depth
    k = min(allowed.total, -(-(offset + limit) // depth) * depth)
    hits = allowed.search(matcher.vectorise(query), k) if k else []
    hits = sorted(hits, key=lambda hit: rank_key(hit[1], hit[0]))
    ranked: list[Match] = []
    for start in range(0, len(hits), depth):
        block = hits[start : start + depth]
        records = pool.get_many([record_id for record_id, _ in block])
        matches = []
        for record_id, cosine in block:
            record = records.get(record_id)
            if record is None:
                continue
            job, person = (query, record) if candidates else (record, query)
            outcome = filters.check(job, person)
            if not outcome.passes:
                continue
            score, why = matcher.scorer.score(
                job, person, vector_similarity=cosine, filters=outcome
            )
            title = None if candidates else record.title
            matches.append(Match(record_id, "profile" if candidates else "vacancy", title, score,
                                 why))  # fmt: skip
        ranked.extend(sorted(matches, key=lambda m: rank_key(m.score, m.id)))
    return MatchPage(tuple(ranked[offset : offset + limit]), offset, limit, allowed.total,
                     allowed.n_excluded, allowed.excluded)  # fmt: skip


def assert_pages_equal_the_reference(matcher, queries, pool, rng, direction: str) -> None:
    ask = matcher.candidates_for if direction == "candidates" else matcher.vacancies_for
    for query in queries:
        for offset, limit in [(0, 5), (0, 100), (rng.randrange(20), rng.randint(1, 9))]:
            page = ask(query, pool, offset=offset, limit=limit)
            assert page == reference_page(matcher, query, pool, offset=offset, limit=limit)


# -- the fast scores --------------------------------------------------------------------------


def test_block_scores_lie_within_max_error_of_match_scorer_in_both_directions(matcher):
    rng = random.Random("block-scores")
    blocks = BlockScorer(matcher.scorer)
    assert 0 < blocks.max_error < 0.01
    people = [random_profile(rng, f"p{i}") for i in range(80)]
    jobs = [random_vacancy(rng, f"v{i}") for i in range(80)]
    people = [with_unknown_skills(rng, p) if rng.random() < 0.2 else p for p in people]
    jobs = [with_unknown_skills(rng, v) if rng.random() < 0.2 else v for v in jobs]
    people += [profile("nobody")]  # no skills at all
    jobs += [vacancy("no-skills"), vacancy("only-optional", (), (KEYS[0], KEYS[1]))]
    cosines = [rng.uniform(-0.1, 1.1) for _ in range(max(len(people), len(jobs)))]
    differences = []
    for job in jobs:
        fast = blocks.for_persons(RequiredSkills.of(job), PackedSkills.of_profiles(people),
                                  cosines[: len(people)])  # fmt: skip
        for person, cosine, score in zip(people, cosines, fast, strict=False):
            exact, _ = matcher.scorer.score(job, person, vector_similarity=cosine)
            differences.append(abs(score - exact))
    for person in people:
        fast = blocks.for_requirements(person_skills(person), PackedSkills.of_vacancies(jobs),
                                       cosines[: len(jobs)])  # fmt: skip
        for job, cosine, score in zip(jobs, cosines, fast, strict=False):
            exact, _ = matcher.scorer.score(job, person, vector_similarity=cosine)
            differences.append(abs(score - exact))
    assert max(differences) <= blocks.max_error
    assert max(differences) < 1e-6  # in practice far below the bound


def test_an_empty_block_scores_nothing(matcher):
    blocks = BlockScorer(matcher.scorer)
    required = RequiredSkills.of(vacancy("v", ("python",)))
    assert blocks.for_persons(required, PackedSkills.of_profiles([]), []).shape == (0,)
    packed = PackedSkills.of_vacancies([])
    assert blocks.for_requirements(("x",), packed, []).shape == (0,)


# -- pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("memory", [True, False], ids=["skills-in-memory", "records-read"])
def test_candidate_pages_equal_the_reference(matcher, memory):
    rng = random.Random(f"candidates-{memory}")
    people = random_pool_records(rng, random_profile, "p", 60)
    pool = InMemoryPool.build(people, matcher.vectorise)
    jobs = [random_vacancy(rng, f"v{i}") for i in range(12)]
    jobs = [job for job in jobs if job.essential_skills or job.optional_skills]
    assert_pages_equal_the_reference(
        matcher, jobs, pool if memory else RecordsOnlyPool(pool), rng, "candidates"
    )


@pytest.mark.parametrize("memory", [True, False], ids=["skills-in-memory", "records-read"])
def test_vacancy_pages_equal_the_reference(matcher, memory):
    rng = random.Random(f"vacancies-{memory}")
    jobs = random_pool_records(rng, random_vacancy, "v", 60)
    pool = InMemoryPool.build(jobs, matcher.vectorise)
    people = [random_profile(rng, f"p{i}") for i in range(12)]
    people = [person for person in people if person.skills]
    assert_pages_equal_the_reference(
        matcher, people, pool if memory else RecordsOnlyPool(pool), rng, "vacancies"
    )


class NoisyBlockScorer(BlockScorer):
    """Fast scores off by up to a (large) ``max_error``, as the bound allows."""

    max_error = 0.05

    def __init__(self, scorer, seed: int) -> None:
        super().__init__(scorer)
        self.rng = np.random.default_rng(seed)

    def _noisy(self, scores: np.ndarray) -> np.ndarray:
        return scores + self.rng.uniform(-self.max_error, self.max_error, len(scores))

    def for_persons(self, *args) -> np.ndarray:
        return self._noisy(super().for_persons(*args))

    def for_requirements(self, *args) -> np.ndarray:
        return self._noisy(super().for_requirements(*args))


def test_pages_stay_exact_when_fast_scores_are_off_by_up_to_their_bound(matcher):
    rng = random.Random("noisy")
    noisy = Matcher(matcher.scorer, matcher.vectorise, rerank_depth=matcher.rerank_depth)
    noisy._block_scorer = NoisyBlockScorer(matcher.scorer, seed=1)
    people = random_pool_records(rng, random_profile, "p", 60)
    jobs = random_pool_records(rng, random_vacancy, "v", 60)
    profiles = InMemoryPool.build(people, matcher.vectorise)
    vacancies = InMemoryPool.build(jobs, matcher.vectorise)
    queries = [job for job in jobs[:10] if job.essential_skills or job.optional_skills]
    assert_pages_equal_the_reference(noisy, queries, profiles, rng, "candidates")
    queries = [person for person in people[:10] if person.skills]
    assert_pages_equal_the_reference(noisy, queries, vacancies, rng, "vacancies")


class ChangedPool:
    """An in-memory pool whose memory (filter fields, skills) is of ``before`` while reading
    returns ``after``: records changed or deleted since the pool's memory was read."""

    def __init__(self, before: InMemoryPool, after: dict) -> None:
        self.before = before
        self.after = after

    def allowed(self, query, filters, within=None) -> AllowedRecords:
        return self.before.allowed(query, filters, within)

    def get_many(self, record_ids):
        return {r: self.after[r] for r in record_ids if r in self.after}


@pytest.mark.parametrize("change", ["deleted", "fewer skills", "fails a filter"])
def test_a_shown_record_that_changed_since_the_pool_memory_was_read_is_ranked_as_read(
    matcher, change
):
    rng = random.Random(f"changed-{change}")
    people = random_pool_records(rng, random_profile, "p", 30)
    star = profile("star", *KEYS[:8], hours_per_week=36)  # the best candidate, before the change
    job = vacancy("v", tuple(KEYS[:6]), tuple(KEYS[6:8]), hours_per_week_min=12)
    before = InMemoryPool.build([*people, star], matcher.vectorise)
    assert matcher.candidates_for(job, before, limit=3).matches[0].id == "star"
    after = {p.id: p for p in people}
    if change == "fewer skills":
        after["star"] = star.model_copy(update={"skills": star.skills[-1:]})
    elif change == "fails a filter":
        after["star"] = star.model_copy(update={"hours_per_week": 8})
    pool = ChangedPool(before, after)
    page = matcher.candidates_for(job, pool, limit=3)
    assert page == reference_page(matcher, job, pool, offset=0, limit=3)
    assert "star" not in {m.id for m in page.matches}
