"""``skillmatch demo load``: a small synthetic set of profiles and vacancies to try the service."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import OutputFormat, summary
from api.settings import get_settings

app = typer.Typer(help="Synthetic demo data (never real people).", no_args_is_help=True)


@app.command("load")
def load(
    profiles: Annotated[int, typer.Option(min=1, max=1000)] = 40,
    vacancies: Annotated[int, typer.Option(min=1, max=1000)] = 12,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Add synthetic demo profiles (ids demo-profiel-NNN, consent for "Demo WSP") and vacancies
    (titles "[DEMO] ...") to the service database; records already there are kept."""
    from api.demo import DEMO_ORGANISATION, load_demo
    from api.runtime import Runtime
    from api.services.container import Services

    settings = get_settings()
    services = Services(settings, Runtime(settings))
    try:
        result = load_demo(services.pools, profiles=profiles, vacancies=vacancies)
    finally:
        services.stop()
    summary(
        f"demo loaded: {result.profiles} synthetic profiles, {result.vacancies} vacancies "
        f"({result.skipped} already there); consultants of {DEMO_ORGANISATION!r} see them",
        quiet=quiet,
        fmt=format,
        profiles=result.profiles,
        vacancies=result.vacancies,
        skipped=result.skipped,
    )
