"""API keys: created with a role, shown once, stored as a SHA-256 hash, revocable.

A key reads ``sm_<key id>_<secret>``; the id finds the row, the secret's hash must match. The
secret carries 256 random bits, so a plain SHA-256 (no slow password hash) is enough at rest.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from api.db.tables import api_keys
from api.services.principal import Principal, Role, organisation_name
from taxonomy.errors import BadInputError, NotFoundError, UnauthorizedError

_KEY = re.compile(r"^sm_([0-9a-f]{16})_([A-Za-z0-9_-]{20,100})$")


@dataclass(frozen=True)
class CreatedKey:
    """A new key: ``token`` is shown once and never stored."""

    key_id: str
    token: str
    role: Role
    organisation: str | None
    profile_id: str | None


class KeyService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(
        self,
        role: Role | str,
        *,
        organisation: str | None = None,
        profile_id: str | None = None,
        name: str = "",
    ) -> CreatedKey:
        try:
            role = Role(role)
        except ValueError:
            roles = ", ".join(r.value for r in Role)
            raise BadInputError(f"unknown role {role!r} (one of: {roles})") from None
        if role is not Role.CONSULTANT:
            organisation = None
        elif not (organisation or "").strip():
            raise BadInputError("a consultant key needs an organisation")
        else:
            organisation = organisation_name(organisation)
        key_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                api_keys.insert().values(
                    id=key_id,
                    secret_hash=_hash(secret),
                    role=role.value,
                    organisation=organisation,
                    profile_id=profile_id,
                    name=name[:200],
                    created_at=datetime.now(UTC),
                )
            )
        return CreatedKey(key_id, f"sm_{key_id}_{secret}", role, organisation, profile_id)

    def authenticate(self, token: str | None) -> Principal:
        """The principal of ``token``; UnauthorizedError when absent, malformed or revoked."""
        if not token:
            raise UnauthorizedError("API-sleutel ontbreekt / missing API key (X-API-Key header)")
        match = _KEY.match(token.strip())
        if match is None:
            raise UnauthorizedError("ongeldige API-sleutel / invalid API key")
        key_id, secret = match.groups()
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(api_keys).where(api_keys.c.id == key_id)).first()
        if (
            row is None
            or row.revoked_at is not None
            or not hmac.compare_digest(row.secret_hash, _hash(secret))
        ):
            raise UnauthorizedError("ongeldige API-sleutel / invalid API key")
        return Principal(row.id, Role(row.role), row.organisation, row.profile_id)

    def bind_profile(self, key_id: str, profile_id: str, *, conn: Connection) -> None:
        """Make ``profile_id`` the own profile of a jobseeker key (in the caller's transaction)."""
        conn.execute(api_keys.update().where(api_keys.c.id == key_id).values(profile_id=profile_id))

    def revoke(self, key_id: str) -> None:
        with self.engine.begin() as conn:
            result = conn.execute(
                api_keys.update()
                .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
        if result.rowcount == 0:
            raise NotFoundError(f"no active key {key_id}", details={"key_id": key_id})

    def list(self) -> list[dict]:
        """Every key without its hash (for admins)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)
            ).all()
        return [
            {
                "key_id": r.id,
                "role": r.role,
                "organisation": r.organisation,
                "profile_id": r.profile_id,
                "name": r.name,
                "created_at": r.created_at.isoformat(),
                "revoked": r.revoked_at is not None,
            }
            for r in rows
        ]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
