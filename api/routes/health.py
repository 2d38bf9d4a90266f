"""Liveness (``/health``) and readiness (``/ready``)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ServicesDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health() -> Health:
    """The process is up (does not touch the model or the data)."""
    from importlib.metadata import version

    return Health(status="ok", version=version("skillmatch"))


@router.get("/ready")
def ready(services: ServicesDep) -> JSONResponse:
    """Ready to serve: the database answers, both indexes agree with it, the model is loaded.
    503 with the failing checks otherwise."""
    checks = services.readiness()
    ok = all(c["ok"] for c in checks.values())
    return JSONResponse(
        {"status": "ready" if ok else "not_ready", "checks": checks}, 200 if ok else 503
    )
