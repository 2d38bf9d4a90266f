"""``skillmatch profiles …`` and ``skillmatch vacancies …``: the stored pool ``match`` uses.

Records live in ``SKILLMATCH_DATA_DIR/records.sqlite`` with their vector index under
``pool-index/`` (the paths and :func:`api.cli.match_cmd.open_stored_pool` of ``match``). Every
write goes to the store and the index, and the index is saved before the command ends.

- ``profiles add --cv CV.pdf [--id ID]``: CV (PDF/DOCX/TXT) → skills (``source=cv``, score,
  evidence) and a confidently recognised current occupation → stored, indexed profile.
- ``vacancies add --title T --text-file F`` or ``--file VACANCY.json``: text → essential and
  optional skills (``matcher.ingest``); an occupation is linked from the title when absent.
- ``import FILE.json|FILE.jsonl [--replace]``: bulk, all or nothing; vacancies without an
  occupation get one linked. ``list``, ``show ID``, ``delete ID``, ``export [--output FILE]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from api.cli.common import OutputFormat, ProgressReporter, emit_json, progress, summary
from api.cli.match_cmd import load_pool_file
from api.cli.record_files import read_record_file
from api.cli.stored_pools import open_stored_pool, record_store
from api.runtime import Runtime
from api.settings import get_settings
from matcher.ingest import link_occupation, profile_from_text, vacancy_from_text
from matcher.records import Profile, Vacancy
from matcher.storage.pool import Pool
from matcher.storage.sql_store import SqlRecordStore
from matcher.storage.store import MAX_PAGE
from matcher.text.documents import read_document
from taxonomy.errors import BadInputError, NotFoundError

R = TypeVar("R", Profile, Vacancy)

profiles_app = typer.Typer(
    help="Opgeslagen profielen / stored jobseeker profiles.", no_args_is_help=True
)
vacancies_app = typer.Typer(help="Opgeslagen vacatures / stored vacancies.", no_args_is_help=True)

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")]
IdOpt = Annotated[str | None, typer.Option("--id", help="Record id (default: a new uuid).")]
IdArg = Annotated[str, typer.Argument(help="Id of a stored record.")]
ImportFile = Annotated[str, typer.Argument(help="A JSON list (as export writes) or JSONL file.")]
ReplaceOpt = Annotated[bool, typer.Option("--replace", help="Overwrite records whose id exists.")]
LimitOpt = Annotated[int, typer.Option(min=1, max=MAX_PAGE, help="Records per page.")]
AfterOpt = Annotated[str | None, typer.Option("--after", help="List ids after this one.")]
OutputOpt = Annotated[
    str | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
]
JsonlOpt = Annotated[bool, typer.Option("--jsonl", help="One record per line, not a JSON list.")]


# -- profiles --------------------------------------------------------------------------------


@profiles_app.command("add")
def profiles_add(
    cv: Annotated[str, typer.Option("--cv", help="The CV: .pdf, .docx or .txt.")],
    id: IdOpt = None,
    keep_text: Annotated[
        bool, typer.Option("--keep-text", help="Store the CV text with the profile.")
    ] = False,
    format: FormatOpt = OutputFormat.TEXT,
) -> None:
    """Read a CV, extract its skills and store the profile in the pool."""
    document = read_document(cv)
    runtime = _runtime()
    extractor = runtime.skill_extractor()
    record = profile_from_text(
        document.text, extractor, profile_id=id, occupation_search=runtime.occupation_search(),
        keep_text=keep_text,
    )  # fmt: skip
    stored = _add(runtime, record)
    if format is OutputFormat.JSONL:
        emit_json(
            {"id": stored.id, "skills": len(record.skills),
             "current_occupations": record.current_occupations}
        )  # fmt: skip
        return
    occupation = _occupation_label(runtime, record.current_occupations)
    print(f"{stored.id}\t{len(record.skills)} skills{occupation}")


@profiles_app.command("import")
def profiles_import(
    file: ImportFile,
    replace: ReplaceOpt = False,
    quiet: QuietOpt = False,
    format: FormatOpt = OutputFormat.TEXT,
) -> None:
    """Add the profiles of a JSON or JSONL file (all or nothing) and index them."""
    _import(Profile, file, replace, quiet, format)


@profiles_app.command("list")
def profiles_list(
    limit: LimitOpt = 100, after: AfterOpt = None, format: FormatOpt = OutputFormat.TEXT
) -> None:
    """Stored profiles, ordered by id."""
    _list(Profile, limit, after, format)


@profiles_app.command("show")
def profiles_show(id: IdArg, format: FormatOpt = OutputFormat.TEXT) -> None:
    """One stored profile as JSON."""
    _show(Profile, id, format)


@profiles_app.command("delete")
def profiles_delete(id: IdArg, quiet: QuietOpt = False) -> None:
    """Remove a profile from the store and the index."""
    _delete(Profile, id, quiet)


@profiles_app.command("export")
def profiles_export(output: OutputOpt = None, jsonl: JsonlOpt = False) -> None:
    """All stored profiles as a JSON list (what import reads back)."""
    _export(Profile, output, jsonl)


# -- vacancies -------------------------------------------------------------------------------


@vacancies_app.command("add")
def vacancies_add(
    title: Annotated[str | None, typer.Option("--title", help="The vacancy title.")] = None,
    text_file: Annotated[
        str | None, typer.Option("--text-file", help="The vacancy text: .txt, .pdf or .docx.")
    ] = None,
    file: Annotated[str | None, typer.Option("--file", help="A Vacancy JSON file.")] = None,
    id: IdOpt = None,
    format: FormatOpt = OutputFormat.TEXT,
) -> None:
    """Store a vacancy from a title and text (skills extracted) or from a JSON file."""
    if file is not None and (title is not None or text_file is not None):
        raise BadInputError("give either --file or --title with --text-file, not both")
    runtime = _runtime()
    if file is not None:
        record = read_record_file(file, Vacancy, runtime.taxonomy)
        if id is not None:
            record = record.model_copy(update={"id": id})
        if record.occupation is None:
            record = link_occupation(record, runtime.occupation_search())
    else:
        if title is None or text_file is None or not title.strip():
            raise BadInputError("give --title and --text-file, or --file VACANCY.json")
        document = read_document(text_file)
        record = vacancy_from_text(
            title.strip(), document.text, runtime.skill_extractor(), runtime.occupation_search(),
            vacancy_id=id,
        )  # fmt: skip
    stored = _add(runtime, record)
    n_ess, n_opt = len(record.essential_skills), len(record.optional_skills)
    if format is OutputFormat.JSONL:
        emit_json(
            {"id": stored.id, "essential": n_ess, "optional": n_opt,
             "occupation": record.occupation}
        )  # fmt: skip
        return
    occupation = _occupation_label(runtime, [record.occupation] if record.occupation else [])
    print(f"{stored.id}\t{n_ess} essential, {n_opt} optional skills{occupation}")


@vacancies_app.command("import")
def vacancies_import(
    file: ImportFile,
    replace: ReplaceOpt = False,
    quiet: QuietOpt = False,
    format: FormatOpt = OutputFormat.TEXT,
) -> None:
    """Add the vacancies of a JSON or JSONL file (all or nothing), link missing occupations
    and index them."""
    _import(Vacancy, file, replace, quiet, format)


@vacancies_app.command("list")
def vacancies_list(
    limit: LimitOpt = 100, after: AfterOpt = None, format: FormatOpt = OutputFormat.TEXT
) -> None:
    """Stored vacancies, ordered by id."""
    _list(Vacancy, limit, after, format)


@vacancies_app.command("show")
def vacancies_show(id: IdArg, format: FormatOpt = OutputFormat.TEXT) -> None:
    """One stored vacancy as JSON."""
    _show(Vacancy, id, format)


@vacancies_app.command("delete")
def vacancies_delete(id: IdArg, quiet: QuietOpt = False) -> None:
    """Remove a vacancy from the store and the index."""
    _delete(Vacancy, id, quiet)


@vacancies_app.command("export")
def vacancies_export(output: OutputOpt = None, jsonl: JsonlOpt = False) -> None:
    """All stored vacancies as a JSON list (what import reads back)."""
    _export(Vacancy, output, jsonl)


# -- shared ----------------------------------------------------------------------------------


def _runtime() -> Runtime:
    return Runtime(get_settings())


def _store(runtime: Runtime, record_type: type[R]) -> SqlRecordStore[R]:
    return record_store(runtime.settings, record_type)


def _writable_pool(runtime: Runtime, record_type: type[R]) -> Pool[R]:
    return open_stored_pool(runtime, record_type)


def _occupation_label(runtime: Runtime, uris: list[str]) -> str:
    if not uris:
        return ""
    occupation = runtime.taxonomy.occupations.get(uris[0])
    return f"\t{occupation.label(('nl', 'en')).text}" if occupation else f"\t{uris[0]}"


def _add(runtime: Runtime, record: R):
    pool = _writable_pool(runtime, type(record))
    stored = pool.add(record)
    pool.save()
    return stored


def _import(record_type: type[R], file: str, replace: bool, quiet: bool, fmt: OutputFormat) -> None:
    runtime = _runtime()
    records = load_pool_file(file, record_type, runtime.taxonomy)
    if not records:
        raise BadInputError(f"{file}: no records")
    linked = 0
    if record_type is Vacancy and any(r.occupation is None for r in records):
        search = runtime.occupation_search()
        out = []
        for record in progress(records, total=len(records), desc="link", quiet=quiet, fmt=fmt):
            if record.occupation is None:
                record = link_occupation(record, search)
                linked += record.occupation is not None
            out.append(record)
        records = out
    pool = _writable_pool(runtime, record_type)
    reporter = ProgressReporter("index", quiet=quiet, fmt=fmt)
    try:
        ids = pool.store.import_json(
            json.dumps([r.model_dump(mode="json", exclude_none=True) for r in records]),
            replace=replace,
        )
        pool.repair(reporter)
        pool.save()
    finally:
        reporter.close()
    kind = "profiles" if record_type is Profile else "vacancies"
    extra = f", {linked} occupations linked" if record_type is Vacancy else ""
    summary(
        f"imported {len(ids)} {kind} from {file}{extra}",
        quiet=quiet, fmt=fmt, imported=len(ids), linked=linked,
    )  # fmt: skip


def _list(record_type: type[R], limit: int, after: str | None, fmt: OutputFormat) -> None:
    runtime = _runtime()
    page = _store(runtime, record_type).list(limit=limit, after=after)
    for stored in page:
        record = stored.record
        row: dict[str, Any] = {"id": stored.id, "version": stored.version}
        if isinstance(record, Vacancy):
            row |= {
                "title": record.title,
                "occupation": record.occupation,
                "essential": len(record.essential_skills),
                "optional": len(record.optional_skills),
            }
        else:
            row |= {"skills": len(record.skills), "current_occupations": record.current_occupations}
        row["updated_at"] = stored.updated_at.isoformat()
        if fmt is OutputFormat.JSONL:
            emit_json(row)
        elif isinstance(record, Vacancy):
            print(f"{stored.id}\t{record.title}\t{row['essential']}+{row['optional']} skills")
        else:
            print(f"{stored.id}\t{row['skills']} skills\t{row['updated_at']}")


def _show(record_type: type[R], record_id: str, fmt: OutputFormat) -> None:
    record = _existing(record_type, record_id)
    indent = None if fmt is OutputFormat.JSONL else 2
    print(record.model_dump_json(exclude_none=True, indent=indent))


def _existing(record_type: type[R], record_id: str) -> R:
    runtime = _runtime()
    kind = record_type.__name__.lower()
    try:
        return _store(runtime, record_type).get(record_id).record
    except NotFoundError:
        raise NotFoundError(f"no {kind} with id {record_id}") from None


def _delete(record_type: type[R], record_id: str, quiet: bool) -> None:
    runtime = _runtime()
    _existing(record_type, record_id)  # NotFoundError before any index is loaded
    pool = open_stored_pool(runtime, record_type)
    pool.delete(record_id)
    pool.erase(record_id)
    pool.save()
    if not quiet:
        print(f"deleted {record_id}")


def _export(record_type: type[R], output: str | None, jsonl: bool) -> None:
    runtime = _runtime()
    records: list[R] = [s.record for s in _store(runtime, record_type)]
    if jsonl:
        text = "".join(r.model_dump_json(exclude_none=True) + "\n" for r in records)
    else:
        items = ",".join("\n" + r.model_dump_json(exclude_none=True) for r in records)
        text = f"[{items}\n]\n" if records else "[]\n"
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        print(f"exported {len(records)} records to {output}", file=sys.stderr)
