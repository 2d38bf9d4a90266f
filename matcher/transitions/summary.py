"""The short explanation of one transition, in Dutch (default) or English.

Example (Dutch): "Dekt 7 van de 9 essentiële vaardigheden (2 via een verwante vaardigheid). Nog te
leren: voedselveiligheid, menu's plannen. Een niveau hoger (ISCO-vaardigheidsniveau 2 → 3).
Kansrijk (vraag 0,80)." Missing essential skills are named heaviest first (at most three).
"""

from __future__ import annotations

from collections.abc import Callable

from matcher.ranking.coverage import SkillCoverage
from matcher.ranking.explanation import CoverageKind

MAX_NAMED_MISSING = 3

_TEXT = {
    "nl": {
        "covers": "Dekt {covered} van de {total} essentiële vaardigheden",
        "covers_optional": "Noemt geen essentiële vaardigheden; dekt {covered} van de {total} "
        "optionele",
        "near": "{n} via een verwante vaardigheid",
        "partly": "{n} alleen als optionele vaardigheid van {source}",
        "missing": "Nog te leren: {labels}",
        "more": " en {n} meer",
        "complete": "Alle essentiële vaardigheden zijn er al",
        "up": "Een niveau hoger (ISCO-vaardigheidsniveau {s} → {t})",
        "up_many": "{n} niveaus hoger (ISCO-vaardigheidsniveau {s} → {t})",
        "down": "Een lager niveau (ISCO-vaardigheidsniveau {s} → {t})",
        "kansrijk": "Kansrijk (vraag {d})",
        "not_kansrijk": "Weinig vraag ({d})",
        "unknown": "Vraag onbekend in de arbeidsmarkttabel",
    },
    "en": {
        "covers": "Covers {covered} of {total} essential skills",
        "covers_optional": "Lists no essential skills; covers {covered} of {total} optional ones",
        "near": "{n} through a related skill",
        "partly": "{n} only as an optional skill of {source}",
        "missing": "Still to learn: {labels}",
        "more": " and {n} more",
        "complete": "All essential skills are already there",
        "up": "One level up (ISCO skill level {s} → {t})",
        "up_many": "{n} levels up (ISCO skill level {s} → {t})",
        "down": "A lower level (ISCO skill level {s} → {t})",
        "kansrijk": "Promising (demand {d})",
        "not_kansrijk": "Little demand ({d})",
        "unknown": "Demand unknown in the labour-market table",
    },
}


def transition_sentence(
    coverage: SkillCoverage,
    *,
    source_level: int | None,
    target_level: int | None,
    demand: float | None,
    kansrijk: bool | None,
    has_table: bool,
    lang: str,
    label: Callable[[str], str],
    partly_held: int = 0,
    source_label: str = "",
) -> str:
    """The explanation in ``lang`` ("nl" or "en"); ``label`` names a skill URI in that language.

    ``partly_held``: covered essential skills the source holds only as optional skills.
    """
    text = _TEXT["en" if lang == "en" else "nl"]
    essential = [m for m in coverage.matched if m.essential]
    optional = [m for m in coverage.matched if not m.essential]
    parts: list[str] = []
    if coverage.n_essential:
        first = text["covers"].format(covered=len(essential), total=coverage.n_essential)
        near = sum(m.kind is CoverageKind.NEAR for m in essential)
    else:
        total = len(optional) + len(coverage.missing_optional)
        first = text["covers_optional"].format(covered=len(optional), total=total)
        near = sum(m.kind is CoverageKind.NEAR for m in optional)
    notes = [text["near"].format(n=near)] if near else []
    if partly_held and coverage.n_essential:
        notes.append(text["partly"].format(n=partly_held, source=source_label))
    parts.append(first + (f" ({'; '.join(notes)})" if notes else ""))
    if coverage.missing_essential:
        missing = coverage.missing_essential
        named = ", ".join(label(m.uri) for m in missing[:MAX_NAMED_MISSING])
        rest = len(missing) - MAX_NAMED_MISSING
        parts.append(
            text["missing"].format(labels=named + (text["more"].format(n=rest) if rest > 0 else ""))
        )
    elif coverage.n_essential:
        parts.append(text["complete"])
    if source_level is not None and target_level is not None and source_level != target_level:
        jump = target_level - source_level
        key = "down" if jump < 0 else ("up" if jump == 1 else "up_many")
        parts.append(text[key].format(n=jump, s=source_level, t=target_level))
    if has_table:
        if demand is None:
            parts.append(text["unknown"])
        else:
            shown = f"{demand:.2f}".replace(".", ",") if lang != "en" else f"{demand:.2f}"
            parts.append(text["kansrijk" if kansrijk else "not_kansrijk"].format(d=shown))
    return ". ".join(parts) + "."
