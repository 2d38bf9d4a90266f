"""``skillmatch keys``: create, list and revoke API keys of the service's database."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import OutputFormat, emit_json
from api.services.keys import KeyService
from api.services.principal import Role
from api.settings import get_settings

app = typer.Typer(help="API keys (hashed at rest; a new key is shown once).", no_args_is_help=True)


def _keys() -> KeyService:
    from api.db.database import open_database

    return KeyService(open_database(get_settings().resolved_database_url))


@app.command("create")
def create(
    role: Annotated[Role, typer.Option(help="consultant, jobseeker, analyst or admin")],
    organisation: Annotated[
        str | None, typer.Option(help="The consultant's organisation (required for consultants)")
    ] = None,
    name: Annotated[str, typer.Option(help="A note on whose key this is")] = "",
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Create a key and print it (it cannot be shown again)."""
    key = _keys().create(role, organisation=organisation, name=name)
    if format is OutputFormat.JSONL:
        emit_json(
            {
                "key_id": key.key_id,
                "key": key.token,
                "role": key.role.value,
                "organisation": key.organisation,
            }
        )
        return
    print(key.token)
    org = f" ({key.organisation})" if key.organisation else ""
    typer.echo(f"key {key.key_id}: role {key.role.value}{org}; store it now", err=True)


@app.command("list")
def list_keys(
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Every key (never the secret)."""
    for row in _keys().list():
        if format is OutputFormat.JSONL:
            emit_json(row)
        else:
            state = "revoked" if row["revoked"] else "active"
            print(f"{row['key_id']}  {row['role']:<10}  {row['organisation'] or '-'}  {state}")


@app.command("revoke")
def revoke(key_id: str) -> None:
    """Revoke a key at once."""
    _keys().revoke(key_id)
    typer.echo(f"key {key_id} revoked", err=True)
