"""FAISS index of a pool's record vectors (profiles or vacancies), with stable record ids.

**Ids.** Every vector gets a *slot*: its sequential FAISS id (0, 1, 2, … in insertion order,
which is what FAISS assigns itself, so no ``IndexIDMap2`` is needed). The index keeps
``record id → slot`` and ``slot → (record id, record version)``; both are saved with the index,
so a record keeps its slot across save/load. An update writes the new vector into a new slot.

**Kinds, chosen by size** (measured by ``bench/pool_scale.py`` on synthetic ESCO pools,
384-d e5 vectors, 2 shared cores, one query at a time; ``bench/results/pool_scale.md``):

- up to :attr:`IndexConfig.approximate_threshold` live vectors (default **50,000**):
  ``Flat``, exact inner product, no training, cheapest writes. A flat scan is bound by memory
  bandwidth: 5.1 ms p95 at 100k alone on an idle machine, but 12-14 ms p50 inside the full
  matching path on the shared 2 cores (``bench/results/match_scale.md``), the largest phase of
  a 100k query; so pools above 50k switch to the graph (about 1 ms, recall@20 0.99 at 100k).
- beyond it: **``HNSW32,SQfp16``**, an HNSW graph (M=32, efConstruction 80, efSearch 128)
  over float16 vectors. At 1M: recall@20 0.984, p95 0.95 ms, 1.0 GB resident, build
  1.3-2.3 min (two runs on the shared machine); efSearch 32-256 all give recall 0.984-0.985,
  the rest of the loss being fp16 rounding among near-tied profiles.
  Rejected by the same measurements: ``HNSW32,SQ8`` (0.67 GB, but 8-bit rounding reorders
  near-ties among profiles of one occupation: recall@20 0.94 at 100k and 0.89 at 1M,
  whatever efSearch); ``HNSW32,Flat`` (recall 0.998, but ≈ 1.8 GB at 1M plus ids, too close to
  the 2 GB budget); ``IVF{nlist},SQfp16`` (similar recall and latency, but trained k-means
  cells drift as the pool changes, and a filtered search scans whole cells: 50 ms p95 for a
  10% allow-list at 100k in the bench's first run). The switch happens inside the add that
  crosses the threshold (a one-off rebuild from the stored vectors: about 5 s at 100k).

**Deletes and updates without a rebuild.** HNSW cannot remove a node, so every kind deletes
the same way: the slot is tombstoned (its bit cleared in a live bitmap) and searches pass an
``IDSelectorBitmap`` of live slots, so a deleted or replaced vector is never returned. Dead
slots still cost memory and graph hops; :meth:`PoolIndex.compact` rebuilds the index from the
live vectors (reusing the trained quantiser) and renumbers slots. :class:`matcher.storage.pool.Pool`
compacts on save once :attr:`IndexConfig.compact_dead_fraction` (20%) of the slots are dead;
at 1M that is a full graph build (173 s measured) during which the lock blocks searches.

**Filters.** ``search(..., allow=ids)`` applies hard filters before ranking. Small
allow-lists (up to :attr:`IndexConfig.exact_filter_max`) are scored by a selector scan of the
flat/fp16 codes, which is exact and cheap; larger ones go through the graph with a bitmap
selector and an ``efSearch`` that grows as the allowed share falls (:meth:`filtered_ef`:
FAISS's filtered HNSW search otherwise stops before it has found k allowed nodes). An
:class:`AllowList` caches the id → slot bitmap across searches. A caller that keeps each record's
slot beside its own data (the pool's filter table) builds one straight from a slot array
(:meth:`PoolIndex.allow_slots`, no id lookups), valid until slots are renumbered
(:attr:`PoolIndex.numbering`).

**Persistence.** ``save()`` writes ``index-<gen>.faiss`` and ``ids-<gen>.json`` (temp file +
``os.replace``), then ``manifest.json`` the same way: the manifest is the commit point, and it
names the model id, dimension, index kind, live count, a checksum over the sorted
``(record id, version)`` pairs and the sha256 of both files. Loading checks all of them
(``IndexCorruptError`` on any mismatch) and refuses a manifest of another model
(``ConflictError``): an index never mixes vectors of two models. ``verify(store)`` compares
counts and checksum with the record store after a restart; ``repair`` re-indexes what is
missing or stale and drops what the store no longer has, ``rebuild`` starts from scratch.

Thread safety: one lock serialises searches and writes; an inter-process file lock serialises
saves of one folder (a save takes the generation after the newest on disk).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import faiss
import numpy as np
from filelock import FileLock

from taxonomy.errors import BadInputError, ConflictError, NotFoundError, NotReadyError

ProgressCallback = Callable[[int, int], None]

FORMAT = 1
MANIFEST = "manifest.json"
_CHUNK = 50_000
_TRAIN_SAMPLE = 100_000


class IndexCorruptError(NotReadyError):
    """The index files on disk are unreadable or disagree with their manifest (rebuild it)."""

    code = "index_corrupt"


@dataclass(frozen=True)
class IndexConfig:
    """How the index is built and searched (defaults chosen in bench/pool_scale.py)."""

    #: live vectors above which the approximate kind is used
    approximate_threshold: int = 50_000
    #: FAISS factory string of the approximate kind; ``{nlist}`` is filled in for IVF specs
    approximate: str = "HNSW32,SQfp16"
    ef_construction: int = 80
    ef_search: int = 128
    nprobe: int = 32
    #: compact once this fraction of the slots is dead
    compact_dead_fraction: float = 0.2
    #: allow-lists up to this size are scored exactly instead of through the index
    exact_filter_max: int = 20_000
    #: larger ``efSearch`` than this for a filtered HNSW search: scan the codes instead
    max_filter_ef: int = 2048
    #: OpenMP threads for searches and adds of fewer than 20 vectors (0: FAISS's setting)
    search_threads: int = 1

    def kind_for(self, live: int) -> str:
        if live <= self.approximate_threshold:
            return "Flat"
        nlist = max(16, 2 ** round(math.log2(4 * math.sqrt(live))))
        return self.approximate.format(nlist=nlist)


class Hit(NamedTuple):
    """One search result: a record id and its (approximate) inner product with the query."""

    id: str
    score: float


@dataclass(frozen=True)
class IndexCheck:
    """The index compared with the record store."""

    index_count: int
    store_count: int
    index_checksum: str
    store_checksum: str
    missing: tuple[str, ...] = ()  # in the store, not in the index
    stale: tuple[str, ...] = ()  # in both, with another version in the index
    extra: tuple[str, ...] = ()  # in the index, no longer in the store

    @property
    def ok(self) -> bool:
        return self.index_checksum == self.store_checksum and self.index_count == self.store_count


class StaleAllowListError(ConflictError):
    """An AllowList made of slots was used after the index renumbered its slots."""

    code = "stale_allow_list"


class AllowList:
    """Record ids a search may return (e.g. a hard filter's result), reusable across searches.

    Plain ids cost a dict lookup per id per search (85 ms for 100k ids at 1M, measured); an
    AllowList is resolved to a slot bitmap once and reused until the index is next written.
    One made of slots (:meth:`PoolIndex.allow_slots`) has no ids: after a write it drops the
    slots that died, and after a renumbering searching with it raises StaleAllowListError.
    """

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = ids if isinstance(ids, frozenset) else frozenset(ids)
        self._key: tuple[str, int] | None = None
        self._slots: np.ndarray | None = None
        self._bitmap: np.ndarray | None = None
        self._numbering: tuple[str, int] | None = None  # set when made of slots

    def __len__(self) -> int:
        return len(self.ids) if self._numbering is None else len(self._slots)  # type: ignore[arg-type]


class VersionSource(Protocol):
    """What :meth:`PoolIndex.verify` needs of a record store."""

    def versions(self) -> Iterable[tuple[str, int]]: ...


class StoredRecords(VersionSource, Protocol):
    """What :meth:`PoolIndex.repair` and :meth:`PoolIndex.rebuild` need of a record store."""

    def get(self, record_id: str) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def count(self) -> int: ...


def pairs_checksum(pairs: Iterable[tuple[str, int]]) -> str:
    """sha256 over ``(record id, version)`` pairs sorted by id."""
    digest = hashlib.sha256(f"skillmatch-pool/{FORMAT}\n".encode())
    for record_id, version in sorted(pairs):
        digest.update(f"{record_id}\x00{version}\n".encode())
    return digest.hexdigest()


class PoolIndex:
    """Vector index of one pool (one model, one dimension), optionally persisted to a folder.

    The constructor only stores its parameters; :meth:`open` loads a saved index.
    """

    def __init__(
        self,
        folder: Path | str | None,
        *,
        model_id: str,
        dim: int,
        config: IndexConfig | None = None,
    ) -> None:
        self.folder = None if folder is None else Path(folder)
        self.model_id = model_id
        self.dim = dim
        self.config = config or IndexConfig()
        self._lock = threading.RLock()
        self._index: faiss.Index | None = None
        self._kind = "Flat"
        self._slot: dict[str, int] = {}  # record id → slot of its live vector
        self._ids: list[str | None] = []  # slot → record id (None: dead)
        self._versions: list[int] = []  # slot → record version
        self._live = np.zeros(0, dtype=np.uint8)  # slot bitmap, little bit order
        self._generation = 0
        self._folder_lock: FileLock | None = None
        self._token = uuid.uuid4().hex  # with _epoch, keys the slots cached in AllowLists
        self._epoch = 0  # bumped by every write
        self._renumbered = 0  # bumped whenever slots are renumbered (compaction, clear)

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        folder: Path | str,
        *,
        model_id: str,
        dim: int,
        config: IndexConfig | None = None,
    ) -> PoolIndex:
        """The index saved in ``folder``, or an empty one when there is none yet.

        ConflictError when the saved index is of another model or dimension;
        IndexCorruptError when its files are damaged or disagree with the manifest.
        """
        index = cls(folder, model_id=model_id, dim=dim, config=config)
        if (index.folder / MANIFEST).exists():  # type: ignore[operator]
            index._load()
        return index

    def _load(self) -> None:
        folder = self.folder
        assert folder is not None
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise IndexCorruptError(f"cannot read {folder / MANIFEST}: {err}") from None
        if manifest.get("model_id") != self.model_id:
            raise ConflictError(
                f"the pool index in {folder} holds vectors of model "
                f"{manifest.get('model_id')!r}, not {self.model_id!r}: rebuild it",
                details={"index_model": manifest.get("model_id"), "model": self.model_id},
            )
        if manifest.get("dim") != self.dim or manifest.get("format") != FORMAT:
            raise ConflictError(
                f"the pool index in {folder} has dim {manifest.get('dim')} and format "
                f"{manifest.get('format')}, expected {self.dim} and {FORMAT}: rebuild it"
            )
        try:
            files = manifest["files"]
            for entry in files.values():
                if _sha256(folder / entry["name"]) != entry["sha256"]:
                    raise IndexCorruptError(f"{folder / entry['name']} does not match its sha256")
            index = faiss.read_index(str(folder / files["index"]["name"]))
            ids_doc = json.loads((folder / files["ids"]["name"]).read_text(encoding="utf-8"))
            ids, versions = ids_doc["ids"], ids_doc["versions"]
            kind, generation = manifest["kind"], int(manifest["generation"])
        except IndexCorruptError:
            raise
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as err:
            raise IndexCorruptError(f"cannot load the pool index in {folder}: {err}") from None
        if index.ntotal != len(ids) or len(versions) != len(ids) or index.d != self.dim:
            raise IndexCorruptError(
                f"the pool index in {folder} has {index.ntotal} vectors for {len(ids)} slots"
            )
        slot = {record_id: s for s, record_id in enumerate(ids) if record_id is not None}
        checksum = pairs_checksum((r, versions[s]) for r, s in slot.items())
        if len(slot) != manifest.get("count") or checksum != manifest.get("checksum"):
            raise IndexCorruptError(f"the pool index in {folder} disagrees with its manifest")
        self._index, self._kind, self._generation = index, kind, generation
        self._ids, self._versions, self._slot = list(ids), list(versions), slot
        self._live = np.packbits(
            np.fromiter((r is not None for r in ids), dtype=bool, count=len(ids)),
            bitorder="little",
        )
        self._configure(index, kind)

    # -- size and lookups ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._slot

    @property
    def kind(self) -> str:
        """FAISS factory string of the current index (``Flat``, ``HNSW32,SQ8``, …)."""
        return self._kind

    @property
    def slots(self) -> int:
        """Vectors held, live and dead."""
        return len(self._ids)

    @property
    def dead(self) -> int:
        return len(self._ids) - len(self._slot)

    @property
    def epoch(self) -> tuple[str, int]:
        """Changes with every write: a key for anything cached by slot."""
        return (self._token, self._epoch)

    @property
    def numbering(self) -> tuple[str, int]:
        """Changes only when slots are renumbered (compaction, clear): until then a record
        keeps its slot unless it is itself updated or deleted."""
        return (self._token, self._renumbered)

    @property
    def needs_compaction(self) -> bool:
        return bool(self._ids) and self.dead / len(self._ids) > self.config.compact_dead_fraction

    def version(self, record_id: str) -> int:
        """The record version whose vector is indexed; NotFoundError if none is."""
        slot = self._slot.get(record_id)
        if slot is None:
            raise NotFoundError(f"{record_id} is not in the pool index", details={"id": record_id})
        return self._versions[slot]

    def slot(self, record_id: str) -> int:
        """The FAISS id of the record's current vector (stable until the next compaction)."""
        slot = self._slot.get(record_id)
        if slot is None:
            raise NotFoundError(f"{record_id} is not in the pool index", details={"id": record_id})
        return slot

    def slots_of(self, record_ids: Sequence[str]) -> np.ndarray:
        """The slot of each record id, -1 for ids not indexed (int64)."""
        with self._lock:
            get = self._slot.get
            return np.fromiter((get(r, -1) for r in record_ids), np.int64, count=len(record_ids))

    def versions(self) -> list[tuple[str, int]]:
        return [(record_id, self._versions[slot]) for record_id, slot in self._slot.items()]

    def checksum(self) -> str:
        return pairs_checksum(self.versions())

    def vector(self, record_id: str) -> np.ndarray:
        """The stored vector (decoded, so approximate for a quantised kind)."""
        with self._lock:
            return self._reconstruct(np.array([self.slot(record_id)], dtype=np.int64))[0]

    # -- writes --------------------------------------------------------------------------------
    def add(self, record_id: str, version: int, vector: np.ndarray) -> None:
        """Index a new record; ConflictError if it is indexed already."""
        with self._lock:
            if record_id in self._slot:
                raise ConflictError(f"{record_id} is already in the pool index")
            self.upsert([record_id], [version], vector[None, :])

    def update(self, record_id: str, version: int, vector: np.ndarray) -> None:
        """Replace a record's vector (tombstone the old slot, add a new one)."""
        with self._lock:
            if record_id not in self._slot:
                raise NotFoundError(f"{record_id} is not in the pool index")
            self.upsert([record_id], [version], vector[None, :])

    def upsert(
        self,
        record_ids: Sequence[str],
        versions: Sequence[int],
        vectors: np.ndarray,
        progress: ProgressCallback | None = None,
    ) -> None:
        """Add or replace many records at once (bulk loads, repair)."""
        vectors = self._check_vectors(vectors)
        if not len(record_ids) == len(versions) == len(vectors):
            raise BadInputError("record_ids, versions and vectors differ in length")
        if len(set(record_ids)) != len(record_ids):
            raise BadInputError("a record id appears twice in one upsert")
        with self._lock:
            self._epoch += 1
            self._tombstone(r for r in record_ids if r in self._slot)
            if self._index is None:
                self._kind = self.config.kind_for(len(record_ids))
                self._index = self._empty(self._kind, vectors)
            start = len(self._ids)
            for lo in range(0, len(vectors), _CHUNK):
                with self._threads(len(vectors)):
                    self._index.add(vectors[lo : lo + _CHUNK])
                if progress:
                    progress(min(lo + _CHUNK, len(vectors)), len(vectors))
            self._ids.extend(record_ids)
            self._versions.extend(int(v) for v in versions)
            self._slot.update(zip(record_ids, range(start, start + len(record_ids)), strict=True))
            self._grow_bitmap()
            _set_bits(self._live, np.arange(start, len(self._ids)))
            if self._kind == "Flat" and self.config.kind_for(len(self)) != "Flat":
                self.compact(progress)

    def delete(self, record_id: str) -> None:
        """Remove a record (tombstone); NotFoundError if it is not indexed."""
        with self._lock:
            if record_id not in self._slot:
                raise NotFoundError(f"{record_id} is not in the pool index")
            self._tombstone([record_id])

    def discard(self, record_ids: Iterable[str]) -> int:
        """Remove those of ``record_ids`` that are indexed; returns how many were."""
        with self._lock:
            return self._tombstone(r for r in record_ids if r in self._slot)

    def erase(self, record_ids: Iterable[str]) -> int:
        """Remove records *and overwrite their stored vectors with zeros* (right to be
        forgotten: a deleted person's vector must not survive in memory or, after the next
        :meth:`save`, on disk); returns how many were indexed. Graph links stay (they hold no
        personal data)."""
        with self._lock:
            ids = [r for r in record_ids if r in self._slot]
            slots = [self._slot[r] for r in ids]
            n = self._tombstone(ids)
            if self._index is None or not slots:
                return n
            if self._kind == "Flat" or self._kind.startswith("HNSW"):
                index = faiss.downcast_index(self._index)
                flat_codes = index if self._kind == "Flat" else faiss.downcast_index(index.storage)
                size = flat_codes.code_size
                codes = faiss.rev_swig_ptr(flat_codes.codes.data(), flat_codes.codes.size())
                for slot in slots:
                    codes[slot * size : (slot + 1) * size] = 0
            else:  # codes scattered over inverted lists: rebuild from the live vectors
                self.compact()
            return n

    def _tombstone(self, record_ids: Iterable[str]) -> int:
        self._epoch += 1
        slots = np.array([self._slot.pop(r) for r in list(record_ids)], dtype=np.int64)
        for slot in slots:
            self._ids[slot] = None
        _clear_bits(self._live, slots)
        return len(slots)

    def compact(self, progress: ProgressCallback | None = None) -> None:
        """Rebuild from the live vectors, in the kind their count calls for; renumbers slots."""
        with self._lock:
            live = np.array(sorted(self._slot.values()), dtype=np.int64)
            if len(live) == 0 or self._index is None:
                self.clear()
                return
            self._epoch += 1
            self._renumbered += 1
            kind = self.config.kind_for(len(live))
            new = _empty_like(self._index, kind) if kind == self._kind else None
            for lo in range(0, len(live), _CHUNK):
                vectors = self._reconstruct(live[lo : lo + _CHUNK])
                if new is None:
                    new = self._empty(kind, self._training_sample(live, vectors))
                new.add(vectors)
                if progress:
                    progress(min(lo + _CHUNK, len(live)), len(live))
            ids = [self._ids[s] for s in live]
            self._versions = [self._versions[s] for s in live]
            self._index, self._kind, self._ids = new, kind, ids
            self._slot = {record_id: s for s, record_id in enumerate(ids)}  # type: ignore[misc]
            self._live = np.zeros(0, dtype=np.uint8)
            self._grow_bitmap()
            _set_bits(self._live, np.arange(len(ids)))

    def clear(self) -> None:
        with self._lock:
            self._epoch += 1
            self._renumbered += 1
            self._index, self._kind = None, "Flat"
            self._slot, self._ids, self._versions = {}, [], []
            self._live = np.zeros(0, dtype=np.uint8)

    # -- search --------------------------------------------------------------------------------
    def search(
        self, query: np.ndarray, k: int, allow: Iterable[str] | AllowList | None = None
    ) -> list[Hit]:
        """The ``k`` nearest live records to one query vector (inner product), best first.

        ``allow`` restricts the result to those record ids (unknown ids are ignored); pass an
        :class:`AllowList` to reuse one filter across searches.
        """
        return self.search_many(np.asarray(query, dtype=np.float32)[None, :], k, allow)[0]

    def search_many(
        self, queries: np.ndarray, k: int, allow: Iterable[str] | AllowList | None = None
    ) -> list[list[Hit]]:
        queries = self._check_vectors(queries)
        if k < 0:
            raise BadInputError(f"k must not be negative, got {k}")
        with self._lock:
            if self._index is None or not self._slot or k == 0:
                return [[] for _ in queries]
            if allow is None:
                return self._search_index(queries, k, self._live, len(self._slot))
            slots, bitmap = self._resolve(allow)
            if len(slots) == 0:
                return [[] for _ in queries]
            if self._kind == "Flat" or self.filtered_ef(k, len(slots)) is None:
                return self._search_exact(queries, k, slots, bitmap)
            return self._search_index(queries, k, bitmap, len(slots))

    def allow_list(self, record_ids: Iterable[str]) -> AllowList:
        """An :class:`AllowList` of ``record_ids`` (resolved lazily, on first search)."""
        return AllowList(record_ids)

    def allow_slots(self, slots: np.ndarray) -> AllowList:
        """An :class:`AllowList` of slots (int64; negative and dead ones are dropped), for a
        caller that keeps the slots of its records (see :attr:`numbering`)."""
        allow = AllowList(())
        with self._lock:
            allow._slots, allow._bitmap = self._live_slots_and_bitmap(slots)
            allow._key, allow._numbering = self.epoch, self.numbering
        return allow

    def _resolve(self, allow: Iterable[str] | AllowList) -> tuple[np.ndarray, np.ndarray]:
        """Allowed live slots and their bitmap; an AllowList keeps them until the next write."""
        if isinstance(allow, AllowList):
            key = (self._token, self._epoch)
            if allow._key != key:
                if allow._numbering is None:
                    allow._slots, allow._bitmap = self._slots_and_bitmap(allow.ids)
                elif allow._numbering == self.numbering:
                    allow._slots, allow._bitmap = self._live_slots_and_bitmap(allow._slots)  # type: ignore[arg-type]
                else:
                    raise StaleAllowListError("the index renumbered its slots since this filter")
                allow._key = key
            return allow._slots, allow._bitmap  # type: ignore[return-value]
        return self._slots_and_bitmap(allow)

    def _live_slots_and_bitmap(self, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The live ones of ``slots`` (sorted, unique) and their bitmap, without id lookups."""
        slots = np.asarray(slots, dtype=np.int64)
        marked = np.zeros(len(self._live) * 8, dtype=bool)
        marked[slots[(slots >= 0) & (slots < len(self._ids))]] = True
        bitmap = np.packbits(marked, bitorder="little") & self._live
        return np.flatnonzero(np.unpackbits(bitmap, bitorder="little")), bitmap

    def _slots_and_bitmap(self, record_ids: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        get = self._slot.get
        slots = np.unique(np.array([s for s in map(get, record_ids) if s is not None], np.int64))
        bitmap = np.zeros_like(self._live)
        _set_bits(bitmap, slots)
        return slots, bitmap

    def filtered_ef(self, k: int, allowed: int) -> int | None:
        """HNSW ``efSearch`` for a search limited to ``allowed`` slots, None to scan instead.

        FAISS's filtered HNSW search stops early when few nodes pass, so ``efSearch`` must grow
        as the allowed share falls: about ``0.4 × ef_search / share`` keeps recall@20 ≥ 0.99
        (measured at 100k: share 0.3 → 128, 0.1 → 512, 0.03 → 1280). Up to
        ``exact_filter_max`` slots, or when that ``efSearch`` would exceed ``max_filter_ef``,
        a selector scan of the codes is exact and cheaper (1M × 384-d fp16: 3 ms for 10k
        allowed, 7 ms for 20k).
        """
        if allowed <= self.config.exact_filter_max:
            return None
        ef = self._ef(k, allowed)
        return ef if ef <= self.config.max_filter_ef else None

    def _ef(self, k: int, allowed: int) -> int:
        ef = max(self.config.ef_search, k)
        share = allowed / max(1, len(self._ids))
        return math.ceil(ef * 0.4 / share) if share < 0.4 else ef

    def _search_index(
        self, queries: np.ndarray, k: int, bitmap: np.ndarray, allowed: int
    ) -> list[list[Hit]]:
        assert self._index is not None
        selector = None
        if allowed < len(self._ids):
            selector = faiss.IDSelectorBitmap(len(self._ids), faiss.swig_ptr(bitmap))
        if self._kind.startswith("HNSW"):
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=self._ef(k, allowed))
        elif self._kind.startswith("IVF"):
            params = faiss.SearchParametersIVF(sel=selector, nprobe=self.config.nprobe)
        else:
            params = faiss.SearchParameters(sel=selector)
        return self._run(self._index, queries, min(k, allowed), params)

    def _search_exact(
        self, queries: np.ndarray, k: int, slots: np.ndarray, bitmap: np.ndarray
    ) -> list[list[Hit]]:
        """Score only the allowed slots: a selector scan of the flat (or SQ) codes."""
        assert self._index is not None
        k = min(k, len(slots))
        if self._kind == "Flat" or self._kind.startswith("HNSW"):
            codes = self._index if self._kind == "Flat" else self._index.storage
            selector = faiss.IDSelectorBitmap(len(self._ids), faiss.swig_ptr(bitmap))
            return self._run(codes, queries, k, faiss.SearchParameters(sel=selector))
        scores = queries @ self._reconstruct(slots).T  # IVF: no flat codes to scan
        out = []
        for row in scores:
            top = np.argpartition(-row, k - 1)[:k] if k < len(row) else np.arange(len(row))
            top = top[np.argsort(-row[top], kind="stable")]
            out.append(self._hits(row[top], slots[top]))
        return out

    def _run(
        self, index: faiss.Index, queries: np.ndarray, k: int, params: faiss.SearchParameters
    ) -> list[list[Hit]]:
        with self._threads(len(queries)):
            scores, slots = index.search(queries, k, params=params)
        return [self._hits(row_s, row_i) for row_s, row_i in zip(scores, slots, strict=True)]

    @contextmanager
    def _threads(self, n_vectors: int) -> Iterator[None]:
        """Run FAISS on ``config.search_threads`` OpenMP threads for fewer than 20 vectors.

        ``omp_set_num_threads`` applies to the calling thread only, so other threads keep
        their setting. On a busy machine one query on two OpenMP threads waits for a
        descheduled worker: 24 ms instead of 0.2 ms for a 10k flat scan (measured).
        """
        threads = faiss.omp_get_max_threads()
        small = n_vectors < 20 and self.config.search_threads > 0
        if small:
            faiss.omp_set_num_threads(self.config.search_threads)
        try:
            yield
        finally:
            if small:
                faiss.omp_set_num_threads(threads)

    def _hits(self, scores: np.ndarray, slots: np.ndarray) -> list[Hit]:
        hits = []
        for score, slot in zip(scores, slots, strict=True):
            record_id = self._ids[slot] if slot >= 0 else None
            if record_id is not None:
                hits.append(Hit(record_id, float(score)))
        return hits

    # -- persistence ---------------------------------------------------------------------------
    def save_lock(self) -> FileLock:
        """The inter-process lock on saves to this index's folder (re-entrant in one thread,
        so a caller may hold it around work that must precede the save)."""
        if self.folder is None:
            raise BadInputError("this pool index has no folder to save to")
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._folder_lock is None:
            self._folder_lock = FileLock(str(self.folder / ".save.lock"))
        return self._folder_lock

    def save(self) -> Path:
        """Write the index atomically to its folder (see the module docstring)."""
        # Other processes (CLI, more service workers) may save the same folder: one at a time,
        # each after the newest generation on disk, so no save deletes another's live files.
        with self._lock, self.save_lock():
            generation = max(self._generation, _saved_generation(self.folder)) + 1
            index = self._index if self._index is not None else faiss.IndexFlatIP(self.dim)
            index_name, ids_name = f"index-{generation}.faiss", f"ids-{generation}.json"
            _atomic_write(self.folder / index_name, lambda p: faiss.write_index(index, str(p)))
            ids_doc = json.dumps({"ids": self._ids, "versions": self._versions})
            _atomic_write(self.folder / ids_name, lambda p: p.write_text(ids_doc, "utf-8"))
            manifest = {
                "format": FORMAT,
                "model_id": self.model_id,
                "dim": self.dim,
                "kind": self._kind,
                "count": len(self._slot),
                "slots": len(self._ids),
                "checksum": self.checksum(),
                "generation": generation,
                "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "config": asdict(self.config),
                "files": {
                    "index": {"name": index_name, "sha256": _sha256(self.folder / index_name)},
                    "ids": {"name": ids_name, "sha256": _sha256(self.folder / ids_name)},
                },
            }
            text = json.dumps(manifest, indent=2)
            _atomic_write(self.folder / MANIFEST, lambda p: p.write_text(text, "utf-8"))
            self._generation = generation
            for old in [*self.folder.glob("index-*.faiss"), *self.folder.glob("ids-*.json")]:
                if old.name not in (index_name, ids_name):
                    old.unlink(missing_ok=True)
            return self.folder / MANIFEST

    # -- agreement with the record store -------------------------------------------------------
    def verify(self, store: VersionSource) -> IndexCheck:
        """Compare the indexed ``(id, version)`` pairs with the store's."""
        stored = dict(store.versions())
        with self._lock:
            indexed = dict(self.versions())
        missing = tuple(sorted(r for r in stored if r not in indexed))
        extra = tuple(sorted(r for r in indexed if r not in stored))
        stale = tuple(sorted(r for r, v in indexed.items() if r in stored and stored[r] != v))
        return IndexCheck(
            index_count=len(indexed),
            store_count=len(stored),
            index_checksum=pairs_checksum(indexed.items()),
            store_checksum=pairs_checksum(stored.items()),
            missing=missing,
            stale=stale,
            extra=extra,
        )

    def repair(
        self,
        store: StoredRecords,
        vectorise: Callable[[Any], np.ndarray],
        progress: ProgressCallback | None = None,
    ) -> IndexCheck:
        """Make the index agree with the store; returns the check made before repairing.

        Records the store no longer has were deleted: their vectors are erased, not only
        unlisted (see :meth:`erase`)."""
        check = self.verify(store)
        if check.ok:
            return check
        with self._lock:
            self.erase(check.extra)
            todo = [*check.missing, *check.stale]
            for lo in range(0, len(todo), _CHUNK):
                batch = [s for s in map(_get_or_none(store), todo[lo : lo + _CHUNK]) if s]
                if batch:
                    vectors = np.stack([vectorise(s.record) for s in batch])
                    self.upsert([s.id for s in batch], [s.version for s in batch], vectors)
                if progress:
                    progress(min(lo + _CHUNK, len(todo)), len(todo))
        return check

    def rebuild(
        self,
        store: StoredRecords,
        vectorise: Callable[[Any], np.ndarray],
        progress: ProgressCallback | None = None,
    ) -> None:
        """Drop everything and index every stored record again, a chunk at a time."""
        with self._lock:
            self.clear()
            total = store.count()
            batch: list[Any] = []
            done = 0
            for stored in chain(store, [None]):
                if stored is not None:
                    batch.append(stored)
                if batch and (stored is None or len(batch) == _CHUNK):
                    vectors = np.stack([vectorise(s.record) for s in batch])
                    if self._index is None:  # the kind the whole store calls for, at once
                        self._kind = self.config.kind_for(total)
                        self._index = self._empty(self._kind, vectors)
                    self.upsert([s.id for s in batch], [s.version for s in batch], vectors)
                    done += len(batch)
                    batch = []
                    if progress:
                        progress(done, total)

    # -- FAISS plumbing ------------------------------------------------------------------------
    def _check_vectors(self, vectors: np.ndarray) -> np.ndarray:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise BadInputError(
                f"expected vectors of dimension {self.dim}, got shape {vectors.shape}"
            )
        return vectors

    def _empty(self, kind: str, training: np.ndarray) -> faiss.Index:
        index = faiss.index_factory(self.dim, kind, faiss.METRIC_INNER_PRODUCT)
        if not index.is_trained:
            if len(training) > _TRAIN_SAMPLE:
                rng = np.random.default_rng(0)
                training = training[np.sort(rng.choice(len(training), _TRAIN_SAMPLE, False))]
            index.train(training)
        self._configure(index, kind)
        return index

    def _configure(self, index: faiss.Index, kind: str) -> None:
        if kind.startswith("HNSW"):
            faiss.downcast_index(index).hnsw.efConstruction = self.config.ef_construction
        elif kind.startswith("IVF"):
            ivf = faiss.extract_index_ivf(index)
            if ivf.direct_map.type == faiss.DirectMap.NoMap:
                ivf.make_direct_map()

    def _training_sample(self, live: np.ndarray, first_chunk: np.ndarray) -> np.ndarray:
        if len(live) <= len(first_chunk) or len(first_chunk) >= _TRAIN_SAMPLE:
            return first_chunk
        rng = np.random.default_rng(0)
        pick = np.sort(rng.choice(live, size=min(_TRAIN_SAMPLE, len(live)), replace=False))
        return self._reconstruct(pick)

    def _reconstruct(self, slots: np.ndarray) -> np.ndarray:
        assert self._index is not None
        return self._index.reconstruct_batch(np.ascontiguousarray(slots, dtype=np.int64))

    def _grow_bitmap(self) -> None:
        needed = (len(self._ids) + 7) // 8
        if len(self._live) < needed:
            grown = np.zeros(max(needed, 2 * len(self._live)), dtype=np.uint8)
            grown[: len(self._live)] = self._live
            self._live = grown


def _empty_like(index: faiss.Index, kind: str) -> faiss.Index | None:
    """An empty index of ``kind`` with ``index``'s trained parameters, None if not reusable."""
    if kind == "Flat" or not index.is_trained:
        return None
    if kind.startswith("HNSW") and "SQ" in kind:
        new = faiss.index_factory(index.d, kind, faiss.METRIC_INNER_PRODUCT)
        trained = faiss.downcast_index(faiss.downcast_index(index).storage).sq.trained
        storage = faiss.downcast_index(new.storage)
        storage.sq.trained = trained
        storage.is_trained = new.is_trained = True
        faiss.downcast_index(new).hnsw.efConstruction = faiss.downcast_index(
            index
        ).hnsw.efConstruction
        return new
    if kind.startswith("IVF"):
        new = faiss.clone_index(index)
        new.reset()
        return new
    return None


def _get_or_none(store: StoredRecords) -> Callable[[str], Any]:
    """``store.get`` that gives None for a record deleted meanwhile."""

    def get(record_id: str) -> Any:
        try:
            return store.get(record_id)
        except NotFoundError:
            return None

    return get


def _set_bits(bitmap: np.ndarray, slots: np.ndarray) -> None:
    np.bitwise_or.at(bitmap, slots >> 3, (1 << (slots & 7)).astype(np.uint8))


def _clear_bits(bitmap: np.ndarray, slots: np.ndarray) -> None:
    np.bitwise_and.at(bitmap, slots >> 3, ~(1 << (slots & 7)).astype(np.uint8))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = [
    "AllowList",
    "Hit",
    "IndexCheck",
    "IndexConfig",
    "IndexCorruptError",
    "PoolIndex",
    "StaleAllowListError",
    "pairs_checksum",
]


def _saved_generation(folder: Path) -> int:
    """The generation the folder's manifest names (0 when there is none or it is unreadable)."""
    try:
        return int(json.loads((folder / MANIFEST).read_text("utf-8")).get("generation", 0))
    except (OSError, ValueError, TypeError, AttributeError):
        return 0
