"""``skillmatch serve``: run the HTTP service."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from api.settings import get_settings
from models.encoder import available_cores

#: Native thread pools that size themselves from the environment when a process starts: OpenMP
#: (faiss, torch) and the BLAS under numpy.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def share_cores(workers: int) -> int:
    """Give each of ``workers`` processes its share of the cores for native threads (set in
    the environment the workers inherit; a variable the user set is kept). Without this every
    worker starts a thread per core, and under load their spinning threads take turns on the
    same cores (measured with 2 workers on 2 cores: 48 → 72 requests/s). Returns the share."""
    share = max(1, available_cores() // workers)
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(share))
    return share


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default $PORT or 8000).")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Processes (default $SKILLMATCH_WORKERS or 1)."),
    ] = None,
) -> None:
    """Start the skillmatch HTTP service (FastAPI) on the active taxonomy.

    With several workers every process serves every endpoint from the shared database; each
    one's indexes follow the others' writes and deletions within a second.
    """
    import uvicorn

    settings = get_settings()
    workers = workers or settings.workers
    share_cores(workers)
    os.environ["SKILLMATCH_WORKERS"] = str(workers)  # each process knows it is one of several
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level="info",
    )
