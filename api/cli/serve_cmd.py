"""``skillmatch serve``: run the HTTP service."""

from __future__ import annotations

from typing import Annotated

import typer

from api.settings import get_settings


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
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        log_level="info",
    )
