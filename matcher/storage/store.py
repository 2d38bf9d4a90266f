"""Embedded record store for profiles and vacancies (SQLite, one table per record kind).

Each row is ``(id, version, json, vector_model, updated_at)``:

- ``id``: the record's id; :meth:`SqliteRecordStore.add` assigns a uuid4 hex when it has none.
- ``version``: starts at 1 and grows by one per write. :meth:`~SqliteRecordStore.update` and
  :meth:`~SqliteRecordStore.delete` take the version the caller last saw (optimistic
  concurrency) and raise ``ConflictError`` when someone else wrote in between.
- ``vector_model``: id of the embedding model the record's vector was (or is to be) indexed
  with, written by the pool, so that a model switch can find what to re-vectorise.

The database runs in WAL mode (readers never block the one writer). The rest of the code sees
only the :class:`RecordStore` protocol, so moving to SQLAlchemy/Alembic (service issue) is a swap
of this one class.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Generic, Protocol, TypeVar

from pydantic import ValidationError

from matcher.records import Profile, Vacancy
from taxonomy.errors import BadInputError, ConflictError, NotFoundError

R = TypeVar("R", Profile, Vacancy)

#: Table per record type.
TABLES: dict[type, str] = {Profile: "profiles", Vacancy: "vacancies"}
#: Bump together with a migration in :meth:`SqliteRecordStore._migrate`.
SCHEMA_VERSION = 1
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

    def export_json(self, out: IO[str]) -> int:
        """Write all records as one JSON list, ordered by id; returns how many."""
        ...

    def import_json(self, source: str | bytes | IO[str], *, replace: bool = False) -> list[str]:
        """Add the records of a JSON list in one transaction; returns their ids."""
        ...


class SqliteRecordStore(Generic[R]):
    """A :class:`RecordStore` in one SQLite file (several kinds may share the file).

    The constructor only stores its arguments; the connection is opened on first use. One
    connection is shared by the threads of a process, serialised by a lock.
    """

    def __init__(self, path: Path | str, record_type: type[R]) -> None:
        if record_type not in TABLES:
            raise BadInputError(f"no table for record type {record_type.__name__}")
        self.path = Path(path)
        self.record_type = record_type
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None

    @property
    def table(self) -> str:
        return TABLES[self.record_type]

    # -- connection ----------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=5000")
            self._migrate(db)
            self._db = db
        return self._db

    def _migrate(self, db: sqlite3.Connection) -> None:
        found = db.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise ConflictError(
                f"{self.path} has store schema {found}, newer than this code ({SCHEMA_VERSION})"
            )
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} ("
            "id TEXT PRIMARY KEY, version INTEGER NOT NULL, json TEXT NOT NULL, "
            "vector_model TEXT, updated_at TEXT NOT NULL) WITHOUT ROWID"
        )
        if found < SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> SqliteRecordStore[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- single records ------------------------------------------------------------------------
    def add(self, record: R, *, vector_model: str | None = None) -> Stored[R]:
        record = _with_id(record)
        now = _now()
        with self._lock:
            try:
                self._conn().execute(
                    f"INSERT INTO {self.table} VALUES (?, 1, ?, ?, ?)",
                    (record.id, _dump(record), vector_model, now.isoformat()),
                )
            except sqlite3.IntegrityError:
                raise ConflictError(
                    f"{self._kind} {record.id} already exists", details={"id": record.id}
                ) from None
        return Stored(record, 1, now, vector_model)

    def get(self, record_id: str) -> Stored[R]:
        with self._lock:
            row = (
                self._conn()
                .execute(
                    f"SELECT id, version, json, vector_model, updated_at FROM {self.table} "
                    "WHERE id = ?",
                    (record_id,),
                )
                .fetchone()
            )
        if row is None:
            raise NotFoundError(f"no {self._kind} with id {record_id}", details={"id": record_id})
        return self._stored(row)

    def update(
        self, record: R, expected_version: int, *, vector_model: str | None = None
    ) -> Stored[R]:
        if not record.id:
            raise BadInputError(f"cannot update a {self._kind} without an id")
        now = _now()
        with self._lock:
            cursor = self._conn().execute(
                f"UPDATE {self.table} SET version = version + 1, json = ?, vector_model = ?, "
                "updated_at = ? WHERE id = ? AND version = ?",
                (_dump(record), vector_model, now.isoformat(), record.id, expected_version),
            )
            if cursor.rowcount == 0:
                self._raise_missing_or_stale(record.id, expected_version)
        return Stored(record, expected_version + 1, now, vector_model)

    def delete(self, record_id: str, expected_version: int | None = None) -> None:
        with self._lock:
            if expected_version is None:
                cursor = self._conn().execute(
                    f"DELETE FROM {self.table} WHERE id = ?", (record_id,)
                )
            else:
                cursor = self._conn().execute(
                    f"DELETE FROM {self.table} WHERE id = ? AND version = ?",
                    (record_id, expected_version),
                )
            if cursor.rowcount == 0:
                self._raise_missing_or_stale(record_id, expected_version)

    def _raise_missing_or_stale(self, record_id: str, expected_version: int | None) -> None:
        row = (
            self._conn()
            .execute(f"SELECT version FROM {self.table} WHERE id = ?", (record_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"no {self._kind} with id {record_id}", details={"id": record_id})
        raise ConflictError(
            f"{self._kind} {record_id} is at version {row[0]}, not {expected_version}",
            details={"id": record_id, "version": row[0], "expected_version": expected_version},
        )

    # -- many records --------------------------------------------------------------------------
    def list(self, *, limit: int = 100, after: str | None = None) -> list[Stored[R]]:
        if not 1 <= limit <= MAX_PAGE:
            raise BadInputError(f"limit must be between 1 and {MAX_PAGE}, got {limit}")
        sql = f"SELECT id, version, json, vector_model, updated_at FROM {self.table}"
        args: tuple = ()
        if after is not None:
            sql += " WHERE id > ?"
            args = (after,)
        with self._lock:
            rows = self._conn().execute(sql + " ORDER BY id LIMIT ?", (*args, limit)).fetchall()
        return [self._stored(row) for row in rows]

    def __iter__(self) -> Iterator[Stored[R]]:
        """Every record, ordered by id, a page at a time."""
        after: str | None = None
        while page := self.list(limit=MAX_PAGE, after=after):
            yield from page
            after = page[-1].id

    def count(self) -> int:
        with self._lock:
            return self._conn().execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0]

    def versions(self) -> Iterator[tuple[str, int]]:
        with self._lock:
            rows = self._conn().execute(f"SELECT id, version FROM {self.table} ORDER BY id")
            yield from rows.fetchall()

    # -- JSON exchange -------------------------------------------------------------------------
    def export_json(self, out: IO[str]) -> int:
        out.write("[")
        n = 0
        for stored in self:
            out.write(("," if n else "") + "\n" + _dump(stored.record))
            n += 1
        out.write("\n]\n" if n else "]\n")
        return n

    def import_json(self, source: str | bytes | IO[str], *, replace: bool = False) -> list[str]:
        """Add (or with ``replace``, overwrite) the records of a JSON list, all or nothing.

        BadInputError names the index of the first record that is not valid or repeats an id;
        ConflictError names the first existing id when ``replace`` is false.
        """
        records = list(self._parse(source))
        now = _now().isoformat()
        with self._lock:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                for i, record in enumerate(records):
                    if replace:
                        db.execute(
                            f"INSERT INTO {self.table} VALUES (?, 1, ?, NULL, ?) "
                            "ON CONFLICT(id) DO UPDATE SET version = version + 1, "
                            "json = excluded.json, vector_model = NULL, "
                            "updated_at = excluded.updated_at",
                            (record.id, _dump(record), now),
                        )
                        continue
                    try:
                        db.execute(
                            f"INSERT INTO {self.table} VALUES (?, 1, ?, NULL, ?)",
                            (record.id, _dump(record), now),
                        )
                    except sqlite3.IntegrityError:
                        raise ConflictError(
                            f"record {i}: {self._kind} {record.id} already exists",
                            details={"index": i, "id": record.id},
                        ) from None
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        return [record.id for record in records]  # type: ignore[misc]

    def _parse(self, source: str | bytes | IO[str]) -> Iterable[R]:
        text = source if isinstance(source, str | bytes) else source.read()
        try:
            items = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise BadInputError(f"not valid JSON: {err}") from None
        if not isinstance(items, list):
            raise BadInputError(f"expected a JSON list of {self.table}, got {type(items).__name__}")
        seen: set[str] = set()
        for i, item in enumerate(items):
            try:
                record = _with_id(self.record_type.model_validate(item))
            except ValidationError as err:
                first = err.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "(record)"
                raise BadInputError(
                    f"record {i}: {where}: {first['msg']}",
                    details={"index": i, "errors": err.errors(include_url=False)},
                ) from None
            if record.id in seen:
                raise BadInputError(
                    f"record {i}: id {record.id} appears twice", details={"index": i}
                )
            seen.add(record.id)  # type: ignore[arg-type]
            yield record

    # -- helpers -------------------------------------------------------------------------------
    @property
    def _kind(self) -> str:
        return self.record_type.__name__.lower()

    def _stored(self, row: tuple) -> Stored[R]:
        _, version, text, vector_model, updated_at = row
        record = self.record_type.model_validate_json(text)
        return Stored(record, version, datetime.fromisoformat(updated_at), vector_model)


def new_id() -> str:
    """A fresh record id (uuid4, 32 hex characters)."""
    return uuid.uuid4().hex


def _with_id(record: R) -> R:
    return record if record.id else record.model_copy(update={"id": new_id()})


def _dump(record: Profile | Vacancy) -> str:
    return record.model_dump_json(exclude_none=True)


def _now() -> datetime:
    return datetime.now(UTC)
