"""The FastAPI application factory."""

from __future__ import annotations

import gc
import logging
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import Depends, FastAPI
from starlette.concurrency import run_in_threadpool

from api.balance import ShedConnectionsWhenBusy
from api.deps import get_principal
from api.errors import install_error_handlers
from api.metrics import ServiceMetrics
from api.routes import admin, health, jobs, occupations, profiles, taxonomy, transitions, vacancies
from api.runtime import Runtime
from api.schemas import COMMON_ERRORS
from api.services.container import Services
from api.settings import Settings, get_settings
from api.web import install_web

log = logging.getLogger("skillmatch.api")

DESCRIPTION = """\
Skills-based matching for the Dutch labour market on the ESCO taxonomy.

Every `/v1` request needs an API key in the `X-API-Key` header (`skillmatch keys create
--role ...`). Roles: consultant (an organisation; sees profiles whose consent names it),
jobseeker (their own profile), analyst (aggregates only), admin. Errors always have the body
`{"error": {"code", "message", "details"}}`. Writes of profiles and vacancies need the version
you read as `If-Match` (the `ETag` of the read).

Dit product gebruikt de ESCO-classificatie van de Europese Commissie. This service uses the ESCO
classification of the European Commission.
"""


def create_app(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    warm_up: bool = True,
    run_jobs: bool = True,
) -> FastAPI:
    """Build the service. At start-up the database is migrated and both pool indexes are
    checked against it (and repaired); with ``warm_up`` the model and search indexes load too."""
    settings = settings or get_settings()
    runtime = runtime or Runtime(settings)
    services = Services(settings, runtime)
    metrics = ServiceMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # at most this many requests of this process run at once; the others wait their turn
        to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        await run_in_threadpool(services.start, jobs=run_jobs)
        if warm_up:
            # Build the indexes and read the model weights now, not on the first request.
            search = await run_in_threadpool(runtime.occupation_search)
            await run_in_threadpool(search.search, ["warm-up"], 1)
            await run_in_threadpool(runtime.skill_extractor)
        # The model, taxonomy and indexes live as long as the process: move them out of the
        # garbage collector's generations, so full collections stay short under load.
        gc.collect()
        gc.freeze()
        log.info("skillmatch ready: taxonomy %s", runtime.taxonomy.version)
        try:
            yield
        finally:
            await run_in_threadpool(services.stop)

    app = FastAPI(
        title="skillmatch",
        summary="Skills-based matching for the Dutch labour market (ESCO).",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.services = services
    install_error_handlers(app)
    metrics.install(app, lambda m: _refresh(m, services))
    if settings.workers > 1:  # connections shared out by load, not by who accepts first
        app.add_middleware(ShedConnectionsWhenBusy, limit=settings.shed_in_flight)
    app.include_router(health.router)
    keyed = [Depends(get_principal)]
    for module in (taxonomy, occupations, transitions, profiles, vacancies, jobs, admin):
        app.include_router(module.router, dependencies=keyed, responses=COMMON_ERRORS)
    install_web(app, settings)
    return app


def _refresh(metrics: ServiceMetrics, services: Services) -> None:
    pools = services.pools
    metrics.index_size.labels("profiles").set(len(pools.profiles.index))
    metrics.index_size.labels("vacancies").set(len(pools.vacancies.index))
    metrics.model.info(
        {
            "model_id": services.runtime.encoder.model_id,
            "taxonomy": services.runtime.taxonomy.version,
        }
    )
