"""``skillmatch taxonomy``: build the bundled taxonomy, import an ESCO download, inspect it."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import OutputFormat, ProgressReporter, emit_json, summary
from api.settings import get_settings
from taxonomy.concepts import Occupation, RelationType, Skill, label_langs
from taxonomy.errors import BadInputError
from taxonomy.stats import TaxonomyStats
from taxonomy.store import (
    DEFAULT_TAXONOMY_DIR,
    IMPORTED_SUBDIR,
    install_taxonomy,
    load_taxonomy,
    resolve_taxonomy_path,
)
from taxonomy.taxonomy import Taxonomy

app = typer.Typer(help="ESCO-taxonomie: bouwen, importeren, bekijken / the ESCO taxonomy.")

QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f")]
#: How many occupations ``show`` lists for a skill.
SHOW_OCCUPATIONS = 8


@app.command("build")
def build(
    esco_dir: Annotated[
        Path, typer.Option(help="Folder with v1.1.1/ (English zips) and v1.2-nl/ (Dutch CSVs).")
    ] = Path("../shared/data/esco"),
    out: Annotated[Path, typer.Option(help="Taxonomy folder to write.")] = DEFAULT_TAXONOMY_DIR,
    quiet: QuietOpt = False,
    format: FormatOpt = OutputFormat.TEXT,
) -> None:
    """Build the bundled default: ESCO v1.1.1 in English plus Dutch v1.2 labels."""
    from taxonomy.build import build_default

    started = time.monotonic()
    reporter = ProgressReporter("ESCO files", quiet=quiet, fmt=format)
    try:
        taxonomy = build_default(esco_dir, out, progress=reporter)
    finally:
        reporter.close()
    stats = taxonomy.stats()
    size = _folder_size(out)
    summary(
        f"built taxonomy {taxonomy.version}: {_counts(stats)}; Dutch labels for "
        f"{stats.label_coverage['skills'].fraction:.0%} of skills → {out} "
        f"({size / 1e6:.1f} MB, checksum {taxonomy.checksum}, "
        f"{time.monotonic() - started:.1f} s)",
        quiet=quiet,
        fmt=format,
        path=str(out),
        bytes=size,
        **_summary_fields(stats),
    )


@app.command("import")
def import_(
    esco: Annotated[
        list[Path],
        typer.Option(
            "--esco",
            help="An official ESCO CSV download (zip or folder); repeat for several, e.g. the "
            "classification zip and the relations zip.",
        ),
    ],
    esco_version: Annotated[
        str | None, typer.Option(help="Version label to record (default: from the file names).")
    ] = None,
    quiet: QuietOpt = False,
    format: FormatOpt = OutputFormat.TEXT,
) -> None:
    """Import a full ESCO download (any language) as the active taxonomy."""
    from taxonomy.esco_csv import load_esco

    settings = get_settings()
    target = settings.data_dir / IMPORTED_SUBDIR
    reporter = ProgressReporter("ESCO files", quiet=quiet, fmt=format)
    try:
        taxonomy = load_esco(esco, version=esco_version, progress=reporter)
    finally:
        reporter.close()
    if not taxonomy.occupations or not taxonomy.skills:
        raise BadInputError("the ESCO files hold no skills or no occupations; nothing imported")
    install_taxonomy(taxonomy, target)
    stats = taxonomy.stats()
    active = resolve_taxonomy_path(settings.taxonomy, settings.data_dir)
    if active.resolve() == target.resolve():
        where = "it is now the active taxonomy"
    else:
        where = f"but SKILLMATCH_TAXONOMY={settings.taxonomy} stays active"
    summary(
        f"imported taxonomy {taxonomy.version}: {_counts(stats)}; Dutch labels for "
        f"{stats.label_coverage['skills'].fraction:.0%} of skills → {target}; {where}",
        quiet=quiet,
        fmt=format,
        path=str(target),
        active=active.resolve() == target.resolve(),
        **_summary_fields(stats),
    )


@app.command("stats")
def stats(format: FormatOpt = OutputFormat.TEXT) -> None:
    """Counts by skill type, relations and Dutch-label coverage of the active taxonomy."""
    path, taxonomy = _active()
    result = taxonomy.stats()
    if format is OutputFormat.JSONL:
        emit_json({"path": str(path), **asdict(result)})
        return
    print(f"taxonomy {result.version}  checksum {result.checksum}")
    print(f"  from {path}")
    print(f"skills          {result.skills:>8,}")
    for name, count in result.skills_by_type.items():
        print(f"  {name:<14}{count:>8,}")
    print(f"  (language     {result.language_skills:>8,})")
    print(f"occupations     {result.occupations:>8,}")
    print(f"ISCO groups     {result.isco_groups:>8,}")
    print(f"skill groups    {result.skill_groups:>8,}")
    print(
        f"relations       {result.relations:>8,}  (essential {result.essential_relations:,}, "
        f"optional {result.optional_relations:,})"
    )
    print(f"labels in '{result.label_lang}'")
    for name, cov in [*result.label_coverage.items(), *result.label_coverage_by_skill_type.items()]:
        indent = "  " if name in result.label_coverage else "    "
        name_col = f"{indent}{name.replace('_', ' '):<{18 - len(indent)}}"
        print(f"{name_col}{cov.count:>8,} / {cov.total:<8,} {cov.fraction:6.1%}")


@app.command("show")
def show(
    uri: Annotated[str, typer.Argument(help="ESCO concept URI.")],
    lang: Annotated[str, typer.Option(help="Preferred label language: nl or en.")] = "nl",
    format: FormatOpt = OutputFormat.TEXT,
) -> None:
    """One concept: labels with their language, type, description, skills or occupations."""
    if lang not in ("nl", "en"):
        raise BadInputError(f"--lang must be nl or en, not {lang!r}")
    _, taxonomy = _active()
    record = concept_record(taxonomy, uri, label_langs(lang))
    if format is OutputFormat.JSONL:
        emit_json(record)
    else:
        _print_concept(record)


def concept_record(taxonomy: Taxonomy, uri: str, langs: tuple[str, ...]) -> dict[str, Any]:
    """What ``show`` prints, as JSON-ready data."""
    concept = taxonomy.get(uri)
    label = concept.labels.best(langs)
    description_lang = next((x for x in (*langs, label.lang) if concept.description.get(x)), "")
    record: dict[str, Any] = {
        "uri": uri,
        "kind": taxonomy.kind(uri),
        "langs": list(langs),
        "label": {"text": label.text, "lang": label.lang},
        "labels": [
            {
                "text": lab.text,
                "lang": lab.lang,
                "preferred": lab.text == concept.labels.preferred.get(lab.lang),
            }
            for lab in concept.labels.all_labels()
        ],
        "description": {
            "text": concept.description.get(description_lang, ""),
            "lang": description_lang,
        },
        "broader": list(concept.broader),
    }
    if isinstance(concept, Skill):
        record |= {
            "type": concept.skill_type.value,
            "esco_type": concept.esco_type,
            "reuse_level": concept.reuse_level,
            "collections": sorted(concept.collections),
            "is_language": concept.is_language,
        }
        essential = taxonomy.occupations_with_skill(uri, RelationType.ESSENTIAL)
        optional = taxonomy.occupations_with_skill(uri, RelationType.OPTIONAL)
        record["essential_for"] = {
            "count": len(essential),
            "examples": [_ref(o, langs) for o in essential[:SHOW_OCCUPATIONS]],
        }
        record["optional_for"] = {"count": len(optional)}
    elif isinstance(concept, Occupation):
        record |= {"isco_code": concept.isco_code, "code": concept.code}
        record["essential_skills"] = [
            _skill_ref(taxonomy, s, langs) for s in concept.essential_skills
        ]
        record["optional_skills"] = [
            _skill_ref(taxonomy, s, langs) for s in concept.optional_skills
        ]
    else:
        record["code"] = concept.code
    return record


def _ref(occupation: Occupation, langs: tuple[str, ...]) -> dict[str, str]:
    label = occupation.label(langs)
    return {"uri": occupation.uri, "label": label.text, "lang": label.lang}


def _skill_ref(taxonomy: Taxonomy, uri: str, langs: tuple[str, ...]) -> dict[str, str]:
    skill = taxonomy.skill(uri)
    label = skill.label(langs)
    return {"uri": uri, "type": skill.skill_type.value, "label": label.text, "lang": label.lang}


def _print_concept(record: dict[str, Any]) -> None:
    label = record["label"]
    print(f"{label['text']} [{label['lang']}]  ({record['kind'].replace('_', ' ')})")
    print(f"  {record['uri']}")
    if record["kind"] == "skill":
        extra = ", ".join(x for x in (record["esco_type"], record["reuse_level"]) if x)
        print(f"  type: {record['type']}" + (f" (ESCO: {extra})" if extra else ""))
        if record["collections"]:
            print(f"  collections: {', '.join(record['collections'])}")
    elif record["kind"] == "occupation":
        print(f"  ISCO {record['isco_code']}  ESCO code {record['code']}")
    elif record.get("code"):
        print(f"  code: {record['code']}")
    order = {lang: i for i, lang in enumerate(record["langs"])}
    labels = sorted(record["labels"], key=lambda lab: order.get(lab["lang"], len(order)))
    if labels:
        print("  labels:")
    for lab in labels:
        print(f"    [{lab['lang']}] {lab['text']}{'  (preferred)' if lab['preferred'] else ''}")
    if record["description"]["text"]:
        print(f"  description [{record['description']['lang']}]:")
        for line in record["description"]["text"].splitlines():
            print(f"    {line}")
    if record["kind"] == "skill":
        essential = record["essential_for"]
        print(
            f"  essential for {essential['count']:,} occupations "
            f"(optional for {record['optional_for']['count']:,})"
            + (":" if essential["examples"] else "")
        )
        for ref in essential["examples"]:
            print(f"    {ref['label']} [{ref['lang']}]  {ref['uri']}")
        if essential["count"] > len(essential["examples"]):
            print(f"    ... and {essential['count'] - len(essential['examples']):,} more")
    if record["kind"] == "occupation":
        for key in ("essential_skills", "optional_skills"):
            print(f"  {key.replace('_', ' ')} ({len(record[key])}):")
            for ref in record[key]:
                print(f"    {ref['type']:<13} {ref['label']} [{ref['lang']}]")


def _active() -> tuple[Path, Taxonomy]:
    settings = get_settings()
    path = resolve_taxonomy_path(settings.taxonomy, settings.data_dir)
    return path, load_taxonomy(path)


def _counts(stats: TaxonomyStats) -> str:
    return (
        f"{stats.skills:,} skills, {stats.occupations:,} occupations, {stats.relations:,} relations"
    )


def _summary_fields(stats: TaxonomyStats) -> dict[str, Any]:
    return {
        "version": stats.version,
        "checksum": stats.checksum,
        "skills": stats.skills,
        "occupations": stats.occupations,
        "relations": stats.relations,
        "nl_skill_label_fraction": stats.label_coverage["skills"].fraction,
    }


def _folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
