"""The audit log: who read, matched, changed or deleted which record, when and why.

Events hold ids, roles and purposes only; never CV text or other personal content. A deleted
profile's events stay (they record that it was deleted, and by whom).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from api.db.tables import audit_events
from api.services.principal import Principal
from taxonomy.errors import BadInputError

MAX_AUDIT_PAGE = 500


class Action(StrEnum):
    CREATE = "create"
    READ = "read"
    LIST = "list"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    MATCH = "match"
    CONSENT = "consent"
    IMPORT = "import"


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(
        self,
        who: Principal | None,
        action: Action,
        resource_type: str,
        resource_id: str | None = None,
        *,
        purpose: str | None = None,
        detail: str = "",
        conn: Connection | None = None,
    ) -> None:
        """Append one event (inside ``conn``'s transaction when given)."""
        self.record_many(
            who, action, resource_type, [resource_id], purpose=purpose, detail=detail, conn=conn
        )

    def record_many(
        self,
        who: Principal | None,
        action: Action,
        resource_type: str,
        resource_ids: Sequence[str | None],
        *,
        purpose: str | None = None,
        detail: str = "",
        conn: Connection | None = None,
    ) -> None:
        """One event per resource id, written in one statement (e.g. every profile a match
        returned)."""
        if not resource_ids:
            return
        at = datetime.now(UTC)
        rows = [
            {
                "at": at,
                "key_id": who.key_id if who else None,
                "role": who.role.value if who else None,
                "organisation": who.organisation if who else None,
                "action": action.value,
                "resource_type": resource_type,
                "resource_id": resource_id,
                "purpose": purpose,
                "detail": detail[:500],
            }
            for resource_id in resource_ids
        ]
        if conn is not None:
            conn.execute(audit_events.insert(), rows)
            return
        with self.engine.begin() as own:
            own.execute(audit_events.insert(), rows)

    def query(
        self,
        *,
        resource_id: str | None = None,
        key_id: str | None = None,
        action: str | None = None,
        after: int | None = None,
        limit: int = 100,
    ) -> list[dict]:
        """Events in order of occurrence, filtered; ``after`` is the last id seen (paging)."""
        if not 1 <= limit <= MAX_AUDIT_PAGE:
            raise BadInputError(f"limit must be between 1 and {MAX_AUDIT_PAGE}, got {limit}")
        t = audit_events
        query = sa.select(t).order_by(t.c.id).limit(limit)
        for column, value in ((t.c.resource_id, resource_id), (t.c.key_id, key_id)):
            if value is not None:
                query = query.where(column == value)
        if action is not None:
            query = query.where(t.c.action == action)
        if after is not None:
            query = query.where(t.c.id > after)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            {
                "id": r.id,
                "at": _utc(r.at).isoformat(),
                "key_id": r.key_id,
                "role": r.role,
                "organisation": r.organisation,
                "action": r.action,
                "resource_type": r.resource_type,
                "resource_id": r.resource_id,
                "purpose": r.purpose,
                "detail": r.detail,
            }
            for r in rows
        ]


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)
