"""Matching in both directions: filters before retrieval, re-ranking, stable pages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matcher.ranking.matching import Matcher
from matcher.records import Location, Profile
from matcher.storage.database import create_database_engine
from matcher.storage.match_pool import InMemoryPool
from matcher.storage.pool import Pool
from matcher.storage.sql_store import SqlRecordStore
from taxonomy.errors import BadInputError
from tests.esco_fixture import OCCUPATION
from tests.matcher.match_helpers import profile, toy_skill_vectors, uri, vacancy


@pytest.fixture(scope="module")
def skill_vectors(toy_taxonomy, tmp_path_factory):
    return toy_skill_vectors(toy_taxonomy, tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def matcher(toy_taxonomy, skill_vectors) -> Matcher:
    return Matcher.build(toy_taxonomy, skill_vectors)


def occupation_vacancy(key: str, **fields):
    occ = OCCUPATION[key]
    return vacancy(key, occ.essential, occ.optional, title=occ.en, **fields)


def occupation_profile(profile_id: str, key: str, **fields):
    return profile(profile_id, *OCCUPATION[key].essential, **fields)


OCCUPATIONS = ("shop_assistant", "cook", "nurse", "software_developer", "truck_driver")


def test_the_matching_occupation_comes_first_in_both_directions(matcher):
    profiles = InMemoryPool.build(
        [occupation_profile(f"p-{key}", key) for key in OCCUPATIONS], matcher.vectorise
    )
    vacancies = InMemoryPool.build(
        [occupation_vacancy(key) for key in OCCUPATIONS], matcher.vectorise
    )
    for key in OCCUPATIONS:
        candidates = matcher.candidates_for(occupation_vacancy(key), profiles, limit=3)
        assert candidates.matches[0].id == f"p-{key}"
        assert candidates.matches[0].kind == "profile"
        jobs = matcher.vacancies_for(occupation_profile("me", key), vacancies, limit=3)
        assert jobs.matches[0].id == key
        assert jobs.matches[0].title == OCCUPATION[key].en
        assert jobs.matches[0].explanation.parts.essential_coverage == 1.0


COOK = OCCUPATION["cook"]


def cook_pool(matcher, n_pass: int = 5):
    """Cooks with varied skills; the odd ones work too few hours (and the best one is odd)."""
    skills = [*COOK.essential, *COOK.optional, "food_safety", "first_aid", "read_maps"]
    people = []
    for i in range(2 * n_pass):
        have = skills[: len(skills) - i % 6] if i else [*COOK.essential, *COOK.optional]
        people.append(
            profile(f"cook-{i:02d}", *dict.fromkeys(have), hours_per_week=20 if i % 2 == 0 else 36)
        )
    return InMemoryPool.build(people, matcher.vectorise), {
        p.id for p in people if p.hours_per_week < 30
    }


def test_filtered_records_never_appear_on_any_page_and_counts_are_right(matcher):
    pool, too_few_hours = cook_pool(matcher)
    job = occupation_vacancy("cook", hours_per_week_min=30)
    unfiltered = matcher.candidates_for(occupation_vacancy("cook"), pool, limit=1)
    assert unfiltered.matches[0].id in too_few_hours  # the best match is one to filter out

    seen: list[str] = []
    offset = 0
    while True:
        page = matcher.candidates_for(job, pool, offset=offset, limit=2)
        assert page.total == len(pool) - len(too_few_hours)
        assert page.n_excluded == len(too_few_hours)
        assert page.excluded == {"hours": len(too_few_hours)}
        if not page.matches:
            break
        assert not {m.id for m in page.matches} & too_few_hours
        seen += [m.id for m in page.matches]
        offset += 2
    assert len(seen) == len(set(seen)) == page.total
    assert set(seen) == {pid for pid, _ in pool.records()} - too_few_hours


def test_both_directions_apply_the_same_filters(matcher):
    vacancies = InMemoryPool.build(
        [
            occupation_vacancy("cook", hours_per_week_min=30),
            vacancy("cook-part-time", COOK.essential, hours_per_week_max=24),
        ],
        matcher.vectorise,
    )
    person = occupation_profile("me", "cook", hours_per_week=20)
    page = matcher.vacancies_for(person, vacancies)
    assert [m.id for m in page.matches] == ["cook-part-time"]
    assert (page.total, page.n_excluded) == (1, 1)


def _same_page(a, b) -> bool:
    """Equal pages, up to the last bits of the retrieval cosine (FAISS and numpy may round a
    float32 inner product differently)."""
    if (a.total, a.n_excluded, a.excluded) != (b.total, b.n_excluded, b.excluded):
        return False
    if [m.id for m in a.matches] != [m.id for m in b.matches]:
        return False
    for x, y in zip(a.matches, b.matches, strict=True):
        cosines = x.explanation.parts.vector_similarity, y.explanation.parts.vector_similarity
        if abs(x.score - y.score) > 1e-6 or abs(cosines[0] - cosines[1]) > 1e-6:
            return False
        parts = replace(x.explanation.parts, vector_similarity=cosines[1])
        if replace(x.explanation, parts=parts) != y.explanation:
            return False
    return True


def test_the_stored_pool_gives_the_pages_of_the_in_memory_pool(matcher, tmp_path):
    people, _ = cook_pool(matcher)  # the odd ones work enough hours
    regions = ("Twente", "Rijnmond", "Twente")
    records = [
        person.model_copy(update={"location": Location(region=regions[i % 3])})
        for i, (_, person) in enumerate(people.records())
    ]
    engine = create_database_engine(f"sqlite:///{tmp_path / 'records.db'}")
    store = SqlRecordStore(engine, Profile).create_tables()
    stored = Pool.open(store, tmp_path / "index", matcher.vectorise)
    for record in records:
        stored.add(record)
    in_memory = InMemoryPool.build(records, matcher.vectorise)
    job = occupation_vacancy("cook", hours_per_week_min=30, location=Location(region="twente"))
    for offset in (0, 1):
        pages = [matcher.candidates_for(job, pool, offset=offset, limit=2) for pool in
                 (stored, in_memory)]  # fmt: skip
        assert _same_page(*pages)
    page = matcher.candidates_for(job, stored, limit=10)
    assert (page.total, page.n_excluded) == (3, 7)
    assert page.excluded == {"hours": 5, "location": 3}
    assert sorted(m.id for m in page.matches) == ["cook-03", "cook-05", "cook-09"]


@pytest.mark.parametrize("depth", [1, 3, 4, 100])
def test_pages_concatenate_to_the_full_ranking_at_any_rerank_depth(
    toy_taxonomy, skill_vectors, depth
):
    matcher = Matcher.build(toy_taxonomy, skill_vectors, rerank_depth=depth)
    pool, _ = cook_pool(matcher)
    job = occupation_vacancy("cook")
    full = [m.id for m in matcher.candidates_for(job, pool, limit=100).matches]
    for limit in (1, 3):
        paged: list[str] = []
        for offset in range(0, len(full), limit):
            page = matcher.candidates_for(job, pool, offset=offset, limit=limit)
            paged += [m.id for m in page.matches]
        assert paged == full
    assert len(full) == len(set(full)) == len(pool)


def test_within_the_rerank_depth_results_are_in_score_order(matcher):
    pool, _ = cook_pool(matcher)
    page = matcher.candidates_for(occupation_vacancy("cook"), pool, limit=100)
    assert len(page.matches) == len(pool) <= matcher.rerank_depth
    keys = [(-round(m.score, 9), m.id) for m in page.matches]
    assert keys == sorted(keys)
    assert len({round(m.score, 9) for m in page.matches}) > 1


def test_ties_are_broken_by_id_whatever_the_pool_order(matcher):
    twins = [occupation_profile(pid, "nurse") for pid in ("n-b", "n-c", "n-a")]
    other = occupation_profile("x-cook", "cook")
    job = occupation_vacancy("nurse")
    orders = []
    for people in ([*twins, other], [other, *reversed(twins)]):
        pool = InMemoryPool.build(people, matcher.vectorise)
        page = matcher.candidates_for(job, pool, limit=10)
        orders.append([m.id for m in page.matches])
        assert len({m.score for m in page.matches[:3]}) == 1
    assert orders[0] == orders[1]
    assert orders[0][:3] == ["n-a", "n-b", "n-c"]


def test_every_result_carries_its_explanation(matcher):
    truck = OCCUPATION["truck_driver"]
    almost = profile("almost", *truck.essential[:3], truck.essential[-1])
    pool = InMemoryPool.build(
        [almost, occupation_profile("full", "truck_driver")], matcher.vectorise
    )
    page = matcher.candidates_for(occupation_vacancy("truck_driver"), pool)
    assert [m.id for m in page.matches] == ["full", "almost"]
    full, partial = page.matches
    assert not full.explanation.missing_essential and not full.te_maken
    assert [s.uri for s in partial.explanation.missing_essential] == [uri(truck.essential[3])]
    assert partial.te_maken
    row = partial.as_dict()
    assert row["id"] == "almost" and row["te_maken"] is True
    assert {"score", "matched", "missing_essential", "missing_optional", "parts", "summary"} <= set(
        row
    )
    assert partial.as_dict("en")["summary"] == partial.explanation.summary_en


@pytest.mark.parametrize(("offset", "limit"), [(-1, 10), (0, 0), (0, 5000)])
def test_bad_pages_are_bad_input(matcher, offset, limit):
    pool = InMemoryPool.build([occupation_profile("p", "cook")], matcher.vectorise)
    with pytest.raises(BadInputError):
        matcher.candidates_for(occupation_vacancy("cook"), pool, offset=offset, limit=limit)


def test_pool_records_need_unique_ids(matcher):
    with pytest.raises(BadInputError, match="no id"):
        InMemoryPool.build([profile(None)], matcher.vectorise)
    with pytest.raises(BadInputError, match="twice"):
        InMemoryPool.build([profile("a"), profile("a")], matcher.vectorise)


def test_with_a_catalogue_te_maken_needs_a_course_for_every_gap(toy_taxonomy, skill_vectors):
    from matcher.gaps.skill_gap import te_maken_rule
    from matcher.gaps.training_catalogue import TrainingCatalogue

    truck = OCCUPATION["truck_driver"]
    almost = profile("almost", *truck.essential[:3], truck.essential[-1])  # lacks read_maps
    missing = uri(truck.essential[3])
    header = "course,provider,kind,skills,hours\n"
    with_course = TrainingCatalogue.from_csv(
        header + f"Kaartlezen,P,short course,{missing},4\n", toy_taxonomy
    )
    without = TrainingCatalogue.from_csv(
        header + "Koken,P,short course,use cooking techniques,4\n", toy_taxonomy
    )
    results = {}
    for name, catalogue in (("with", with_course), ("without", without)):
        matcher = Matcher.build(
            toy_taxonomy, skill_vectors, te_maken=te_maken_rule(toy_taxonomy, catalogue=catalogue)
        )
        pool = InMemoryPool.build([almost], matcher.vectorise)
        [match] = matcher.candidates_for(occupation_vacancy("truck_driver"), pool).matches
        results[name] = match.te_maken
    assert results == {"with": True, "without": False}
