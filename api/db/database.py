"""Opening the service database: the engine for the configured URL, migrated to the head.

``SKILLMATCH_DATABASE_URL`` selects the database (default: a SQLite file in the data folder);
:func:`open_database` runs the Alembic migrations (``api/db/migrations``) before anything reads
or writes, so a new file or an empty PostgreSQL schema is ready at once and an older one is
upgraded in place.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from matcher.storage.database import create_database_engine
from taxonomy.errors import ConflictError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database of ``engine`` to ``revision``."""
    config = alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.begin() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        known = {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}
        if current is not None and current not in known:
            raise ConflictError(
                f"the database is at schema revision {current}, which this version of "
                f"skillmatch does not know (newest known: {head}); upgrade skillmatch",
                details={"revision": current, "head": head},
            )
        if current == head and revision == "head":
            return
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def open_database(url: str) -> Engine:
    """An engine for ``url`` with the schema migrated to the newest revision."""
    engine = create_database_engine(url)
    migrate(engine)
    return engine
