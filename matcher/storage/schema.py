"""The record tables (profiles, vacancies) as SQLAlchemy Core tables on one shared ``metadata``.

The service adds its own tables (keys, consent, audit, jobs; ``api/db/tables.py``) to the same
``metadata``, and its Alembic migrations (``api/db/migrations``) create them all: there is one
database and one store. Each record row is ``(id, version, json, vector_model, updated_at)``:

- ``version`` starts at 1 and grows by one per write (optimistic concurrency, ETags);
- ``json`` is the record as pydantic dumps it (portable across SQLite and PostgreSQL);
- ``vector_model`` is the embedding model the record's vector was indexed with.

``record_deletions`` keeps ``(kind, id, deleted_at)`` of deleted records (no content), so other
processes serving the same database (CLI, more service workers) drop the record from their
in-memory indexes too; :meth:`SqlRecordStore.purge_deletions` forgets old ones.
"""

from __future__ import annotations

import sqlalchemy as sa

from matcher.records import Profile, Vacancy

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


#: The largest record version the ``version`` column holds (``sa.Integer``: 32 bits in PostgreSQL).
MAX_VERSION = 2**31 - 1


def _record_table(name: str) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("json", sa.Text, nullable=False),
        sa.Column("vector_model", sa.String(200)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )


profiles = _record_table("profiles")
record_deletions = sa.Table(
    "record_deletions",
    metadata,
    sa.Column("kind", sa.String(20), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False, index=True),
)
vacancies = _record_table("vacancies")

#: The table of each record type.
RECORD_TABLES: dict[type, sa.Table] = {Profile: profiles, Vacancy: vacancies}
