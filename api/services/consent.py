"""Consent: which organisations may see a profile, and for which purposes.

A profile's consent is a list of grants ``(organisation, purpose)``; a consultant of an
organisation sees a profile only for a purpose it was granted for. Matching asks for the ids an
organisation may see *before* ranking (:meth:`ConsentRegistry.allowed_ids`); those sets are
cached in memory per ``(organisation, purpose)`` and dropped on every consent change made through
this registry: :meth:`ConsentRegistry.replace` drops them inside the writer's transaction, and
the writer calls :meth:`ConsentRegistry.invalidate` again after the commit (a reader may have
cached the old state in between). Because another process could change consent behind the cache,
callers confirm the few ids they are about to return with :meth:`ConsentRegistry.confirm` (one
indexed query), and recompute when it disagrees.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Annotated

import sqlalchemy as sa
from pydantic import BaseModel, Field, StringConstraints, field_validator
from sqlalchemy.engine import Connection, Engine

from api.db.tables import profile_consents
from api.services.principal import Purpose, organisation_name
from taxonomy.errors import BadInputError


class ConsentGrant(BaseModel):
    """One organisation and the purposes it may see the profile for."""

    organisation: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ] = Field(examples=["WSP Midden-Utrecht"])
    purposes: list[Purpose] = Field(
        default_factory=lambda: [Purpose.MATCHING], min_length=1, examples=[["matching"]]
    )

    @field_validator("organisation")
    @classmethod
    def _organisation(cls, value: str) -> str:
        try:
            return organisation_name(value)
        except BadInputError as err:
            raise ValueError(err.message) from None


class ConsentRegistry:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._allowed: dict[tuple[str, str], frozenset[str]] = {}
        #: One lock per (organisation, purpose): held by the request reading its set.
        self._loading: dict[tuple[str, str], threading.Lock] = {}
        self._generation = 0  # bumped by every invalidation

    def grants(self, profile_id: str) -> list[ConsentGrant]:
        return self.grants_of([profile_id])[profile_id]

    def grants_of(self, profile_ids: Sequence[str]) -> dict[str, list[ConsentGrant]]:
        """Each profile's grants (an empty list for none), in one query per 500 ids."""
        t = profile_consents
        rows: list[sa.Row] = []
        with self.engine.connect() as conn:
            for start in range(0, len(profile_ids), 500):
                chunk = list(profile_ids[start : start + 500])
                rows += conn.execute(
                    sa.select(t.c.profile_id, t.c.organisation, t.c.purpose)
                    .where(t.c.profile_id.in_(chunk))
                    .order_by(t.c.profile_id, t.c.organisation, t.c.purpose)
                ).all()
        by_profile: dict[str, dict[str, list[Purpose]]] = {i: {} for i in profile_ids}
        for profile_id, organisation, purpose in rows:
            by_profile[profile_id].setdefault(organisation, []).append(Purpose(purpose))
        return {
            profile_id: [ConsentGrant(organisation=o, purposes=p) for o, p in by_org.items()]
            for profile_id, by_org in by_profile.items()
        }

    def replace(self, profile_id: str, grants: Iterable[ConsentGrant], *, conn: Connection) -> None:
        """Set the profile's consent to exactly ``grants`` (inside the caller's transaction)."""
        t = profile_consents
        now = datetime.now(UTC)
        rows = {(g.organisation, p.value): now for g in grants for p in g.purposes}
        conn.execute(t.delete().where(t.c.profile_id == profile_id))
        if rows:
            conn.execute(
                t.insert(),
                [
                    {"profile_id": profile_id, "organisation": o, "purpose": p, "granted_at": at}
                    for (o, p), at in rows.items()
                ],
            )
        self.invalidate()

    def invalidate(self) -> None:
        with self._lock:
            self._allowed.clear()
            self._generation += 1

    def allows(self, profile_id: str, organisation: str | None, purpose: Purpose) -> bool:
        return bool(organisation) and profile_id in self.confirm(
            [profile_id],
            organisation,
            purpose,  # type: ignore[arg-type]
        )

    def allowed_ids(self, organisation: str, purpose: Purpose) -> frozenset[str]:
        """Every profile id ``organisation`` may see for ``purpose`` (cached). Concurrent
        requests that find the cache empty wait for one reader instead of each reading the whole
        consent table (after a start, 32 clients' first requests did so at once: ~0.5 s each at
        100k profiles)."""
        key = (organisation, purpose.value)
        with self._lock:
            cached = self._allowed.get(key)
            if cached is not None:
                return cached
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:
            with self._lock:
                cached = self._allowed.get(key)
                generation = self._generation
            if cached is not None:  # read by the request we waited for
                return cached
            ids = self._read_allowed(organisation, purpose)
            with self._lock:
                if generation == self._generation:  # no change began while we read
                    self._allowed[key] = ids
            return ids

    def _read_allowed(self, organisation: str, purpose: Purpose) -> frozenset[str]:
        t = profile_consents
        with self.engine.connect() as conn:
            return frozenset(
                conn.execute(
                    sa.select(t.c.profile_id).where(
                        t.c.organisation == organisation, t.c.purpose == purpose.value
                    )
                ).scalars()
            )

    def confirm(self, profile_ids: Sequence[str], organisation: str, purpose: Purpose) -> set[str]:
        """Those of ``profile_ids`` the database says ``organisation`` may see (uncached)."""
        if not profile_ids:
            return set()
        t = profile_consents
        with self.engine.connect() as conn:
            return set(
                conn.execute(
                    sa.select(t.c.profile_id).where(
                        t.c.organisation == organisation,
                        t.c.purpose == purpose.value,
                        t.c.profile_id.in_(list(profile_ids)),
                    )
                ).scalars()
            )
