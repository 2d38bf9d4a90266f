"""Liveness."""

from __future__ import annotations

from fastapi import APIRouter

from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health() -> Health:
    """The process is up (does not touch the model or the data)."""
    from importlib.metadata import version

    return Health(status="ok", version=version("skillmatch"))
