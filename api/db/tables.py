"""The service's own tables, on the record tables' ``metadata`` (one database, one schema).

- ``api_keys``: hashed keys with a role; consultants belong to an organisation, a jobseeker key
  is bound to at most one profile;
- ``profile_consents``: which organisation may see a profile, for which purpose (deleted with
  the profile);
- ``vacancy_owners``: the organisation whose consultants may change or delete a vacancy (a
  vacancy without an owner, e.g. added by an admin or the CLI, is changed by admins only);
- ``audit_events``: who read, matched, changed or deleted which record, when, for what purpose
  (ids only, never personal content);
- ``jobs`` and ``job_items``: bulk imports that survive a restart (an item is applied in the
  same transaction that marks it done, so a job is never half-applied silently).
"""

from __future__ import annotations

import sqlalchemy as sa

from matcher.storage.schema import metadata, profiles, vacancies

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("organisation", sa.String(200)),
    sa.Column("profile_id", sa.String(64), sa.ForeignKey(profiles.c.id, ondelete="SET NULL")),
    sa.Column("name", sa.String(200), nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

profile_consents = sa.Table(
    "profile_consents",
    metadata,
    sa.Column(
        "profile_id",
        sa.String(64),
        sa.ForeignKey(profiles.c.id, ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("organisation", sa.String(200), primary_key=True),
    sa.Column("purpose", sa.String(40), primary_key=True),
    sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_profile_consents_org_purpose", "organisation", "purpose"),
)

vacancy_owners = sa.Table(
    "vacancy_owners",
    metadata,
    sa.Column(
        "vacancy_id",
        sa.String(64),
        sa.ForeignKey(vacancies.c.id, ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("organisation", sa.String(200), nullable=False),
)

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("key_id", sa.String(32)),
    sa.Column("role", sa.String(20)),
    sa.Column("organisation", sa.String(200)),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("resource_type", sa.String(40), nullable=False),
    sa.Column("resource_id", sa.String(64), index=True),
    sa.Column("purpose", sa.String(40)),
    sa.Column("detail", sa.String(500), nullable=False, server_default=""),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("key_id", sa.String(32)),
    sa.Column("organisation", sa.String(200)),
    sa.Column("options", sa.Text, nullable=False, server_default="{}"),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("error", sa.String(500)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

job_items = sa.Table(
    "job_items",
    metadata,
    sa.Column(
        "job_id", sa.String(32), sa.ForeignKey(jobs.c.id, ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
    #: The input (a CV or vacancy text); emptied once the item is applied or failed.
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("record_id", sa.String(64)),
    sa.Column("error", sa.String(500)),
)
