"""Pool = record store + vector index + vectoriser, kept consistent across restarts."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from scipy import sparse

from matcher.ranking.hard_filters import HardFilters
from matcher.records import Profile
from matcher.storage.database import create_database_engine
from matcher.storage.match_pool import MatchPool
from matcher.storage.pool import Pool
from matcher.storage.pool_index import IndexConfig, PoolIndex
from matcher.storage.sql_store import SqlRecordStore
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
    engine = create_database_engine(f"sqlite:///{tmp_path / 'records.db'}")
    store = SqlRecordStore(engine, Profile).create_tables()
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
        pool.add(person)  # type: ignore[attr-defined]
    job = vacancy("v", essential=("heavy_trucks",))
    allowed = pool.allowed(job, HardFilters())
    assert (allowed.total, allowed.n_excluded, allowed.excluded) == (5, 0, {})
    [(record_id, score)] = allowed.search(vectoriser(job), 1)
    assert record_id == "driver" and 0 < score <= 1.0001
    assert pool.get_many(["driver", "gone"]) == {"driver": people()[4]}


def allowed_ids(pool: Pool[Profile], job) -> list[str]:
    allowed = pool.allowed(job, HardFilters())
    hits = allowed.search(pool.vectorise(job), 100)
    assert len(hits) == allowed.total
    return sorted(record_id for record_id, _ in hits)


@pytest.mark.parametrize("config", [None, LOW_THRESHOLD], ids=["flat", "hnsw"])
def test_hard_filters_follow_adds_updates_deletes_compaction_and_restarts(
    tmp_path, vectoriser, config
):
    pool = open_pool(tmp_path, vectoriser, config)
    for i, person in enumerate(people()):
        pool.add(person.model_copy(update={"hours_per_week": 20 + 5 * i}))  # 20 … 40
    job = vacancy("v", essential=("cooking_techniques",), hours_per_week_min=30)
    assert allowed_ids(pool, job) == ["dev", "driver", "nurse"]
    pool.update(profile("chef", "cooking_techniques", hours_per_week=36), expected_version=1)
    pool.update(profile("dev", "python", hours_per_week=12), expected_version=1)
    pool.delete("nurse")
    pool.add(profile("late", "python"))  # no hours: passes, unverified
    assert allowed_ids(pool, job) == ["chef", "driver", "late"]
    assert pool.allowed(job, HardFilters()).excluded == {"hours": 2}
    pool.delete("shop")
    pool.save()  # compacts: slots are renumbered
    assert allowed_ids(pool, job) == ["chef", "driver", "late"]
    again = open_pool(tmp_path, vectoriser, config)  # the table is read from the store
    assert allowed_ids(again, job) == ["chef", "driver", "late"]


def test_a_search_after_a_compaction_filters_again(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser)
    for person in people():
        pool.add(person)
    job = vacancy("v", essential=("heavy_trucks",))
    allowed = pool.allowed(job, HardFilters())
    pool.delete("shop")
    pool.delete("chef")
    pool.save()  # compacts while ``allowed`` holds slots of the old numbering
    hits = allowed.search(vectoriser(job), 10)
    assert sorted(record_id for record_id, _ in hits) == ["dev", "driver", "nurse"]


def test_writes_around_the_pool_are_picked_up_by_repair(tmp_path, vectoriser):
    pool = open_pool(tmp_path, vectoriser)
    pool.add(profile("a", "python", hours_per_week=10))
    job = vacancy("v", essential=("python",), hours_per_week_min=30)
    records = [profile("b", "python", hours_per_week=40).model_dump(mode="json")]
    pool.store.import_json(io.StringIO(json.dumps(records)))
    pool.repair()
    assert allowed_ids(pool, job) == ["b"]


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


def test_a_save_never_writes_back_what_another_process_deleted(tmp_path, vectoriser):
    """Two pools over one database and index folder (a service worker and the CLI): the one
    whose memory predates a deletion erases the record before it saves."""
    worker = open_pool(tmp_path, vectoriser)
    for person in people():
        worker.add(person)
    worker.save()
    cli = open_pool(tmp_path, vectoriser)  # opened while "shop" still exists
    worker.delete("shop")
    worker.save()
    cli.add(profile("extra", "python"))
    assert "shop" in cli.index  # stale memory ...
    cli.save()
    assert "shop" not in cli.index  # ... caught up before writing
    reopened = PoolIndex.open(tmp_path / "index", model_id=vectoriser.model_id, dim=vectoriser.dim)
    assert "shop" not in reopened and "extra" in reopened
    assert cli.forget_deleted() == []  # nothing twice


def test_deletions_are_kept_for_a_while_and_an_old_pool_repairs_instead(tmp_path, vectoriser):
    from datetime import UTC, datetime, timedelta

    from matcher.storage.pool import DELETION_RETENTION

    pool = open_pool(tmp_path, vectoriser)
    for person in people():
        pool.add(person)
    stale = open_pool(tmp_path, vectoriser)
    pool.delete("chef")
    store = pool.store
    assert store.deleted_since(datetime.now(UTC) - timedelta(minutes=1)) == ["chef"]
    assert store.purge_deletions(datetime.now(UTC) - timedelta(minutes=1)) == 0
    assert store.purge_deletions(datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert store.deleted_since(datetime.now(UTC) - timedelta(days=1)) == []
    # the tombstone is gone: a pool behind by more than the retention repairs from the store
    stale._deletions_seen_at -= DELETION_RETENTION
    assert stale.forget_deleted() == ["chef"]
    assert "chef" not in stale.index and stale.verify().ok
