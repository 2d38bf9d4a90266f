"""The CLI's view of the service database: record stores and pools of profiles and vacancies.

The CLI and the service share one database (``SKILLMATCH_DATABASE_URL``, default the SQLite file
in the data folder) and one index folder; a running service notices CLI writes at its next
index check (``/ready``, and the periodic save).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TypeVar

from sqlalchemy.engine import Engine

from api.db.database import open_database
from api.runtime import Runtime
from api.services.record_pools import pool_index_folder
from api.settings import Settings
from matcher.records import Profile, Vacancy
from matcher.storage.pool import Pool
from matcher.storage.schema import RECORD_TABLES
from matcher.storage.sql_store import SqlRecordStore

R = TypeVar("R", Profile, Vacancy)


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return open_database(url)


def record_store(settings: Settings, record_type: type[R]) -> SqlRecordStore[R]:
    return SqlRecordStore(_engine(settings.resolved_database_url), record_type)


def open_stored_pool(runtime: Runtime, record_type: type[R]) -> Pool[R]:
    """The stored pool of ``record_type``, its index brought in step with the database."""
    store = record_store(runtime.settings, record_type)
    vectoriser = runtime.matcher.vectorise
    folder = pool_index_folder(
        runtime.settings.resolved_index_dir, vectoriser.model_id, RECORD_TABLES[record_type].name
    )
    return Pool.open(store, folder, vectoriser)
