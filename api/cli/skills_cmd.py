"""``skillmatch skills``: skills from CV and vacancy texts (extract), full rankings (rank)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import OutputFormat, ProgressReporter, emit_json, read_queries, summary
from api.runtime import Runtime
from api.settings import get_settings
from matcher.skills.extraction import ExtractionResult
from matcher.text.documents import MAX_FILE_BYTES, MAX_TEXT_CHARS, read_document
from taxonomy.concepts import label_langs
from taxonomy.errors import BadInputError

app = typer.Typer(
    help="Vaardigheden uit tekst / skills from text (CVs, vacancies).", no_args_is_help=True
)

TextArg = Annotated[str | None, typer.Argument(help="One text (or use --input).")]
InputOpt = Annotated[
    str | None, typer.Option("--input", "-i", help="File with one text per line; - is stdin.")
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f")]
LangOpt = Annotated[str, typer.Option(help="Label language: nl (Dutch where there is one) or en.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")]


def _langs(lang: str) -> tuple[str, ...]:
    if lang not in ("nl", "en"):
        raise BadInputError(f"--lang {lang}: kies nl of en / choose nl or en")
    return label_langs(lang)


def _engine(quiet: bool, fmt: OutputFormat):
    reporter = ProgressReporter("skill labels", quiet=quiet, fmt=fmt)
    try:
        return Runtime(get_settings()).skill_extractor(progress=reporter)
    finally:
        reporter.close()


@app.command("extract")
def extract(
    text: TextArg = None,
    input: InputOpt = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help=f"One CV or vacancy (.txt, .pdf, .docx; at most {MAX_FILE_BYTES // 2**20} MB "
            f"and {MAX_TEXT_CHARS:,} characters).",
        ),
    ] = None,
    format: FormatOpt = OutputFormat.TEXT,
    lang: LangOpt = "nl",
    quiet: QuietOpt = False,
) -> None:
    """Skills in each text line (--input, one JSON line each) or in one document (--file)."""
    langs = _langs(lang)
    if file is not None:
        if text is not None or input is not None:
            raise BadInputError("give --file, or a text / --input, not both")
        document = read_document(file)
        [result] = _engine(quiet, format).extract_many([document.text], langs)
        if format is OutputFormat.JSONL:
            emit_json(
                {
                    "file": str(file),
                    "format": document.format.value,
                    "skills": [s.as_dict() for s in result.skills],
                    "skipped_segments": len(result.skipped),
                }
            )
        else:
            _print_result(f"{file} ({document.format.value})", result)
        return
    lines = read_queries(input, text)
    started = time.monotonic()
    engine = _engine(quiet, format)
    results = engine.extract_many(lines, langs)
    for line, result in zip(lines, results, strict=True):
        if format is OutputFormat.JSONL:
            emit_json({"text": line, "skills": [s.as_dict() for s in result.skills]})
        else:
            _print_result(line, result)
    if format is OutputFormat.TEXT and len(lines) > 1:
        summary(
            f"{len(lines)} texts, {sum(len(r.skills) for r in results)} skills "
            f"in {time.monotonic() - started:.1f} s",
            quiet=quiet,
            fmt=format,
        )


def _print_result(title: str, result: ExtractionResult) -> None:
    print(title)
    if not result.skills:
        print("  (geen vaardigheden gevonden / no skills found)")
    for skill in result.skills:
        print(
            f"  {skill.score:.2f}  {skill.label} [{skill.lang}]  ({skill.type})  "
            f'← "{skill.evidence.text}" @{skill.evidence.start}-{skill.evidence.end}'
        )
    if result.skipped:
        kinds = sorted({s.kind.value for s in result.skipped})
        print(f"  ({len(result.skipped)} segment(s) overgeslagen / skipped: {', '.join(kinds)})")


@app.command("rank")
def rank(
    text: TextArg = None,
    input: InputOpt = None,
    top: Annotated[int, typer.Option(min=1, max=20000, help="Skills per text.")] = 10,
    format: FormatOpt = OutputFormat.TEXT,
    lang: LangOpt = "nl",
    quiet: QuietOpt = False,
) -> None:
    """Rank all taxonomy skills for each text line (evaluation; no threshold, no filtering)."""
    langs = _langs(lang)
    lines = read_queries(input, text)
    ranked = _engine(quiet, format).rank(lines, top=top, langs=langs)
    for line, results in zip(lines, ranked, strict=True):
        if format is OutputFormat.JSONL:
            emit_json({"text": line, "results": [r.as_dict() for r in results]})
            continue
        print(line)
        if not results:
            print("  (geen resultaten / no results)")
        for i, r in enumerate(results, 1):
            print(f"  {i:>2}. {r.score:.3f}  {r.label} [{r.lang}]  ({r.type})  {r.uri}")


@app.command("index")
def index(quiet: QuietOpt = False, format: FormatOpt = OutputFormat.TEXT) -> None:
    """Embed the skill labels of the active taxonomy into the cache (reused afterwards)."""
    started = time.monotonic()
    runtime = Runtime(get_settings())
    reporter = ProgressReporter("skill labels", quiet=quiet, fmt=format)
    engine = runtime.skill_extractor(progress=reporter)
    reporter.close()
    labels = sum(len(c) for c in engine.ranker_.labels_.channels.values() if c.vectors is not None)
    summary(
        f"{labels} skill labels indexed for model {runtime.encoder.model_id} "
        f"in {time.monotonic() - started:.1f} s",
        quiet=quiet,
        fmt=format,
        labels=labels,
        model=runtime.encoder.model_id,
        taxonomy=runtime.taxonomy.version,
    )
