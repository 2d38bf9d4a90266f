"""``skillmatch match``: rank candidates for a vacancy, or vacancies for a candidate.

The query is a Vacancy/Profile JSON file, the id of a stored record, or (``--input FILE``) one
JSON record per line; it is matched against the stored pool (the record store under
``SKILLMATCH_DATA_DIR`` with its vector index) or, with ``--pool FILE``, against the records of
a JSON list or JSONL file. ``--format jsonl`` prints one line per query (per input line, in
order): ``{"id", "title", "total", "excluded", "results": [{"id", "score", "te_maken",
"matched", "missing_essential", ...}]}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError

from api.cli.common import OutputFormat, emit_json, read_queries
from api.cli.stored_pools import open_stored_pool, record_store
from api.runtime import Runtime
from api.settings import get_settings
from matcher.ranking.explanation import MatchPage
from matcher.record_validation import check_skills
from matcher.records import Profile, Vacancy
from matcher.storage.match_pool import InMemoryPool, MatchPool
from matcher.user_files import MAX_POOL_FILE_BYTES, MAX_RECORD_FILE_BYTES, read_user_text
from taxonomy.errors import BadInputError, NotFoundError
from taxonomy.taxonomy import Taxonomy

R = TypeVar("R", Profile, Vacancy)

app = typer.Typer(
    help="Match kandidaten en vacatures / match candidates and vacancies.", no_args_is_help=True
)

Target = Annotated[
    str | None, typer.Argument(help="A JSON file, or the id of a stored record (or use --input).")
]
InputOption = Annotated[
    str | None,
    typer.Option("--input", "-i", help="File with one JSON record per line; - is stdin."),
]
TopOption = Annotated[int, typer.Option(min=1, max=1000, help="Results per query.")]
OffsetOption = Annotated[int, typer.Option(min=0, help="Skip this many results (paging).")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f")]
LangOption = Annotated[str, typer.Option(help="Language of labels and summaries: nl or en.")]
PoolOption = Annotated[
    str | None,
    typer.Option("--pool", help="JSON list or JSONL file of records to match against."),
]


@app.command("vacancy")
def vacancy(
    target: Target = None,
    input: InputOption = None,
    top: TopOption = 10,
    offset: OffsetOption = 0,
    format: FormatOption = OutputFormat.TEXT,
    lang: LangOption = "nl",
    pool: PoolOption = None,
) -> None:
    """Rank candidates (profiles) for a vacancy."""
    _match(Vacancy, Profile, target, input, top, offset, format, lang, pool)


@app.command("candidate")
def candidate(
    target: Target = None,
    input: InputOption = None,
    top: TopOption = 10,
    offset: OffsetOption = 0,
    format: FormatOption = OutputFormat.TEXT,
    lang: LangOption = "nl",
    pool: PoolOption = None,
) -> None:
    """Rank vacancies for a candidate (profile)."""
    _match(Profile, Vacancy, target, input, top, offset, format, lang, pool)


def _match(
    query_type: type[Vacancy] | type[Profile],
    pool_type: type[Vacancy] | type[Profile],
    target: str | None,
    input: str | None,
    top: int,
    offset: int,
    fmt: OutputFormat,
    lang: str,
    pool_path: str | None,
) -> None:
    if lang not in ("nl", "en"):
        raise typer.BadParameter("choose nl or en", param_hint="--lang")
    if target is None and input is None:
        raise BadInputError("give a JSON file or a stored id as an argument, or --input FILE")
    if target is not None and input is not None:
        raise BadInputError("give either a file/id argument or --input, not both")
    runtime = Runtime(get_settings())
    taxonomy = runtime.taxonomy
    if input is not None:
        queries = [
            None if not line.strip() else parse_record(line, query_type, taxonomy, f"line {n}")
            for n, line in enumerate(read_queries(input, None), 1)
        ]
    else:
        queries = [_load_target(target, query_type, runtime)]  # type: ignore[arg-type]
    if pool_path is not None:
        records = load_pool_file(pool_path, pool_type, taxonomy)
        pool: MatchPool = InMemoryPool.build(records, runtime.matcher.vectorise)
    else:
        pool = open_stored_pool(runtime, pool_type)
        if pool.store.count() == 0:
            kind = "profiles" if pool_type is Profile else "vacancies"
            raise NotFoundError(
                f"no stored pool: the database holds no {kind}; import records first, "
                "or give --pool FILE"
            )
    for query in queries:
        if query is None:
            if fmt is OutputFormat.JSONL:
                emit_json({"id": None, "results": []})
            continue
        if isinstance(query, Vacancy):
            page = runtime.matcher.candidates_for(query, pool, offset=offset, limit=top)
        else:
            page = runtime.matcher.vacancies_for(query, pool, offset=offset, limit=top)
        if fmt is OutputFormat.JSONL:
            emit_json(page_row(query, page, lang))
        else:
            _print_page(query, page, lang)


def page_row(query: Vacancy | Profile, page: MatchPage, lang: str) -> dict[str, Any]:
    """One JSONL output line."""
    row: dict[str, Any] = {"id": query.id}
    if isinstance(query, Vacancy):
        row["title"] = query.title
    return row | {
        "total": page.total,
        "excluded": page.excluded,
        "results": [match.as_dict(lang) for match in page.matches],
    }


def _print_page(query: Vacancy | Profile, page: MatchPage, lang: str) -> None:
    en = lang == "en"
    if isinstance(query, Vacancy):
        head = f"{'Vacancy' if en else 'Vacature'} {query.id or '-'}: {query.title}"
        found = "candidates" if en else "kandidaten"
    else:
        head = f"{'Candidate' if en else 'Kandidaat'} {query.id or '-'}"
        found = "vacancies" if en else "vacatures"
    after = "after the hard filters" if en else "na de harde filters"
    excluded = "excluded" if en else "uitgefilterd"
    print(f"{head}: {page.total} {found} {after} ({page.n_excluded} {excluded})")
    if not page.matches:
        print("  (geen resultaten / no results)")
    for rank, match in enumerate(page.matches, page.offset + 1):
        title = f"  {match.title}" if match.title else ""
        flag = ("  [can be made to fit]" if en else "  [te maken]") if match.te_maken else ""
        print(f"  {rank:>3}. {match.score:.3f}  {match.id}{title}{flag}")
        print(f"       {match.explanation.summary(lang)}")


# -- reading records ---------------------------------------------------------------------------


def parse_record(text: str, record_type: type[R], taxonomy: Taxonomy, where: str) -> R:
    """One record from JSON text; BadInputError naming ``where`` and the first problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BadInputError(f"{where}: not valid JSON: {err.msg} (column {err.colno})") from None
    return validate_record(data, record_type, taxonomy, where)


