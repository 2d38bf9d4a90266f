"""A pool of profiles (or vacancies): the record store and its vector index, kept in step.

Every write goes to the store first, then to the index. The store is the source of truth: the
index is saved only by :meth:`Pool.save` (it is too large to rewrite per change), so after a
crash or restart the index may lag behind. :meth:`Pool.open` therefore loads the saved index,
``verify``-s it against the store (counts + checksum over ``(id, version)`` pairs) and repairs
the difference; a damaged index (``IndexCorruptError``) is rebuilt from the store. After a bulk
``store.import_json`` call :meth:`Pool.repair` to index the imported records.

For matching, the pool also keeps its records' hard-filter fields in memory, a
:class:`~matcher.ranking.filter_table.FilterTable` read from the store by :meth:`Pool.repair`
(so at open) and kept in step by add/update/delete, with each record's index slot as the row
label: a query's filters become an allow-list of slots (:meth:`Pool.allowed`) without reading a
record; the retrieved records' skills come from the same table (``FilterTable.skills_of``), so
only the records shown are read (:meth:`Pool.get_many`). Writes that bypass the pool
(``pool.store``/``pool.index`` directly) need a :meth:`Pool.repair` (or :meth:`Pool.refresh`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Generic, Protocol

import numpy as np

from matcher.ranking.filter_table import FilterTable, filter_table_for
from matcher.ranking.hard_filters import HardFilters
from matcher.ranking.skill_lists import PackedSkills
from matcher.records import Profile, Vacancy
from matcher.storage.match_pool import AllowedRecords
from matcher.storage.pool_index import (
    AllowList,
    Hit,
    IndexCheck,
    IndexConfig,
    IndexCorruptError,
    PoolIndex,
    StaleAllowListError,
)
from matcher.storage.store import R, RecordStore, Stored
from taxonomy.errors import ConflictError, NotFoundError

ProgressCallback = Callable[[int, int], None]
Vectorise = Callable[[R], np.ndarray]


class Vectoriser(Protocol[R]):
    """A ``vectorise`` that also says which model's space its vectors are in."""

    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def __call__(self, record: R) -> np.ndarray: ...


log = logging.getLogger(__name__)


#: Clock slack when catching up deletions (a deletion committed just before the last check).
DELETION_OVERLAP = timedelta(seconds=5)
#: How long the store keeps deletions; a pool that has not caught up for longer repairs instead.
DELETION_RETENTION = timedelta(days=7)


