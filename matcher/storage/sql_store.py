"""The record store on SQLAlchemy: profiles or vacancies in the service's database.

One :class:`SqlRecordStore` per record kind, over an engine from
:func:`matcher.storage.database.create_database_engine` (SQLite file or PostgreSQL). Ids are
assigned (uuid4 hex) when a record has none; every write bumps the row's version and
``update``/``delete`` take the version the caller last saw (optimistic concurrency: a stale
version raises ``ConflictError`` and changes nothing). The schema is created by the service's
Alembic migrations (``api/db``); :meth:`SqlRecordStore.create_tables` is for a bare store
(benchmarks, the engine's own tests).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import IO, Generic

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine

from matcher.storage.database import READ_ONLY
from matcher.storage.schema import RECORD_TABLES, metadata, record_deletions
from matcher.storage.store import MAX_PAGE, R, Stored, new_id
from taxonomy.errors import BadInputError, ConflictError, NotFoundError

#: Ids per ``IN (...)`` query of :meth:`SqlRecordStore.get_many`.
_IN_CHUNK = 500


class SqlRecordStore(Generic[R]):
    """A ``RecordStore`` (see :mod:`matcher.storage.store`) in a SQL database."""

    def __init__(self, engine: Engine, record_type: type[R]) -> None:
        if record_type not in RECORD_TABLES:
            raise BadInputError(f"no table for record type {record_type.__name__}")
        self.engine = engine
        self.record_type = record_type
        self.table = RECORD_TABLES[record_type]

    def create_tables(self) -> SqlRecordStore[R]:
        """Create the record tables if absent (the service uses its migrations instead)."""
        metadata.create_all(self.engine, tables=[*RECORD_TABLES.values(), record_deletions])
        return self

    def _read(self) -> Connection:
        return self.engine.connect().execution_options(**READ_ONLY)

    @contextlib.contextmanager
    def _write(self, conn: Connection | None) -> Iterator[Connection]:
        """``conn`` (the caller's transaction) or a transaction of our own."""
        if conn is not None:
            yield conn
            return
        with self.engine.begin() as own:
            yield own

    # -- single records ------------------------------------------------------------------------
    def add(
        self, record: R, *, vector_model: str | None = None, conn: Connection | None = None
    ) -> Stored[R]:
        """Insert; assigns an id when the record has none. ConflictError if the id exists.
        With ``conn``, inside the caller's transaction (as every write method here)."""
        record = with_id(record)
        now = _now()
        try:
            with (
                self._write(conn) as tx,
                tx.begin_nested() if conn is not None else contextlib.nullcontext(),
            ):
                tx.execute(self.table.insert().values(_row(record, 1, vector_model, now)))
        except sa.exc.IntegrityError:
            raise ConflictError(
                f"{self._kind} {record.id} already exists", details={"id": record.id}
            ) from None
        return Stored(record, 1, now, vector_model)

    def get(self, record_id: str) -> Stored[R]:
        with self._read() as conn:
            row = conn.execute(sa.select(self.table).where(self.table.c.id == record_id)).first()
        if row is None:
            raise NotFoundError(f"no {self._kind} with id {record_id}", details={"id": record_id})
        return self._stored(row)

    def get_many(self, record_ids: Sequence[str]) -> dict[str, Stored[R]]:
        """The stored records of ``record_ids`` that exist, by id."""
        out: dict[str, Stored[R]] = {}
        ids = list(dict.fromkeys(record_ids))
        with self._read() as conn:
            for start in range(0, len(ids), _IN_CHUNK):
                chunk = ids[start : start + _IN_CHUNK]
                rows = conn.execute(sa.select(self.table).where(self.table.c.id.in_(chunk)))
                out.update((row.id, self._stored(row)) for row in rows)
        return out

    def update(
        self,
        record: R,
        expected_version: int,
        *,
        vector_model: str | None = None,
        conn: Connection | None = None,
    ) -> Stored[R]:
        if not record.id:
            raise BadInputError(f"cannot update a {self._kind} without an id")
        now = _now()
        t = self.table
        with self._write(conn) as conn:
            result = conn.execute(
                t.update()
                .where(t.c.id == record.id, t.c.version == expected_version)
                .values(
                    version=t.c.version + 1,
                    json=_dump(record),
                    vector_model=vector_model,
                    updated_at=now,
                )
            )
            if result.rowcount == 0:
                self._raise_missing_or_stale(conn, record.id, expected_version)
        return Stored(record, expected_version + 1, now, vector_model)

    def delete(
        self,
        record_id: str,
        expected_version: int | None = None,
        *,
        conn: Connection | None = None,
    ) -> None:
        t = self.table
        condition = t.c.id == record_id
        if expected_version is not None:
            condition = condition & (t.c.version == expected_version)
        with self._write(conn) as conn:
            if conn.execute(t.delete().where(condition)).rowcount == 0:
                self._raise_missing_or_stale(conn, record_id, expected_version)
            gone = record_deletions
            conn.execute(
                gone.delete().where((gone.c.kind == self._kind) & (gone.c.id == record_id))
            )
            conn.execute(gone.insert().values(kind=self._kind, id=record_id, deleted_at=_now()))

    def deleted_since(self, since: datetime) -> list[str]:
        """Ids of records deleted at or after ``since`` (for other processes' indexes)."""
        gone = record_deletions
        with self._read() as conn:
            rows = conn.execute(
                sa.select(gone.c.id).where(
                    (gone.c.kind == self._kind) & (gone.c.deleted_at >= since)
                )
            )
            return [row.id for row in rows]

    def purge_deletions(self, before: datetime) -> int:
        """Forget deletions older than ``before``; returns how many."""
        gone = record_deletions
        with self._write(None) as conn:
            condition = (gone.c.kind == self._kind) & (gone.c.deleted_at < before)
            return conn.execute(gone.delete().where(condition)).rowcount

    def _raise_missing_or_stale(
        self, conn: Connection, record_id: str, expected_version: int | None
    ) -> None:
        t = self.table
        version = conn.execute(sa.select(t.c.version).where(t.c.id == record_id)).scalar()
        if version is None:
            raise NotFoundError(f"no {self._kind} with id {record_id}", details={"id": record_id})
        raise ConflictError(
            f"{self._kind} {record_id} is at version {version}, not {expected_version}",
            details={"id": record_id, "version": version, "expected_version": expected_version},
        )

    # -- many records --------------------------------------------------------------------------
    def list(self, *, limit: int = 100, after: str | None = None) -> list[Stored[R]]:
        """Up to ``limit`` records ordered by id, starting after id ``after`` (keyset paging)."""
        if not 1 <= limit <= MAX_PAGE:
            raise BadInputError(f"limit must be between 1 and {MAX_PAGE}, got {limit}")
        query = sa.select(self.table).order_by(self.table.c.id).limit(limit)
        if after is not None:
            query = query.where(self.table.c.id > after)
        with self._read() as conn:
            return [self._stored(row) for row in conn.execute(query)]

    def __iter__(self) -> Iterator[Stored[R]]:
        """Every record, ordered by id, a page at a time."""
        after: str | None = None
        while page := self.list(limit=MAX_PAGE, after=after):
            yield from page
            after = page[-1].id

    def count(self) -> int:
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(self.table)).scalar_one()

    def versions(self) -> Iterator[tuple[str, int]]:
        t = self.table
        with self._read() as conn:
            rows = conn.execute(sa.select(t.c.id, t.c.version).order_by(t.c.id)).all()
        yield from ((row.id, row.version) for row in rows)

    def versions_since(self, since: datetime) -> list[tuple[str, int]]:
        """``(id, version)`` of the records written at or after ``since`` (an indexed
        query: how another process's writes are picked up without a full check)."""
        t = self.table
        with self._read() as conn:
            rows = conn.execute(sa.select(t.c.id, t.c.version).where(t.c.updated_at >= since))
            return [(row.id, row.version) for row in rows]

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
        records = list(self.parse_json(source))
        self.add_many(records, replace=replace)
        return [record.id for record in records]  # type: ignore[misc]

    def add_many(self, records: Sequence[R], *, replace: bool = False) -> None:
        """Insert (or with ``replace``, overwrite) ``records`` (with ids) in one transaction."""
        now = _now()
        t = self.table
        with self.engine.begin() as conn:
            existing = self._existing_versions(conn, [r.id for r in records])  # type: ignore[misc]
            for i, record in enumerate(records):
                version = existing.get(record.id)  # type: ignore[arg-type]
                if version is None:
                    conn.execute(t.insert().values(_row(record, 1, None, now)))
                elif replace:
                    conn.execute(
                        t.update()
                        .where(t.c.id == record.id)
                        .values(_row(record, version + 1, None, now))
                    )
                else:
                    raise ConflictError(
                        f"record {i}: {self._kind} {record.id} already exists",
                        details={"index": i, "id": record.id},
                    )

    def _existing_versions(self, conn: Connection, ids: list[str]) -> dict[str, int]:
        t = self.table
        found: dict[str, int] = {}
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            rows = conn.execute(sa.select(t.c.id, t.c.version).where(t.c.id.in_(chunk)))
            found.update((row.id, row.version) for row in rows)
        return found

    def parse_json(self, source: str | bytes | IO[str]) -> Iterable[R]:
        """Validate a JSON list of records (ids assigned where absent, none repeated)."""
        text = source if isinstance(source, str | bytes) else source.read()
        try:
            items = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise BadInputError(f"not valid JSON: {err}") from None
        if not isinstance(items, list):
            raise BadInputError(
                f"expected a JSON list of {self.table.name}, got {type(items).__name__}"
            )
        seen: set[str] = set()
        for i, item in enumerate(items):
            try:
                record = with_id(self.record_type.model_validate(item))
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

    def _stored(self, row: sa.Row) -> Stored[R]:
        record = self.record_type.model_validate_json(row.json)
        updated_at = row.updated_at
        if updated_at.tzinfo is None:  # SQLite keeps no time zone; we only write UTC
            updated_at = updated_at.replace(tzinfo=UTC)
        return Stored(record, row.version, updated_at, row.vector_model)


def with_id(record: R) -> R:
    """``record`` with a fresh id when it has none."""
    return record if record.id else record.model_copy(update={"id": new_id()})


def _row(record: R, version: int, vector_model: str | None, now: datetime) -> dict:
    return {
        "id": record.id,
        "version": version,
        "json": _dump(record),
        "vector_model": vector_model,
        "updated_at": now,
    }


def _dump(record) -> str:
    return record.model_dump_json(exclude_none=True)


def _now() -> datetime:
    return datetime.now(UTC)
