"""What matching needs of a pool of profiles or vacancies, and a small in-memory pool.

A pool applies a query's hard filters to all its records at once (on its
:class:`~matcher.ranking.filter_table.FilterTable`, kept in step with its records) and gives
:class:`AllowedRecords`: the counts, a vector search restricted to the records that pass and,
when the pool keeps them in memory, the skills of the retrieved records
(:meth:`AllowedRecords.skills`), which is all re-ranking needs to order them. It then hands over
only the records that are shown (:meth:`MatchPool.get_many`), so a query never reads the whole
pool, nor even the whole re-ranked block. :class:`InMemoryPool` does this exactly with numpy,
for tests and small pools; the FAISS pool over the record store
(:class:`matcher.storage.pool.Pool`) satisfies the same protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

import numpy as np

from matcher.ranking.filter_table import FilterTable, filter_table_for
from matcher.ranking.hard_filters import HardFilters
from matcher.ranking.skill_lists import PackedSkills
from matcher.records import Profile, Vacancy
from taxonomy.errors import BadInputError

R = TypeVar("R", Profile, Vacancy)
R_co = TypeVar("R_co", Profile, Vacancy, covariant=True)

Search = Callable[[np.ndarray, int], list[tuple[str, float]]]
#: Record ids → the skills of those the pool holds (e.g. ``FilterTable.skills_of``).
SkillsOf = Callable[[Sequence[str]], PackedSkills]


@dataclass(frozen=True)
class AllowedRecords:
    """The records of a pool that pass one query's hard filters, ready to be searched."""

    total: int  # records that pass
    n_excluded: int  # records excluded by at least one filter
    #: filter name → records it excluded (a record may count under several filters)
    excluded: dict[str, int]
    _search: Search = field(repr=False)
    _skills: SkillsOf | None = field(default=None, repr=False)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` allowed records closest to ``vector``: ``(id, cosine)``, best first."""
        return self._search(vector, k)

    def skills(self, record_ids: Sequence[str]) -> PackedSkills | None:
        """The skills of those records the pool holds (in the order asked), from the pool's
        memory; None when the pool keeps no skills in memory (then the records are read)."""
        return None if self._skills is None else self._skills(record_ids)


class MatchPool(Protocol[R_co]):
    """Records of one kind with their vectors and their filter fields."""

    def allowed(
        self,
        query: Profile | Vacancy,
        filters: HardFilters,
        within: Collection[str] | None = None,
    ) -> AllowedRecords:
        """The records that pass the hard filters of ``query`` (a vacancy for a profile pool,
        a profile for a vacancy pool); with ``within`` only those ids count as the pool (e.g.
        the profiles a consent lets the caller see)."""
        ...

    def get_many(self, record_ids: Sequence[str]) -> dict[str, R_co]:
        """The records of those ids that the pool holds, by id."""
        ...


class InMemoryPool(Generic[R]):
    """A pool held in memory: exact cosine search over the allowed rows."""

    def __init__(self, ids: Sequence[str], records: Sequence[R], vectors: np.ndarray) -> None:
        self.ids = ids
        self._records = records
        self.vectors = vectors
        self._table: FilterTable[R] | None = None  # built on the first query
        self._by_id: dict[str, R] | None = None

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

    def get_many(self, record_ids: Sequence[str]) -> dict[str, R]:
        if self._by_id is None:
            self._by_id = dict(self.records())
        return {r: self._by_id[r] for r in record_ids if r in self._by_id}

    def allowed(
        self,
        query: Profile | Vacancy,
        filters: HardFilters,
        within: Collection[str] | None = None,
    ) -> AllowedRecords:
        if self._table is None:  # rows in the order of ``ids``
            pool_type = Profile if isinstance(query, Vacancy) else Vacancy
            self._table = filter_table_for(pool_type, self._records)  # type: ignore[arg-type]
        table = self._table
        mask = None if within is None else table.mask_of(within)
        result = table.evaluate(query, filters, mask)
        rows = np.flatnonzero(result.passes)
        return AllowedRecords(
            result.total,
            result.n_excluded,
            result.excluded,
            lambda vector, k: self._search_rows(rows, vector, k),
            table.skills_of,
        )

    def _search_rows(self, rows: np.ndarray, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` best of ``rows`` by cosine, ties by id."""
        if len(rows) == 0 or k <= 0:
            return []
        scores = self.vectors[rows] @ np.asarray(vector, dtype=np.float32)
        if k < len(rows):  # keep the k best and everything tied with the k-th
            kth = np.partition(-scores, k - 1)[k - 1]
            keep = np.flatnonzero(-scores <= kth)
            rows, scores = rows[keep], scores[keep]
        hits = sorted(
            ((self.ids[row], float(score)) for row, score in zip(rows, scores, strict=True)),
            key=lambda hit: (-hit[1], hit[0]),
        )
        return hits[:k]
