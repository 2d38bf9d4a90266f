"""The ``skillmatch`` command line. Sub-commands mirror the packages."""

from __future__ import annotations

import sys

import typer

from taxonomy.errors import SkillmatchError

app = typer.Typer(
    name="skillmatch",
    help="Skills-based matching for the Dutch labour market (ESCO).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    from api.cli import (
        demo_cmd,
        gap_cmd,
        keys_cmd,
        match_cmd,
        model_cmd,
        occupations_cmd,
        records_cmd,
        serve_cmd,
        skills_cmd,
        taxonomy_cmd,
        transitions_cmd,
    )

    app.add_typer(taxonomy_cmd.app, name="taxonomy")
    app.add_typer(model_cmd.app, name="model")
    app.add_typer(occupations_cmd.app, name="occupations")
    app.add_typer(skills_cmd.app, name="skills")
    app.add_typer(match_cmd.app, name="match")
    app.add_typer(records_cmd.profiles_app, name="profiles")
    app.add_typer(records_cmd.vacancies_app, name="vacancies")
    app.add_typer(keys_cmd.app, name="keys")
    app.add_typer(demo_cmd.app, name="demo")
    app.command("serve")(serve_cmd.serve)
    app.command("transitions")(transitions_cmd.transitions)
    app.command("gap")(gap_cmd.gap)


def main() -> None:
    """Entry point: run the app and translate the error family into exit code + one line."""
    _register()
    try:
        app(standalone_mode=False)
    except SkillmatchError as err:
        print(f"skillmatch: {err.message}", file=sys.stderr)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        print("skillmatch: interrupted", file=sys.stderr)
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        print("skillmatch: aborted", file=sys.stderr)
        sys.exit(1)
    except typer.TyperException as err:  # usage errors (bad option values) in non-standalone mode
        err.show()
        sys.exit(err.exit_code)
