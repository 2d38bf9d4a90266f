"""Dependency aliases so route handlers stay short."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from api.runtime import Runtime
from api.services.container import Services
from api.services.principal import Principal
from matcher.storage.schema import MAX_VERSION
from taxonomy.errors import BadInputError, PreconditionError


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def get_services(request: Request) -> Services:
    return request.app.state.services


async def get_principal(
    request: Request,
    x_api_key: Annotated[
        str | None, Header(description="API-sleutel / API key (`skillmatch keys create`)")
    ] = None,
) -> Principal:
    """The caller behind the ``X-API-Key`` header (or ``Authorization: Bearer``), counted
    against the per-key rate limit."""
    token = x_api_key
    auth = request.headers.get("authorization", "")
    if token is None and auth.lower().startswith("bearer "):
        token = auth[7:].strip()
    services: Services = request.app.state.services
    who = await run_in_threadpool(services.keys.authenticate, token)
    services.rate_limiter.hit(who.key_id)
    request.state.principal = who
    return who


def expected_version(
    if_match: Annotated[
        str | None,
        Header(description='The ETag of the version you last read, e.g. `"3"`', examples=['"3"']),
    ] = None,
) -> int:
    """The version an update or delete is based on (required: no silent overwrites)."""
    if if_match is None:
        raise PreconditionError(
            "If-Match ontbreekt: geef de ETag van de gelezen versie mee / If-Match is required: "
            'send the ETag of the version you read (e.g. If-Match: "3")'
        )
    value = if_match.strip().removeprefix("W/").strip('"')
    digits = value.isascii() and value.isdigit() and len(value) <= len(str(MAX_VERSION))
    if not (digits and int(value) <= MAX_VERSION):  # else no stored version can equal it
        raise BadInputError(f'If-Match must be a version ETag such as "3", got {if_match!r}')
    return int(value)


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
ServicesDep = Annotated[Services, Depends(get_services)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
VersionDep = Annotated[int, Depends(expected_version)]
