"""What a record store is: the :class:`RecordStore` protocol and the :class:`Stored` row.

A store holds one kind of record (profiles or vacancies):

- ``id``: the record's id; ``add`` assigns a uuid4 hex when it has none.
- ``version``: starts at 1 and grows by one per write. ``update`` and ``delete`` take the
  version the caller last saw (optimistic concurrency) and raise ``ConflictError`` when someone
  else wrote in between.
- ``vector_model``: id of the embedding model the record's vector was (or is to be) indexed
  with, written by the pool, so that a model switch can find what to re-vectorise.

The implementation is :class:`matcher.storage.sql_store.SqlRecordStore` on the service's
database (SQLite or PostgreSQL); the pool and the API see only this protocol.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Generic, Protocol, TypeVar

from matcher.records import Profile, Vacancy

R = TypeVar("R", Profile, Vacancy)

#: Most records one ``list`` call returns.
MAX_PAGE = 1000


@dataclass(frozen=True)
class Stored(Generic[R]):
    """A record as stored: the record (with its id) and the row's bookkeeping."""

    record: R
    version: int
    updated_at: datetime
    vector_model: str | None = None

    @property
    def id(self) -> str:
        return self.record.id  # type: ignore[return-value]  # stored records always have one


class RecordStore(Protocol[R]):
    """What the pool and the API need of a record store (one record kind per store)."""

    record_type: type[R]

    def add(self, record: R, *, vector_model: str | None = None) -> Stored[R]:
        """Insert; assigns an id when the record has none. ConflictError if the id exists."""
        ...

    def get(self, record_id: str) -> Stored[R]:
        """The stored record; NotFoundError if absent."""
        ...

    def get_many(self, record_ids: Sequence[str]) -> dict[str, Stored[R]]:
        """The stored records of those ids that exist, by id (absent ids are left out)."""
        ...

    def update(
        self, record: R, expected_version: int, *, vector_model: str | None = None
    ) -> Stored[R]:
        """Replace the record with ``record.id`` if its version is still ``expected_version``."""
        ...

    def delete(self, record_id: str, expected_version: int | None = None) -> None:
        """Remove; NotFoundError if absent, ConflictError on a stale ``expected_version``."""
        ...

    def list(self, *, limit: int = 100, after: str | None = None) -> list[Stored[R]]:
        """Up to ``limit`` records ordered by id, starting after id ``after`` (keyset paging)."""
        ...

    def __iter__(self) -> Iterator[Stored[R]]:
        """Every record, ordered by id."""
        ...

    def count(self) -> int: ...

    def versions(self) -> Iterator[tuple[str, int]]:
        """Every ``(id, version)`` pair, ordered by id (what an index is checked against)."""
        ...

    def versions_since(self, since: datetime) -> list[tuple[str, int]]:
        """``(id, version)`` of the records written at or after ``since``."""
        ...

    def deleted_since(self, since: datetime) -> list[str]:
        """Ids of the records deleted at or after ``since``."""
        ...

    def export_json(self, out: IO[str]) -> int:
        """Write all records as one JSON list, ordered by id; returns how many."""
        ...

    def import_json(self, source: str | bytes | IO[str], *, replace: bool = False) -> list[str]:
        """Add the records of a JSON list in one transaction; returns their ids."""
        ...


def new_id() -> str:
    """A fresh record id (uuid4, 32 hex characters)."""
    return uuid.uuid4().hex
