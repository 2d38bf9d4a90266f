"""The Alembic migrations: they build the schema the code describes, and upgrade in place."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import api.db.tables  # noqa: F401  (registers the service tables)
from api.db.database import migrate
from matcher.storage.database import create_database_engine
from matcher.storage.schema import metadata


def test_the_migrations_build_exactly_the_schema_of_the_code(database_url):
    engine = create_database_engine(database_url)
    migrate(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert differences == []


def test_an_older_database_is_upgraded_in_place_keeping_its_rows(database_url):
    engine = create_database_engine(database_url)
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO profiles (id, version, json, updated_at) VALUES ('p1', 1, '{}', :t)"
            ),
            {"t": datetime.now(UTC)},
        )
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT id FROM profiles")).scalars().all() == ["p1"]
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert version == "0004"
