"""``skillmatch gap``: a profile's skill gap for an occupation or a vacancy, with training.

``--format jsonl`` prints one line: ``{"profile": <file>, "target": {...}, "matched": {type:
[...]}, "nearly_there": {...}, "missing_essential": {...}, "missing_optional": {...},
"te_maken", "training": {...} | null, "summary"}``, every group keyed by skill type (kennis,
vaardigheden, soft skills).
"""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import OutputFormat, emit_json
from api.cli.record_files import label_langs, read_catalogue, read_record_file
from api.runtime import Runtime
from api.settings import get_settings
from matcher.gaps.skill_gap import GapAnalyser, SkillGap
from matcher.records import Profile, Vacancy
from matcher.search.occupation_lookup import resolve_occupation
from taxonomy.concepts import ESCO_BASE
from taxonomy.errors import BadInputError

_HEADINGS = {
    "nl": {
        "matched": "Heb je al",
        "nearly_there": "Bijna (verwante vaardigheid)",
        "missing_essential": "Ontbreekt (essentieel)",
        "missing_optional": "Ontbreekt (optioneel)",
        "training": "Opleidingssuggesties",
        "none": "geen cursus bekend voor",
        "types": {"kennis": "kennis", "vaardigheden": "vaardigheden", "soft skills": "soft skills"},
    },
    "en": {
        "matched": "Already there",
        "nearly_there": "Nearly there (related skill)",
        "missing_essential": "Missing (essential)",
        "missing_optional": "Missing (optional)",
        "training": "Training suggestions",
        "none": "no known course for",
        "types": {"kennis": "knowledge", "vaardigheden": "skills", "soft skills": "soft skills"},
    },
}
MAX_OPTIONAL_SHOWN = 10


def gap(
    profile: Annotated[str, typer.Option("--profile", help="The person's profile JSON file.")],
    occupation: Annotated[
        str | None, typer.Option("--occupation", help="Target: an ESCO occupation URI or title.")
    ] = None,
    vacancy: Annotated[
        str | None, typer.Option("--vacancy", help="Target: a vacancy JSON file.")
    ] = None,
    catalogue: Annotated[
        str | None, typer.Option("--catalogue", help="Training catalogue (CSV or JSON).")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Region for courses (default: the profile's region).")
    ] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
    lang: Annotated[str, typer.Option(help="Labels and summary: nl or en.")] = "nl",
) -> None:
    """What a person has, nearly has and still lacks for an occupation or a vacancy."""
    langs = label_langs(lang)
    if (occupation is None) == (vacancy is None):
        raise BadInputError("give exactly one target: --occupation URI|TITLE or --vacancy FILE")
    runtime = Runtime(get_settings())
    taxonomy = runtime.taxonomy
    person = read_record_file(profile, Profile, taxonomy)
    courses = read_catalogue(catalogue, taxonomy)
    analyser = GapAnalyser(runtime.transition_finder.coverage_scorer(langs))
    if occupation is not None:
        is_uri = occupation.strip().startswith(ESCO_BASE)
        search = None if is_uri else runtime.occupation_search()
        resolved = resolve_occupation(occupation, taxonomy, search, langs=langs)
        result = analyser.for_occupation(person, resolved.uri, catalogue=courses, region=region)
    else:
        target = read_record_file(vacancy, Vacancy, taxonomy)  # type: ignore[arg-type]
        result = analyser.for_vacancy(person, target, catalogue=courses, region=region)
    if format is OutputFormat.JSONL:
        emit_json({"profile": profile, **result.as_dict(lang)})
    else:
        _print_gap(result, lang)


def _print_gap(result: SkillGap, lang: str) -> None:
    text = _HEADINGS["en" if lang == "en" else "nl"]
    target = result.target
    print(f"{target.label} ({target.id or '-'})")
    print(f"  {result.summary(lang)}")
    sections = {
        "matched": [(m.required, m.required_label) for m in result.matched],
        "nearly_there": [
            (m.required, f"{m.required_label}  ~ {m.matched_label}") for m in result.nearly_there
        ],
        "missing_essential": [(m.uri, m.label) for m in result.missing_essential],
        "missing_optional": [(m.uri, m.label) for m in result.missing_optional],
    }
    for key, items in sections.items():
        if not items:
            continue
        print(f"  {text[key]}:")
        shown = items[:MAX_OPTIONAL_SHOWN] if key == "missing_optional" else items
        groups: dict[str, list[str]] = {}
        for uri, label in shown:
            groups.setdefault(result.type_of(uri), []).append(label)
        for type_name, labels in groups.items():
            heading = text["types"].get(type_name, type_name)
            print(f"    {heading}: {'; '.join(labels)}")
        if len(items) > len(shown):
            print(f"    (+{len(items) - len(shown)})")
    if result.training is not None:
        print(f"  {text['training']} ({result.training.hours:g} h):")
        for s in result.training.suggestions:
            c = s.course
            closes = "; ".join(m.label for m in s.closes)
            print(f"    - {c.title} ({c.provider}, {c.kind}, {c.hours:g} h): {closes}")
        if result.training.not_covered:
            labels = "; ".join(m.label for m in result.training.not_covered)
            print(f"    {text['none']}: {labels}")
