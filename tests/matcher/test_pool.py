"""Pool = record store + vector index + vectoriser, kept consistent across restarts."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from scipy import sparse

from matcher.records import Profile
from matcher.storage.match_pool import MatchPool
from matcher.storage.pool import Pool
from matcher.storage.pool_index import IndexConfig, PoolIndex
from matcher.storage.store import SqliteRecordStore
from matcher.vectors.record_vectors import RecordVectoriser
from matcher.vectors.skill_vectors import SkillVectors
from matcher.vectors.skill_weights import SkillWeights
from taxonomy.errors import ConflictError, NotFoundError
from tests.matcher.match_helpers import profile, toy_skill_vectors, uri, vacancy

LOW_THRESHOLD = IndexConfig(approximate_threshold=3, exact_filter_max=1)


@pytest.fixture(scope="module")
def skill_vectors(toy_taxonomy, tmp_path_factory) -> SkillVectors:
    return toy_skill_vectors(toy_taxonomy, tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def vectoriser(toy_taxonomy, skill_vectors) -> RecordVectoriser:
    return RecordVectoriser(skill_vectors).fit(toy_taxonomy)


def people() -> list[Profile]:
    return [
        profile("shop", "cash_register", "stock_shelves", "customer_relationship"),
        profile("chef", "cooking_techniques", "food_safety", "plan_menus"),
        profile("nurse", "nursing_principles", "empathise_patient", "listen_actively"),
        profile("dev", "computer_programming", "debug_software", "python"),
        profile("driver", "heavy_trucks", "road_traffic_laws", "read_maps"),
    ]


def open_pool(tmp_path, vectoriser, config: IndexConfig | None = None) -> Pool[Profile]:
    store = SqliteRecordStore(tmp_path / "records.sqlite", Profile)
    return Pool.open(store, tmp_path / "index", vectoriser, config=config)


# -- the vectoriser -------------------------------------------------------------------------------
def test_vectoriser_weights_are_the_ranking_idf(vectoriser, toy_taxonomy, skill_vectors):
    listed_by_two = uri("food_safety")  # cook (essential) and flight attendant (essential)
    listed_by_none = uri("english")
    rows = skill_vectors.rows([listed_by_two, listed_by_none])
    expected = SkillWeights().fit(toy_taxonomy).weights([listed_by_two, listed_by_none])
    assert vectoriser.idf_[rows].tolist() == pytest.approx(expected.tolist())
    assert vectoriser.idf_[rows[1]] > vectoriser.idf_[rows[0]] > 0


def test_profile_vector_is_the_idf_weighted_mean(vectoriser, skill_vectors):
    person = profile("p", "cooking_techniques", "food_safety")
    uris = person.skill_uris
    expected = skill_vectors.mean_vector(uris, vectoriser.idf_[skill_vectors.rows(uris)])
    np.testing.assert_allclose(vectoriser(person), expected, atol=1e-6)
    assert float(np.linalg.norm(vectoriser(person))) == pytest.approx(1.0, abs=1e-5)


def test_vacancy_essential_skills_weigh_twice(vectoriser, skill_vectors):
    job = vacancy("v", essential=("cooking_techniques",), optional=("food_safety",))
    uris = [uri("cooking_techniques"), uri("food_safety")]
    idf = vectoriser.idf_[skill_vectors.rows(uris)]
    expected = skill_vectors.mean_vector(uris, idf * np.array([2.0, 1.0], dtype=np.float32))
    np.testing.assert_allclose(vectoriser(job), expected, atol=1e-6)


def test_empty_records_get_a_zero_vector_and_unknown_skills_are_not_found(vectoriser):
    assert not vectoriser(Profile(id="p")).any()
    with pytest.raises(NotFoundError):
        vectoriser(Profile.model_validate({"skills": [{"uri": uri("python") + "-nope"}]}))


def test_bulk_matrix_matches_one_by_one(vectoriser, skill_vectors):
    records = people()
    rows = sparse.lil_matrix((len(records), len(skill_vectors.uris)), dtype=np.float32)
    for i, record in enumerate(records):
        rows[i, skill_vectors.rows(record.skill_uris)] = 1.0
    np.testing.assert_allclose(
        vectoriser.matrix(rows.tocsr()), np.stack([vectoriser(r) for r in records]), atol=1e-5
    )


# -- the pool -------------------------------------------------------------------------------------
def test_a_vacancy_finds_the_matching_profile_first(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser)
    for person in people():
        pool.add(person)
    hits = pool.search(vacancy("v", essential=("cooking_techniques", "food_safety")), k=3)
    assert hits[0].id == "chef"
    assert pool.verify().ok


def test_pool_satisfies_the_match_pool_protocol(tmp_path, vectoriser):
    pool: MatchPool[Profile] = open_pool(tmp_path, vectoriser)
    for person in people():
        pool.add(person)
    assert [record_id for record_id, _ in pool.records()] == sorted(p.id for p in people())
    query = vectoriser(vacancy("v", essential=("heavy_trucks",)))
    [(record_id, score)] = pool.search(query, 1, {"driver", "dev"})
    assert record_id == "driver" and 0 < score <= 1.0001


def test_update_and_delete_keep_store_and_index_in_step(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser, LOW_THRESHOLD)
    for person in people():
        pool.add(person)
    assert pool.index.kind == "HNSW32,SQfp16"
    moved = pool.update(profile("dev", "cooking_techniques", "food_safety"), expected_version=1)
    pool.delete("chef")
    hits = pool.search(vacancy("v", essential=("cooking_techniques", "food_safety")), k=5)
    assert hits[0].id == "dev" and "chef" not in [h.id for h in hits]
    assert pool.index.version("dev") == moved.version == 2
    assert pool.verify().ok


def test_a_stale_update_changes_neither_store_nor_index(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser)
    pool.add(profile("p", "python"))
    pool.update(profile("p", "python", "javascript"), expected_version=1)
    with pytest.raises(ConflictError):
        pool.update(profile("p", "heavy_trucks"), expected_version=1)
    assert (pool.get("p").version, pool.index.version("p")) == (2, 2)


def test_a_record_with_an_unknown_skill_is_rejected_before_anything_is_written(
    tmp_path, vectoriser
):
    pool = open_pool(tmp_path, vectoriser)
    bad = Profile.model_validate({"id": "p", "skills": [{"uri": uri("python") + "-nope"}]})
    with pytest.raises(NotFoundError):
        pool.add(bad)
    assert (pool.store.count(), len(pool.index)) == (0, 0)


def test_restart_repairs_what_happened_after_the_last_save(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser, LOW_THRESHOLD)
    for person in people():
        pool.add(person)
    pool.save()
    pool.add(profile("late", "python", "javascript"))  # not saved to the index
    pool.update(profile("shop", "cash_register"), expected_version=1)
    pool.delete("nurse")
    pool.store.close()

    again = open_pool(tmp_path, vectoriser, LOW_THRESHOLD)  # new objects, same folder
    assert again.verify().ok
    assert sorted(id_ for id_, _ in again.index.versions()) == ["chef", "dev", "driver", "late",
                                                                  "shop"]  # fmt: skip
    assert again.index.version("shop") == 2
    assert again.search(vacancy("v", essential=("python", "javascript")), k=1)[0].id in {
        "late",
        "dev",
    }


def test_a_mismatched_index_is_detected_and_repaired(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser)
    for person in people():
        pool.add(person)
    pool.index.discard(["dev"])  # the index loses one record behind the store's back
    pool.index.upsert(["ghost"], [1], vectoriser(profile("g", "python"))[None, :])
    check = pool.verify()
    assert not check.ok and (check.missing, check.extra) == (("dev",), ("ghost",))
    assert pool.repair().missing == ("dev",)
    assert pool.verify().ok


def test_a_corrupted_index_file_is_rebuilt_from_the_store(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser)
    for person in people():
        pool.add(person)
    pool.save()
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text())
    (tmp_path / "index" / manifest["files"]["index"]["name"]).write_bytes(b"garbage")
    again = open_pool(tmp_path, vectoriser)
    assert again.verify().ok and len(again.index) == 5


def test_an_index_of_another_model_is_refused(tmp_path, vectoriser, toy_taxonomy):
    pool = open_pool(tmp_path, vectoriser)
    pool.add(people()[0])
    pool.save()
    other_vectors = SkillVectors(
        vectoriser.skill_vectors.uris, vectoriser.skill_vectors.vectors, "another-model"
    )
    other = RecordVectoriser(other_vectors).fit(toy_taxonomy)
    with pytest.raises(ConflictError, match="another-model"):
        open_pool(tmp_path, other)
    mixed = Pool(pool.store, pool.index, other)
    with pytest.raises(ConflictError):
        mixed.add(people()[1])
    assert pool.store.count() == 1


def test_imported_records_are_indexed_by_repair(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser)
    records = [p.model_dump(mode="json") for p in people()]
    pool.store.import_json(io.StringIO(json.dumps(records)))
    assert pool.repair().missing == tuple(sorted(p.id for p in people()))
    assert pool.verify().ok and len(pool.index) == 5


def test_compaction_on_save_keeps_the_pool_searchable(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser, LOW_THRESHOLD)
    for person in people():
        pool.add(person)
    pool.delete("shop")
    pool.delete("nurse")
    assert pool.index.needs_compaction
    pool.save()
    reopened = PoolIndex.open(
        tmp_path / "index", model_id=vectoriser.model_id, dim=vectoriser.dim, config=LOW_THRESHOLD
    )
    assert (reopened.dead, len(reopened)) == (0, 3)
