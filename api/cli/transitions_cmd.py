"""``skillmatch transitions``: overstapberoepen from an occupation (URI or title) or a profile.

Batch contract: ``--input FILE --top K --format jsonl`` prints exactly one line per input line,
in order::

    {"occupation": "<the input line>", "source": {"uri", "label", "resolved_by", ...},
     "ranking": "skills-only" | "skills+labour-market",
     "results": [{"uri", "label", "score", "feasibility", "demand", "missing_essential": [...],
                  "carries_over": [...], "explanation", ...}, ...]}

A line that names no occupation (empty, an unknown URI, the URI of a skill) gets ``"source":
null``, ``"results": []`` and ``"error": {"code", "message"}``; the other lines are still
answered and the command exits 0. With a single argument (or ``--profile``) such a problem is an
error: one line on stderr and a non-zero exit code (2 bad input, 3 not found).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.cli.common import OutputFormat, emit_json, read_queries
from api.cli.record_files import label_langs, read_labour_market, read_record_file
from api.runtime import Runtime
from api.settings import get_settings
from matcher.records import Profile
from matcher.search.occupation_lookup import ResolvedOccupation, resolve_occupation
from matcher.search.occupation_search import OccupationSearch
from matcher.transitions.demand_mix import SKILLS_AND_LABOUR_MARKET, SKILLS_ONLY
from matcher.transitions.labour_market import LabourMarketTable
from matcher.transitions.records import TransitionRanking
from matcher.transitions.source import TransitionSource, occupation_source, profile_source
from taxonomy.concepts import ESCO_BASE
from taxonomy.errors import BadInputError, SkillmatchError


def transitions(
    occupation: Annotated[
        str | None,
        typer.Argument(help="An ESCO occupation URI or a job title (or use --input / --profile)."),
    ] = None,
    input: Annotated[
        str | None,
        typer.Option(
            "--input", "-i", help="File with one occupation URI or title per line; - is stdin."
        ),
    ] = None,
    profile: Annotated[
        str | None, typer.Option("--profile", help="A profile JSON file as the starting point.")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=1000, help="Results per source.")] = 10,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
    lang: Annotated[str, typer.Option(help="Labels and explanations: nl or en.")] = "nl",
    labour_market: Annotated[
        str | None,
        typer.Option("--labour-market", help="CSV of demand per occupation URI or ISCO code."),
    ] = None,
    kansrijk_only: Annotated[
        bool, typer.Option("--kansrijk-only", help="Only occupations the table calls kansrijk.")
    ] = False,
    region: Annotated[
        str | None, typer.Option(help="Region for the labour-market table (arbeidsmarktregio).")
    ] = None,
) -> None:
    """Overstapberoepen: occupations to move to, with what carries over and what is missing."""
    langs = label_langs(lang)
    given = [x is not None for x in (occupation, input, profile)]
    if sum(given) != 1:
        raise BadInputError(
            "give one of: an occupation (URI or title), --input FILE, --profile FILE"
        )
    table = read_labour_market(labour_market)
    if kansrijk_only and table is None:
        raise BadInputError("--kansrijk-only needs --labour-market CSV")
    runtime = Runtime(get_settings())
    options = {"table": table, "region": region, "kansrijk_only": kansrijk_only, "top": top}
    if profile is not None:
        record = read_record_file(profile, Profile, runtime.taxonomy)
        source = profile_source(runtime.taxonomy, record, langs=langs)
        ranking = _rank(runtime, source, langs, **options)
        row = {"profile": profile, "source": ranking.source_dict(), **_ranking_dict(ranking, lang)}
        _emit(row, ranking, format, lang)
        return
    lines = read_queries(input, occupation)
    batch = input is not None
    search = _LazySearch(runtime)
    for line in lines:
        try:
            resolved = resolve_occupation(line, runtime.taxonomy, search.get(line), langs=langs)
            source = occupation_source(runtime.taxonomy, resolved.uri, langs=langs)
            ranking = _rank(runtime, source, langs, **options)
        except SkillmatchError as err:
            if not batch:
                raise
            _emit_error(line, err, table, format)
            continue
        row = {"occupation": line, "source": resolved.as_dict(), **_ranking_dict(ranking, lang)}
        _emit(row, ranking, format, lang, resolved)


class _LazySearch:
    """Builds the occupation search only when a line is a title, not a URI."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def get(self, line: str) -> OccupationSearch | None:
        if not line.strip() or line.strip().startswith(ESCO_BASE):
            return None
        return self.runtime.occupation_search()


def _rank(
    runtime: Runtime,
    source: TransitionSource,
    langs: tuple[str, ...],
    *,
    table: LabourMarketTable | None,
    region: str | None,
    kansrijk_only: bool,
    top: int,
) -> TransitionRanking:
    return runtime.transition_finder.rank(
        source,
        top=top,
        labour_market=table,
        region=region,
        kansrijk_only=kansrijk_only,
        langs=langs,
    )


def _ranking_dict(ranking: TransitionRanking, lang: str) -> dict[str, Any]:
    return {
        "ranking": ranking.ranking,
        "results": [t.as_dict(lang) for t in ranking.results],
    }


def _emit_error(
    line: str, err: SkillmatchError, table: LabourMarketTable | None, fmt: OutputFormat
) -> None:
    if fmt is OutputFormat.JSONL:
        emit_json(
            {
                "occupation": line,
                "source": None,
                "ranking": SKILLS_ONLY if table is None else SKILLS_AND_LABOUR_MARKET,
                "results": [],
                "error": {"code": err.code, "message": err.message},
            }
        )
    else:
        print(f"{line}\n  fout / error: {err.message}")


def _emit(
    row: dict[str, Any],
    ranking: TransitionRanking,
    fmt: OutputFormat,
    lang: str,
    resolved: ResolvedOccupation | None = None,
) -> None:
    if fmt is OutputFormat.JSONL:
        emit_json(row)
        return
    en = lang == "en"
    source = ranking.source
    where = f" ({source.uri})" if source.uri else ""
    if resolved is not None and resolved.resolved_by == "search":
        where += f"  [{'found by' if en else 'gevonden via'} '{resolved.matched_label}']"
    kind = {
        SKILLS_ONLY: "skills only, no labour-market table"
        if en
        else "alleen op vaardigheden, geen arbeidsmarkttabel",
        SKILLS_AND_LABOUR_MARKET: "skills and labour-market demand"
        if en
        else "vaardigheden en arbeidsmarktvraag",
    }[ranking.ranking]
    head = "Transitions from" if en else "Overstapberoepen vanuit"
    print(f"{head} {source.label}{where}  ({kind})")
    if not ranking.results:
        print("  (geen resultaten / no results)")
    for rank, t in enumerate(ranking.results, 1):
        demand = "" if t.demand is None else f"  {'demand' if en else 'vraag'} {t.demand:.2f}"
        feasible = "feasibility" if en else "haalbaarheid"
        print(f"  {rank:>2}. {t.score:.3f}  {t.label}  [{feasible} {t.feasibility:.3f}{demand}]")
        print(f"      {t.explanation(lang)}")
