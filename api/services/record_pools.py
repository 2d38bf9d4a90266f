"""The service's two pools (profiles, vacancies): database store + FAISS index, kept in step.

The database is the system of record; the indexes are derived state in the index folder. At
start-up :meth:`RecordPools.open` loads each saved index, checks it against the database (counts
and a checksum over ``(id, version)`` pairs) and repairs the difference, so an index that lagged
behind at a crash (even a SIGKILL in the middle of an ingest) agrees with the database before the
first request. Indexes are saved by :meth:`save` (periodically and at shutdown) and at once after
a profile is erased, so a deleted person's vector does not survive on disk.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path

from sqlalchemy.engine import Engine

from api.runtime import Runtime
from matcher.records import Profile, Vacancy
from matcher.storage.pool import DELETION_RETENTION, Pool
from matcher.storage.pool_index import IndexCheck
from matcher.storage.sql_store import SqlRecordStore
from taxonomy.taxonomy import Taxonomy

#: Seconds between two checks for writes made by another process (the CLI, a second worker).
SYNC_INTERVAL_S = 1.0
#: Writes are looked for from this long before the last check (clocks of processes differ).
SYNC_OVERLAP = timedelta(seconds=5)


def pool_index_folder(index_dir: Path, model_id: str, pool: str) -> Path:
    """Where the index of ``pool`` ("profiles", "vacancies") for ``model_id`` lives: one folder
    per model, so switching models builds a new index from the database (re-vectorising every
    record) and never mixes two models' vectors; switching back finds the old one."""
    safe = re.sub(r"[^A-Za-z0-9._+-]+", "_", model_id)[:120]
    digest = hashlib.sha256(model_id.encode()).hexdigest()[:8]
    return Path(index_dir) / f"{safe}-{digest}" / pool


class RecordPools:
    """Both pools of one service; the constructor only stores its arguments."""

    def __init__(self, runtime: Runtime, engine: Engine, index_dir: Path) -> None:
        self.runtime = runtime
        self.engine = engine
        self.index_dir = Path(index_dir)
        self._save_lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._synced_at: datetime | None = None
        self._checked = 0.0

    @property
    def taxonomy(self) -> Taxonomy:
        return self.runtime.taxonomy

    @cached_property
    def profiles(self) -> Pool[Profile]:
        return self._open(Profile, "profiles")

    @cached_property
    def vacancies(self) -> Pool[Vacancy]:
        return self._open(Vacancy, "vacancies")

    def _open(self, record_type: type, name: str) -> Pool:
        store = SqlRecordStore(self.engine, record_type)
        vectoriser = self.runtime.matcher.vectorise
        folder = pool_index_folder(self.index_dir, vectoriser.model_id, name)
        return Pool.open(store, folder, vectoriser)

    def open(self) -> dict[str, IndexCheck]:
        """Load, verify and repair both indexes, and forget deletions older than
        :data:`DELETION_RETENTION`; returns what each check found."""
        self._synced_at = datetime.now(UTC)
        for pool in (self.profiles, self.vacancies):
            pool.store.purge_deletions(self._synced_at - DELETION_RETENTION)
        return {"profiles": self.profiles.last_check, "vacancies": self.vacancies.last_check}

    def sync(self) -> int:
        """Pick up writes another process made to the database since the last call (at most
        one check per :data:`SYNC_INTERVAL_S`): records deleted since then are erased from the
        index (vector overwritten), records written since then are re-indexed when their version
        differs, and a count that still disagrees triggers a full repair. Returns how many
        records were erased or re-indexed."""
        if time.monotonic() - self._checked < SYNC_INTERVAL_S:
            return 0
        with self._sync_lock:
            if time.monotonic() - self._checked < SYNC_INTERVAL_S:
                return 0
            started = datetime.now(UTC)
            since = (self._synced_at or started) - SYNC_OVERLAP
            n = 0
            for pool in (self.profiles, self.vacancies):
                n += len(pool.forget_deleted())  # deleted by another process
                n += pool.refresh(
                    record_id
                    for record_id, version in pool.store.versions_since(since)
                    if record_id not in pool.index or pool.index.version(record_id) != version
                )
                if pool.store.count() != len(pool.index):  # a delete happened elsewhere
                    pool.repair()
            self._synced_at = started
            self._checked = time.monotonic()
            return n

    def verify(self) -> dict[str, IndexCheck]:
        return {"profiles": self.profiles.verify(), "vacancies": self.vacancies.verify()}

    def save(self) -> None:
        """Save the changed indexes (each save first erases what other processes deleted)."""
        with self._save_lock:
            for pool in (self.profiles, self.vacancies):
                if pool.dirty:
                    pool.save()

    def erase_profile(self, profile_id: str) -> None:
        """Remove a deleted profile's vector from memory and from the saved index files, and
        scrub the database file (SQLite keeps deleted rows in free pages and its WAL)."""
        self.profiles.erase(profile_id)
        with self._save_lock:
            self.profiles.save()
        if self.engine.dialect.name == "sqlite":
            # outside any transaction; a reader still active only delays it to the next one
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