class Pool(Generic[R]):
    """Store + index + vectoriser behind one add/update/delete/search interface.

    ``vectorise(record)`` returns the record's unit vector (e.g. a
    :class:`matcher.vectors.record_vectors.RecordVectoriser`). When it has a ``model_id`` (a
    :class:`Vectoriser`), writes check it against the index's: ConflictError on a mismatch, so
    an index never mixes two models' vectors. The constructor only stores its arguments.
    """

    def __init__(self, store: RecordStore[R], index: PoolIndex, vectorise: Vectorise) -> None:
        self.store = store
        self.index = index
        self.vectorise = vectorise
        self._lock = threading.RLock()  # serialises writes with the filter table's use
        self._table: FilterTable[R] | None = None  # read from the store when first needed
        self._labels_at: tuple[str, int] | None = None  # index epoch the slot labels match
        self._writes = 0  # table writes, for the cached restriction mask
        self._mask_cache: tuple[tuple[int, int, int], Collection[str], np.ndarray] | None = None
        #: Written since the last save (the service saves changed indexes periodically).
        self.dirty = False
        #: What :meth:`open` found when it compared the saved index with the store.
        self.last_check: IndexCheck | None = None
        #: Deletions by other processes are caught up from here on (see :meth:`save`).
        self._deletions_seen_at = datetime.now(UTC)

    @classmethod
    def open(
        cls,
        store: RecordStore[R],
        index_folder: Path | str,
        vectoriser: Vectoriser[R],
        *,
        config: IndexConfig | None = None,
        progress: ProgressCallback | None = None,
    ) -> Pool[R]:
        """Load the saved index (or build it), then make it agree with the store.

        ConflictError when the saved index holds vectors of another model: the caller decides
        whether to rebuild (``PoolIndex(folder, ...)`` + :meth:`rebuild`).
        """
        model_id, dim = vectoriser.model_id, vectoriser.dim
        try:
            index = PoolIndex.open(index_folder, model_id=model_id, dim=dim, config=config)
        except IndexCorruptError as err:
            log.warning("rebuilding the pool index: %s", err.message)
            index = PoolIndex(index_folder, model_id=model_id, dim=dim, config=config)
        pool = cls(store, index, vectoriser)
        pool.last_check = pool.repair(progress)
        return pool

    # -- records -------------------------------------------------------------------------------
    def get(self, record_id: str) -> Stored[R]:
        return self.store.get(record_id)

    def add(self, record: R) -> Stored[R]:
        """Store and index a new record (its vector is computed first, so a record with an
        unknown skill is rejected before anything is written)."""
        vector = self._vector(record)
        with self._lock:
            stored = self.store.add(record, vector_model=self.index.model_id)
            # the store is the truth: whatever a lagging index still holds under this id goes
            self._write_index(
                lambda: self.index.upsert([stored.id], [stored.version], vector[None, :]),
                stored.record,
            )
            self.dirty = True
        return stored

    def update(self, record: R, expected_version: int) -> Stored[R]:
        """Replace a record if it is still at ``expected_version`` (ConflictError otherwise)."""
        vector = self._vector(record)
        with self._lock:
            stored = self.store.update(record, expected_version, vector_model=self.index.model_id)
            self._write_index(
                lambda: self.index.upsert([stored.id], [stored.version], vector[None, :]),
                stored.record,
            )
            self.dirty = True
        return stored

    def delete(self, record_id: str, expected_version: int | None = None) -> None:
        with self._lock:
            self.store.delete(record_id, expected_version)
            self._write_index(lambda: self.index.discard([record_id]), deleted=record_id)
            self.dirty = True

    # -- writes made by the caller's own transaction ---------------------------------------------
    @property
    def model_id(self) -> str:
        """The model whose vectors the index holds."""
        return self.index.model_id

    def vector_of(self, record: R) -> np.ndarray:
        """The record's vector (ConflictError when the vectoriser's model is not the index's)."""
        return self._vector(record)

    def index_stored(self, stored: Stored[R], vector: np.ndarray) -> None:
        """Index a record the caller wrote to the store itself (e.g. in one transaction with
        other rows), after that transaction committed. Concurrent writers may commit in one
        order and index in another: the store is asked for the record's current version, and
        only that version is indexed (a deleted record is not indexed at all)."""
        with self._lock:
            try:
                current = self.store.get(stored.id)
            except NotFoundError:
                self._write_index(lambda: self.index.discard([stored.id]), deleted=stored.id)
                return
            if current.version != stored.version:
                return  # a later write committed; its own call indexes it
            if stored.id in self.index and self.index.version(stored.id) == stored.version:
                return
            self._write_index(
                lambda: self.index.upsert([stored.id], [stored.version], vector[None, :]),
                stored.record,
            )
            self.dirty = True

    def refresh(self, record_ids: Iterable[str]) -> int:
        """Index the current stored version of each of ``record_ids`` (records another process
        wrote); returns how many were indexed."""
        n = 0
        for record_id in list(record_ids):
            try:
                stored = self.store.get(record_id)
            except NotFoundError:
                self.unindex(record_id)
                continue
            self.index_stored(stored, self._vector(stored.record))
            n += 1
        return n

    def unindex(self, record_id: str) -> None:
        """Drop a record the caller deleted from the store."""
        with self._lock:
            self._write_index(lambda: self.index.discard([record_id]), deleted=record_id)
            self.dirty = True

    def erase(self, record_id: str) -> None:
        """Drop a deleted record and overwrite its vector (right to be forgotten); the next
        :meth:`save` writes index files without it."""
        with self._lock:
            self._write_index(lambda: self.index.erase([record_id]), deleted=record_id)
            self.dirty = True

    def _write_index(
        self, write: Callable[[], object], written: R | None = None, deleted: str | None = None
    ) -> None:
        """Run one record's index write and keep the filter table and its slots in step."""
        self._writes += 1
        table = self._table
        if table is None:
            write()
            return
        if written is not None:
            table.put(written)  # no slot until the index holds it
        elif deleted is not None:
            table.discard(deleted)
        labels_in_step = self._labels_at == self.index.epoch
        numbering = self.index.numbering
        write()
        if labels_in_step and self.index.numbering == numbering:
            if written is not None:
                table.set_label(written.id, self.index.slot(written.id))  # type: ignore[arg-type]
            self._labels_at = self.index.epoch
        # otherwise (slots renumbered) the next query reads every slot again

    # -- search --------------------------------------------------------------------------------
    def records(self) -> Iterator[tuple[str, R]]:
        """Every ``(id, record)`` of the pool, ordered by id."""
        for stored in self.store:
            yield stored.id, stored.record

    def get_many(self, record_ids: Sequence[str]) -> dict[str, R]:
        """The stored records of those ids that exist, by id."""
        return {r: stored.record for r, stored in self.store.get_many(record_ids).items()}

    def allowed(
        self,
        query: Profile | Vacancy,
        filters: HardFilters,
        within: Collection[str] | None = None,
    ) -> AllowedRecords:
        """The records passing the hard filters of ``query``, evaluated on the filter table; the
        allow-list is built from their index slots (no id lookups).

        Satisfies :class:`matcher.storage.match_pool.MatchPool` together with :meth:`get_many`.
        """
        with self._lock:
            table = self._filter_table()
            epoch = self.index.epoch
            if self._labels_at != epoch:  # after a compaction or a write around the pool
                table.labels[:] = self.index.slots_of(table.ids)
                self._labels_at = epoch
            mask = None if within is None else self._mask_of(table, within)
            result = table.evaluate(query, filters, mask)
            allow = self.index.allow_slots(table.labels[result.passes])

        def search(vector: np.ndarray, k: int) -> list[tuple[str, float]]:
            try:
                return list(self.index.search(vector, k, allow))
            except StaleAllowListError:  # compacted since: filter again
                return self.allowed(query, filters, within).search(vector, k)

        def skills(record_ids: Sequence[str]) -> PackedSkills:
            with self._lock:  # writers replace and move the table's rows
                return self._filter_table().skills_of(record_ids)

        return AllowedRecords(result.total, result.n_excluded, result.excluded, search, skills)

    def _mask_of(self, table: FilterTable[R], within: Collection[str]) -> np.ndarray:
        """``table.mask_of(within)``, kept while neither the table nor ``within`` (the same
        object, e.g. a cached consent set) changes: building it reads every row's id."""
        key = (id(within), self._writes, len(table))
        cached = self._mask_cache
        if cached is not None and cached[0] == key and cached[1] is within:
            return cached[2]
        mask = table.mask_of(within)
        self._mask_cache = (key, within, mask)
        return mask

    @property
    def filter_table(self) -> FilterTable[R]:
        """The records' hard-filter fields (read from the store when first needed); to look
        at only: writes go through the pool."""
        with self._lock:
            return self._filter_table()

    def _filter_table(self) -> FilterTable[R]:
        if self._table is None:
            self._table = filter_table_for(
                self.store.record_type, (stored.record for stored in self.store)
            )
            self._labels_at = None
        return self._table

    def search(
        self,
        query: R | np.ndarray,
        k: int = 20,
        allow: Iterable[str] | AllowList | None = None,
    ) -> list[Hit]:
        """The ``k`` records nearest to a vector or a record (e.g. a vacancy in a profile
        pool), best first, as ``(id, score)`` tuples; ``allow`` limits them to those ids.

        ``allow`` may also be an :class:`AllowList` (e.g. ``index.allow_slots``).
        """
        vector = query if isinstance(query, np.ndarray) else self._vector(query)
        return self.index.search(vector, k, allow)

    # -- consistency ---------------------------------------------------------------------------
    def verify(self) -> IndexCheck:
        return self.index.verify(self.store)

    def repair(self, progress: ProgressCallback | None = None) -> IndexCheck:
        """Re-index what the index lacks or holds stale and read the filter table from the
        store again; returns the check made before."""
        with self._lock:
            check = self.index.repair(self.store, self._vector, progress)
            self._writes += 1
            self._table = None
            self._filter_table()
        return check

    def rebuild(self, progress: ProgressCallback | None = None) -> None:
        with self._lock:
            self.index.rebuild(self.store, self._vector, progress)
            self._writes += 1
            self._table = None
            self._filter_table()

    def save(self, progress: ProgressCallback | None = None) -> None:
        """Compact the index when enough of it is dead, then write it to disk.

        Other processes (the CLI, more service workers) may have deleted records this pool
        still holds: under an inter-process lock, those are erased first, so a save never writes
        a deleted record's vector back (a deleting process commits, then saves under the lock).
        """
        with self._lock, self.index.save_lock():  # compaction renumbers the table's slots
            self.forget_deleted()
            if self.index.needs_compaction:
                self.index.compact(progress)
            self.index.save()
            self.dirty = False

    def forget_deleted(self) -> list[str]:
        """Erase the records deleted in the store (by any process) since the last call."""
        with self._lock:
            checked = datetime.now(UTC)
            since = self._deletions_seen_at - DELETION_OVERLAP
            if checked - since > DELETION_RETENTION - timedelta(hours=1):  # may be purged
                check = self.repair()
                self._deletions_seen_at = checked
                return list(check.extra)
            gone = [r for r in self.store.deleted_since(since) if r in self.index]
            for record_id in gone:
                self.erase(record_id)
            self._deletions_seen_at = checked
            return gone

    def _vector(self, record: R) -> np.ndarray:
        model_id = getattr(self.vectorise, "model_id", None)
        if model_id is not None and model_id != self.index.model_id:
            raise ConflictError(
                f"the pool index holds vectors of {self.index.model_id!r}; "
                f"this vectoriser makes {model_id!r} vectors",
                details={"index_model": self.index.model_id, "model": model_id},
            )
        return self.vectorise(record)
