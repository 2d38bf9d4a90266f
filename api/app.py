"""The FastAPI application factory."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from api.errors import install_error_handlers
from api.routes import health, occupations, taxonomy
from api.runtime import Runtime
from api.settings import Settings, get_settings

log = logging.getLogger("skillmatch.api")


def create_app(
    settings: Settings | None = None, *, runtime: Runtime | None = None, warm_up: bool = True
) -> FastAPI:
    """Build the service; with ``warm_up`` the taxonomy, model and indexes load at start-up."""
    runtime = runtime or Runtime(settings or get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm_up:
            # Build the indexes and read the model weights now, not on the first request.
            search = await run_in_threadpool(runtime.occupation_search)
            await run_in_threadpool(search.search, ["warm-up"], 1)
            log.info("skillmatch ready: taxonomy %s", runtime.taxonomy.version)
        yield

    app = FastAPI(
        title="skillmatch",
        summary="Skills-based matching for the Dutch labour market (ESCO).",
        description="Dit product gebruikt de ESCO-classificatie van de Europese Commissie. "
        "This service uses the ESCO classification of the European Commission.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(occupations.router)
    app.include_router(taxonomy.router)
    return app
