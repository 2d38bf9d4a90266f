"""``skillmatch occupations``: search ESCO occupations by job title; build the label index."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from api.cli.common import OutputFormat, ProgressReporter, emit_json, read_queries, summary
from api.runtime import Runtime
from api.settings import get_settings
from matcher.search.hybrid_search import FusionWeights
from taxonomy.concepts import label_langs

app = typer.Typer(
    help="Zoek ESCO-beroepen bij een functietitel / search occupations.", no_args_is_help=True
)


class SearchMode(StrEnum):
    HYBRID = "hybrid"
    LEXICAL = "lexical"
    EMBEDDING = "embedding"

    def weights(self) -> FusionWeights | None:
        return {
            "hybrid": None,
            "lexical": FusionWeights.lexical_only(),
            "embedding": FusionWeights.embedding_only(),
        }[self.value]


@app.command("search")
def search(
    query: Annotated[str | None, typer.Argument(help="One job title (or use --input).")] = None,
    input: Annotated[
        str | None, typer.Option("--input", "-i", help="File with one title per line; - is stdin.")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=1000, help="Results per query.")] = 10,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
    lang: Annotated[str, typer.Option(help="Label language of the results: nl or en.")] = "nl",
    mode: Annotated[
        SearchMode, typer.Option(help="hybrid (default), lexical or embedding.")
    ] = SearchMode.HYBRID,
) -> None:
    """Map job titles to ranked ESCO occupations (one JSON line per query with --format jsonl)."""
    if lang not in ("nl", "en"):
        raise typer.BadParameter("choose nl or en", param_hint="--lang")
    queries = read_queries(input, query)
    engine = Runtime(get_settings()).occupation_search(mode.weights())
    results = engine.search(queries, top=top, langs=label_langs(lang))
    for text, matches in zip(queries, results, strict=True):
        if format is OutputFormat.JSONL:
            emit_json({"query": text, "results": [m.as_dict() for m in matches]})
            continue
        print(f"{text}")
        if not matches:
            print("  (geen resultaten / no results)")
        for rank, m in enumerate(matches, 1):
            print(f"  {rank:>2}. {m.score:.3f}  {m.label} [{m.lang}]  ISCO {m.isco_code}  {m.uri}")


@app.command("index")
def index(
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Embed all occupation labels of the active taxonomy into the cache (reused afterwards)."""
    import time

    started = time.monotonic()
    runtime = Runtime(get_settings())
    reporter = ProgressReporter("occupation labels", quiet=quiet, fmt=format)
    engine = runtime.occupation_search(progress=reporter)
    reporter.close()
    labels = len(engine.index.corpus_)
    summary(
        f"{labels} occupation labels indexed for model {runtime.encoder.model_id} "
        f"in {time.monotonic() - started:.1f} s",
        quiet=quiet,
        fmt=format,
        labels=labels,
        model=runtime.encoder.model_id,
        taxonomy=runtime.taxonomy.version,
    )
