"""What matching needs of a pool of profiles or vacancies, and a small in-memory pool.

A pool lists its records (the hard filters look at every one) and searches its record vectors
with an id allow-list. :class:`InMemoryPool` does this exactly with numpy, for tests and small
pools; the FAISS pool over the record store satisfies the same protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Generic, Protocol, TypeVar

import numpy as np

from matcher.records import Profile, Vacancy
from taxonomy.errors import BadInputError

R = TypeVar("R", Profile, Vacancy)
R_co = TypeVar("R_co", Profile, Vacancy, covariant=True)


class MatchPool(Protocol[R_co]):
    """Records of one kind with their vectors."""

    def records(self) -> Iterable[tuple[str, R_co]]:
        """Every ``(id, record)`` of the pool."""
        ...

    def search(self, vector: np.ndarray, k: int, allow: Collection[str]) -> list[tuple[str, float]]:
        """The ``k`` allowed records closest to ``vector``: ``(id, cosine)``, best first."""
        ...


class InMemoryPool(Generic[R]):
    """A pool held in memory: exact cosine search over the allowed rows."""

    def __init__(self, ids: Sequence[str], records: Sequence[R], vectors: np.ndarray) -> None:
        self.ids = ids
        self._records = records
        self.vectors = vectors

    @classmethod
    def build(cls, records: Iterable[R], vectorise: Callable[[R], np.ndarray]) -> InMemoryPool[R]:
        """Vectorise ``records``; each needs a unique id."""
        kept: list[R] = []
        seen: set[str] = set()
        for i, record in enumerate(records):
            if not record.id:
                raise BadInputError(f"pool record {i} has no id")
            if record.id in seen:
                raise BadInputError(f"pool record id {record.id} appears twice")
            seen.add(record.id)
            kept.append(record)
        ids = [record.id for record in kept]
        vectors = (
            np.stack([vectorise(record) for record in kept]).astype(np.float32)
            if kept
            else np.zeros((0, 0), dtype=np.float32)
        )
        return cls(ids, kept, vectors)

    def __len__(self) -> int:
        return len(self.ids)

    def records(self) -> Iterable[tuple[str, R]]:
        return zip(self.ids, self._records, strict=True)

    def search(self, vector: np.ndarray, k: int, allow: Collection[str]) -> list[tuple[str, float]]:
        rows = [i for i, record_id in enumerate(self.ids) if record_id in allow]
        if not rows or k <= 0:
            return []
        scores = self.vectors[rows] @ np.asarray(vector, dtype=np.float32)
        hits = sorted(
            ((self.ids[row], float(score)) for row, score in zip(rows, scores, strict=True)),
            key=lambda hit: (-hit[1], hit[0]),
        )
        return hits[:k]