def validate_record(data: Any, record_type: type[R], taxonomy: Taxonomy, where: str) -> R:
    kind = record_type.__name__.lower()
    if not isinstance(data, dict):
        raise BadInputError(f"{where}: expected a JSON object ({kind}), got {type(data).__name__}")
    try:
        record = record_type.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or kind
        raise BadInputError(f"{where}: {field}: {first['msg']}") from None
    check_skills(record, taxonomy, where)
    return record


def _load_target(target: str, record_type: type[R], runtime: Runtime) -> R:
    path = Path(target)
    if path.is_file():
        what = f"{record_type.__name__.lower()} file"
        text = read_user_text(path, what, MAX_RECORD_FILE_BYTES)
        return parse_record(text, record_type, runtime.taxonomy, target)
    if path.suffix.lower() in (".json", ".jsonl") or "/" in target or "\\" in target:
        raise BadInputError(f"file not found: {target}")
    try:
        return record_store(runtime.settings, record_type).get(target).record
    except NotFoundError:
        kind = record_type.__name__.lower()
        raise NotFoundError(f"no stored {kind} with id {target}") from None


def load_pool_file(path: str, record_type: type[R], taxonomy: Taxonomy) -> list[R]:
    """Records of a JSON list (as ``store export``) or a JSONL file."""
    text = read_user_text(Path(path), "pool file", MAX_POOL_FILE_BYTES)
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as err:
            raise BadInputError(f"{path}: not valid JSON: {err.msg} (line {err.lineno})") from None
        return [
            validate_record(item, record_type, taxonomy, f"{path} record {i}")
            for i, item in enumerate(items)
        ]
    return [
        parse_record(line, record_type, taxonomy, f"{path} line {n}")
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip()
    ]
