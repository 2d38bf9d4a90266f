"""Engines for the record database: SQLite (the embedded default) or PostgreSQL, by URL.

SQLite runs in WAL mode (readers never block the writer) with a busy timeout, so several threads
and processes can share one file; PostgreSQL needs nothing special.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from taxonomy.errors import BadInputError

#: How long a SQLite writer waits for another one before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 10_000


def sqlite_url(path: Path | str) -> str:
    """The database URL of a SQLite file."""
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def create_database_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///...`` or ``postgresql+psycopg://...``)."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as err:
        raise BadInputError(f"not a database URL: {url!r} ({err})") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # no pre-ping: a connection to a local file cannot go stale (it cost a query per use)
        engine = sa.create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return sa.create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)
    raise BadInputError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://"
    )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling is turned off so that BEGIN is ours (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted personal data is overwritten
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


#: Execution option of a connection that only reads (a plain, deferred BEGIN on SQLite).
READ_ONLY = {"skillmatch_read_only": True}


def _sqlite_begin_immediate(connection) -> None:
    """Writers take the write lock at BEGIN, so a read-then-write transaction never fails
    half-way with "database is locked"; readers (``READ_ONLY``) begin deferred and never wait."""
    if connection.get_execution_options().get("skillmatch_read_only"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
