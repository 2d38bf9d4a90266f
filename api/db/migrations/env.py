"""Alembic environment: runs on the connection ``api.db.database.migrate`` hands over."""

from __future__ import annotations

from alembic import context

import api.db.tables  # noqa: F401  (registers the service tables on the metadata)
from matcher.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
