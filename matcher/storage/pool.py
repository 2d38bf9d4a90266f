"""A pool of profiles (or vacancies): the record store and its vector index, kept in step.

Every write goes to the store first, then to the index. The store is the source of truth: the
index is saved only by :meth:`Pool.save` (it is too large to rewrite per change), so after a
crash or restart the index may lag behind. :meth:`Pool.open` therefore loads the saved index,
``verify``-s it against the store (counts + checksum over ``(id, version)`` pairs) and repairs
the difference; a damaged index (``IndexCorruptError``) is rebuilt from the store. After a bulk
``store.import_json`` call :meth:`Pool.repair` to index the imported records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Generic, Protocol

import numpy as np

from matcher.storage.pool_index import (
    AllowList,
    Hit,
    IndexCheck,
    IndexConfig,
    IndexCorruptError,
    PoolIndex,
)
from matcher.storage.store import R, RecordStore, Stored
from taxonomy.errors import ConflictError

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
        pool.repair(progress)
        return pool

    # -- records -------------------------------------------------------------------------------
    def get(self, record_id: str) -> Stored[R]:
        return self.store.get(record_id)

    def add(self, record: R) -> Stored[R]:
        """Store and index a new record (its vector is computed first, so a record with an
        unknown skill is rejected before anything is written)."""
        vector = self._vector(record)
        stored = self.store.add(record, vector_model=self.index.model_id)
        # the store is the truth: whatever a lagging index still holds under this id goes
        self.index.upsert([stored.id], [stored.version], vector[None, :])
        return stored

    def update(self, record: R, expected_version: int) -> Stored[R]:
        """Replace a record if it is still at ``expected_version`` (ConflictError otherwise)."""
        vector = self._vector(record)
        stored = self.store.update(record, expected_version, vector_model=self.index.model_id)
        self.index.upsert([stored.id], [stored.version], vector[None, :])
        return stored

    def delete(self, record_id: str, expected_version: int | None = None) -> None:
        self.store.delete(record_id, expected_version)
        self.index.discard([record_id])

    # -- search --------------------------------------------------------------------------------
    def records(self) -> Iterator[tuple[str, R]]:
        """Every ``(id, record)`` of the pool, ordered by id (what hard filters look at)."""
        for stored in self.store:
            yield stored.id, stored.record

    def search(
        self,
        query: R | np.ndarray,
        k: int = 20,
        allow: Iterable[str] | AllowList | None = None,
    ) -> list[Hit]:
        """The ``k`` records nearest to a vector or a record (e.g. a vacancy in a profile
        pool), best first, as ``(id, score)`` tuples; ``allow`` limits them to those ids.

        Satisfies :class:`matcher.storage.match_pool.MatchPool` together with :meth:`records`.
        """
        vector = query if isinstance(query, np.ndarray) else self._vector(query)
        return self.index.search(vector, k, allow)

    # -- consistency ---------------------------------------------------------------------------
    def verify(self) -> IndexCheck:
        return self.index.verify(self.store)

    def repair(self, progress: ProgressCallback | None = None) -> IndexCheck:
        """Re-index what the index lacks or holds stale; returns the check made before."""
        return self.index.repair(self.store, self._vector, progress)

    def rebuild(self, progress: ProgressCallback | None = None) -> None:
        self.index.rebuild(self.store, self._vector, progress)

    def save(self, progress: ProgressCallback | None = None) -> None:
        """Compact the index when enough of it is dead, then write it to disk."""
        if self.index.needs_compaction:
            self.index.compact(progress)
        self.index.save()

    def _vector(self, record: R) -> np.ndarray:
        model_id = getattr(self.vectorise, "model_id", None)
        if model_id is not None and model_id != self.index.model_id:
            raise ConflictError(
                f"the pool index holds vectors of {self.index.model_id!r}; "
                f"this vectoriser makes {model_id!r} vectors",
                details={"index_model": self.index.model_id, "model": model_id},
            )
        return self.vectorise(record)
