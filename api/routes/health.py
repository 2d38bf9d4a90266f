"""Liveness (``/health``) and readiness (``/ready``)."""

from __future__ import annotations

import os

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
    503 with the failing checks otherwise. ``worker`` is the id of the process that answered
    (with ``serve --workers N`` each worker starts on its own)."""
    checks = services.readiness()
    ok = all(c["ok"] for c in checks.values())
    body = {"status": "ready" if ok else "not_ready", "worker": os.getpid(), "checks": checks}
    return JSONResponse(body, 200 if ok else 503)
