"""The FAISS pool index: stable ids, tombstones, kinds, persistence, guards."""

from __future__ import annotations

import json

import numpy as np
import pytest

from matcher.storage.pool_index import (
    AllowList,
    IndexConfig,
    IndexCorruptError,
    PoolIndex,
    StaleAllowListError,
    pairs_checksum,
)
from taxonomy.errors import BadInputError, ConflictError, NotFoundError

DIM = 16
MODEL = "fake-model-16"
#: a low threshold so that 60 vectors already use the approximate index
SMALL_HNSW = IndexConfig(approximate_threshold=40, exact_filter_max=5, ef_search=64)
SMALL_SQ8 = IndexConfig(approximate_threshold=40, approximate="HNSW32,SQ8", exact_filter_max=5)
SMALL_IVF = IndexConfig(
    approximate_threshold=40, approximate="IVF{nlist},Flat", nprobe=64, exact_filter_max=5
)


def unit_vectors(n: int, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def ids(n: int) -> list[str]:
    return [f"r{i:03d}" for i in range(n)]


def filled(folder, n: int = 60, config: IndexConfig | None = None) -> PoolIndex:
    index = PoolIndex(folder, model_id=MODEL, dim=DIM, config=config)
    index.upsert(ids(n), [1] * n, unit_vectors(n))
    return index


def found(index: PoolIndex, query: np.ndarray, k: int, allow=None) -> list[str]:
    return [hit.id for hit in index.search(query, k, allow)]


CONFIGS = pytest.mark.parametrize(
    "config", [None, SMALL_HNSW, SMALL_SQ8, SMALL_IVF], ids=["flat", "hnsw-fp16", "hnsw-sq8", "ivf"]
)


def test_small_pools_are_exact_and_large_ones_approximate(tmp_path):
    assert filled(tmp_path / "a", 60).kind == "Flat"
    assert filled(tmp_path / "b", 60, SMALL_HNSW).kind == "HNSW32,SQfp16"
    grown = filled(tmp_path / "c", 30, SMALL_HNSW)
    assert grown.kind == "Flat"
    grown.upsert(["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11"],
                 [1] * 11, unit_vectors(11, seed=5))  # fmt: skip
    assert (grown.kind, len(grown)) == ("HNSW32,SQfp16", 41)
    assert found(grown, unit_vectors(11, seed=5)[3], 1) == ["x4"]


@CONFIGS
def test_search_finds_each_record_by_its_own_vector(tmp_path, config):
    index = filled(tmp_path, 60, config)
    vectors = unit_vectors(60)
    assert [found(index, vectors[i], 1)[0] for i in range(60)] == ids(60)
    hits = index.search(vectors[7], 5)
    assert hits[0].id == "r007" and hits[0].score == pytest.approx(1.0, abs=0.02)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@CONFIGS
def test_deleted_and_replaced_vectors_are_never_returned(tmp_path, config):
    index = filled(tmp_path, 60, config)
    vectors = unit_vectors(60)
    slots_before = index.slots
    index.delete("r007")
    index.discard(["r008", "r009", "not-there"])
    index.update("r010", 2, unit_vectors(1, seed=99)[0])
    assert index.slots == slots_before + 1  # tombstones + a new slot: no rebuild
    everything = found(index, vectors[7], 100)
    assert len(everything) == len(index) == 57
    assert {"r007", "r008", "r009"}.isdisjoint(everything)
    assert everything.count("r010") == 1
    assert found(index, unit_vectors(1, seed=99)[0], 1) == ["r010"]
    assert index.version("r010") == 2
    with pytest.raises(NotFoundError):
        index.version("r007")


@CONFIGS
def test_compaction_drops_dead_slots_and_keeps_results(tmp_path, config):
    index = filled(tmp_path, 60, config)
    index.discard(ids(60)[:20])
    assert index.needs_compaction and index.dead == 20
    before = [found(index, q, 5) for q in unit_vectors(60)[20:]]
    index.compact()
    assert (index.dead, index.slots, index.needs_compaction) == (0, 40, False)
    after = [found(index, q, 5) for q in unit_vectors(60)[20:]]
    assert [a[0] for a in after] == [b[0] for b in before] == ids(60)[20:]


@pytest.mark.parametrize("config", [SMALL_SQ8, SMALL_IVF], ids=["hnsw-sq8", "ivf"])
def test_compaction_reuses_the_trained_quantiser(tmp_path, config):
    index = filled(tmp_path, 60, config)
    kept = ids(60)[30:]
    before = np.stack([index.vector(r) for r in kept])
    index.discard(ids(60)[:30])
    index.compact()
    np.testing.assert_array_equal(np.stack([index.vector(r) for r in kept]), before)


@CONFIGS
def test_allow_list_limits_results_on_both_search_paths(tmp_path, config):
    index = filled(tmp_path, 60, config)
    query = unit_vectors(60)[0]
    small = ["r001", "r002", "r003", "unknown"]
    large = ids(60)[30:]
    index.delete("r031")
    assert set(found(index, query, 10, small)) == {"r001", "r002", "r003"}
    wide = found(index, query, 10, large)  # above exact_filter_max: a selector on the index
    assert len(wide) == 10 and set(wide) <= set(large) - {"r031"}
    exact = sorted(
        set(large) - {"r031"}, key=lambda r: -float(unit_vectors(60)[int(r[1:])] @ query)
    )
    assert wide[0] == exact[0]
    assert found(index, query, 10, []) == []
    assert found(index, query, 10, ["r031"]) == []


@pytest.mark.parametrize("max_filter_ef", [2048, 1], ids=["graph", "scan"])
def test_a_wide_allow_list_is_searched_through_the_graph_or_by_a_scan(tmp_path, max_filter_ef):
    config = IndexConfig(approximate_threshold=40, exact_filter_max=5, max_filter_ef=max_filter_ef)
    index = filled(tmp_path, 60, config)
    vectors = unit_vectors(60)
    allowed = ids(60)[::2]
    for i in range(0, 60, 2):
        assert found(index, vectors[i], 3, allowed)[0] == f"r{i:03d}"
    assert set(found(index, vectors[1], 10, allowed)) <= set(allowed)


@CONFIGS
def test_an_allow_list_object_is_reused_until_the_next_write(tmp_path, config):
    index = filled(tmp_path, 60, config)
    vectors = unit_vectors(60)
    allow = AllowList(ids(60)[:10])
    assert found(index, vectors[3], 1, allow) == ["r003"]
    cached = allow._bitmap
    assert found(index, vectors[4], 1, allow) == ["r004"] and allow._bitmap is cached
    index.delete("r003")
    assert "r003" not in found(index, vectors[3], 10, allow)
    index.discard(ids(60)[20:])  # enough dead slots to compact, which renumbers slots
    index.compact()
    assert found(index, vectors[5], 1, allow) == ["r005"]
    assert len(found(index, vectors[5], 20, allow)) == 9


@CONFIGS
def test_an_allow_list_of_slots_needs_no_ids_and_goes_stale_on_renumbering(tmp_path, config):
    index = filled(tmp_path, 60, config)
    vectors = unit_vectors(60)
    slots = index.slots_of(["r001", "r002", "nope", "r040"])
    assert slots.tolist()[2] == -1
    allow = index.allow_slots(slots)
    assert len(allow) == 3 and found(index, vectors[40], 1, allow) == ["r040"]
    index.delete("r040")
    index.update("r001", 2, vectors[1])  # a new slot: this allow-list no longer holds r001
    assert found(index, vectors[40], 10, allow) == ["r002"]
    index.compact()
    with pytest.raises(StaleAllowListError):
        index.search(vectors[2], 1, allow)
    assert index.numbering != allow._numbering


def test_ids_and_results_survive_save_and_load(tmp_path):
    for config in (None, SMALL_HNSW):
        folder = tmp_path / str(config is None)
        index = filled(folder, 60, config)
        index.delete("r005")
        index.update("r006", 3, unit_vectors(1, seed=7)[0])
        index.save()
        again = PoolIndex.open(folder, model_id=MODEL, dim=DIM, config=config)
        assert (again.kind, len(again), again.checksum()) == (index.kind, 59, index.checksum())
        assert [again.slot(r) for r in ids(60) if r != "r005"] == [
            index.slot(r) for r in ids(60) if r != "r005"
        ]
        queries = unit_vectors(10, seed=3)
        assert [found(again, q, 5) for q in queries] == [found(index, q, 5) for q in queries]


def test_saving_again_leaves_one_generation_of_files(tmp_path):
    index = filled(tmp_path, 10)
    index.save()
    index.delete("r001")
    index.save()
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == ["ids-2.json", "index-2.faiss", "manifest.json"]


def test_two_processes_saving_one_folder_never_break_each_others_files(tmp_path):
    # Two writers of one folder (service worker and CLI): each save takes the generation after
    # the newest on disk, so neither deletes the files the current manifest names.
    first = filled(tmp_path, 10)
    first.save()
    second = PoolIndex.open(tmp_path, model_id=MODEL, dim=DIM)
    second.delete("r001")
    second.save()  # generation 2
    first.delete("r002")
    first.save()  # generation 3, not a second "generation 2"
    reopened = PoolIndex.open(tmp_path, model_id=MODEL, dim=DIM)
    assert "r002" not in reopened and "r001" in reopened  # the last save wins, intact
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == ["ids-3.json", "index-3.faiss", "manifest.json"]


def test_open_without_files_is_empty_and_search_gives_nothing(tmp_path):
    index = PoolIndex.open(tmp_path, model_id=MODEL, dim=DIM)
    assert len(index) == 0 and index.search(unit_vectors(1)[0], 5) == []


def test_an_index_of_another_model_or_dimension_is_refused(tmp_path):
    filled(tmp_path, 10).save()
    with pytest.raises(ConflictError, match="fake-model-16"):
        PoolIndex.open(tmp_path, model_id="other-model", dim=DIM)
    with pytest.raises(ConflictError):
        PoolIndex.open(tmp_path, model_id=MODEL, dim=DIM * 2)


@pytest.mark.parametrize("damage", ["index bytes", "ids file", "manifest", "manifest count"])
def test_damaged_files_are_detected(tmp_path, damage):
    filled(tmp_path, 20).save()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    if damage == "index bytes":
        path = tmp_path / manifest["files"]["index"]["name"]
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    elif damage == "ids file":
        (tmp_path / manifest["files"]["ids"]["name"]).write_text('{"ids": [], "versions": []}')
    elif damage == "manifest":
        (tmp_path / "manifest.json").write_text("{not json")
    else:
        manifest["count"] = 19
        (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexCorruptError):
        PoolIndex.open(tmp_path, model_id=MODEL, dim=DIM)


def test_wrong_inputs_are_refused(tmp_path):
    index = filled(tmp_path, 5)
    with pytest.raises(BadInputError):
        index.add("new", 1, np.ones(DIM + 1, dtype=np.float32))
    with pytest.raises(ConflictError):
        index.add("r001", 1, unit_vectors(1)[0])
    with pytest.raises(NotFoundError):
        index.update("nope", 1, unit_vectors(1)[0])
    with pytest.raises(NotFoundError):
        index.delete("nope")
    with pytest.raises(BadInputError):
        index.upsert(["a", "a"], [1, 1], unit_vectors(2))
    with pytest.raises(BadInputError):
        PoolIndex(None, model_id=MODEL, dim=DIM).save()


class Versions:
    def __init__(self, pairs: dict[str, int]) -> None:
        self.pairs = pairs

    def versions(self):
        return sorted(self.pairs.items())


def test_verify_names_missing_stale_and_extra_records(tmp_path):
    index = filled(tmp_path, 5)
    in_step = Versions(dict.fromkeys(ids(5), 1))
    assert index.verify(in_step).ok
    check = index.verify(Versions({"r000": 1, "r001": 2, "r002": 1, "r003": 1, "new": 1}))
    assert not check.ok
    assert (check.missing, check.stale, check.extra) == (("new",), ("r001",), ("r004",))
    assert check.index_checksum == pairs_checksum(dict.fromkeys(ids(5), 1).items())
