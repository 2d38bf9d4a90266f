"""Administration: API keys and the audit log (admins only); statistics (analysts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import PrincipalDep, ServicesDep
from api.schemas import KeyCreate, KeyCreated
from api.services.access import require_role

router = APIRouter(prefix="/v1", tags=["admin"])


@router.post("/keys", response_model=KeyCreated, status_code=201)
def create_key(body: KeyCreate, who: PrincipalDep, services: ServicesDep) -> KeyCreated:
    """A new API key; the key itself is shown only in this response."""
    require_role(who)
    key = services.keys.create(body.role, organisation=body.organisation, name=body.name)
    return KeyCreated(
        key_id=key.key_id, key=key.token, role=key.role.value, organisation=key.organisation
    )


@router.get("/keys")
def list_keys(who: PrincipalDep, services: ServicesDep) -> list[dict]:
    require_role(who)
    return services.keys.list()


@router.delete("/keys/{key_id}", status_code=204)
def revoke_key(key_id: str, who: PrincipalDep, services: ServicesDep) -> Response:
    require_role(who)
    services.keys.revoke(key_id)
    return Response(status_code=204)


@router.get("/audit")
def audit_log(
    who: PrincipalDep,
    services: ServicesDep,
    resource_id: Annotated[str | None, Query(max_length=64)] = None,
    key_id: Annotated[str | None, Query(max_length=32)] = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict]:
    """Who read, matched, changed or deleted what, when and why (oldest first)."""
    require_role(who)
    return services.audit.query(
        resource_id=resource_id, key_id=key_id, action=action, after=after, limit=limit
    )


@router.get("/stats")
def statistics(
    who: PrincipalDep, services: ServicesDep, top: Annotated[int, Query(ge=1, le=100)] = 20
) -> dict:
    """Aggregates over profiles and vacancies (groups of at least 5 profiles only)."""
    return services.stats.summary(who, top=top)
