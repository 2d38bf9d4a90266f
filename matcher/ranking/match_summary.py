"""The one-sentence summary of a match, in Dutch (default) or English.

Example (Dutch): "Dekt 3 van de 4 essentiële eisen (1 via een verwante vaardigheid) en 1 van de
2 optionele. Ontbreekt: kassa bedienen. Te maken: wat ontbreekt is aan te leren." Only missing
essential skills are named (heaviest first); unverified hard filters come last ("Niet
gecontroleerd: uren.").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from matcher.ranking.coverage import SkillCoverage
from matcher.ranking.explanation import CoverageKind, MissingSkill, SkillMatch
from matcher.ranking.hard_filters import FilterName

#: Missing skills named in the sentence; the rest is counted ("en 2 meer").
MAX_NAMED_MISSING = 3

_TEXT = {
    "nl": {
        "essential": "Dekt {covered} van de {total} essentiële eisen",
        "near": " ({n} via een verwante vaardigheid)",
        "optional_after": " en {covered} van de {total} optionele",
        "optional_only": "Dekt {covered} van de {total} optionele eisen",
        "no_skills": "De vacature noemt geen vaardigheden; de score is alleen de vectorgelijkenis",
        "missing": "Ontbreekt: {labels}",
        "more": " en {n} meer",
        "te_maken": "Te maken: wat ontbreekt is aan te leren",
        "unverified": "Niet gecontroleerd: {names}",
        "filters": {
            FilterName.HOURS: "uren",
            FilterName.DRIVING_LICENCE: "rijbewijs",
            FilterName.LANGUAGE: "taal",
            FilterName.EDUCATION: "opleidingsniveau",
            FilterName.LOCATION: "locatie",
        },
    },
    "en": {
        "essential": "Covers {covered} of {total} essential requirements",
        "near": " ({n} through a related skill)",
        "optional_after": " and {covered} of {total} optional ones",
        "optional_only": "Covers {covered} of {total} optional requirements",
        "no_skills": "The vacancy lists no skills; the score is vector similarity only",
        "missing": "Missing: {labels}",
        "more": " and {n} more",
        "te_maken": "Can be made to fit: what is missing can be learned",
        "unverified": "Not checked: {names}",
        "filters": {
            FilterName.HOURS: "hours",
            FilterName.DRIVING_LICENCE: "driving licence",
            FilterName.LANGUAGE: "language",
            FilterName.EDUCATION: "education level",
            FilterName.LOCATION: "location",
        },
    },
}


def summary_sentence(
    coverage: SkillCoverage,
    *,
    te_maken: bool,
    unverified: Sequence[FilterName],
    lang: str,
    label: Callable[[str], str],
) -> str:
    """The summary in ``lang`` ("nl" or "en"); ``label`` names a skill URI in that language."""
    text = _TEXT["en" if lang == "en" else "nl"]
    essential = [m for m in coverage.matched if m.essential]
    optional = [m for m in coverage.matched if not m.essential]
    n_essential = coverage.n_essential
    n_optional = len(optional) + len(coverage.missing_optional)
    parts: list[str] = []
    if n_essential:
        first = text["essential"].format(covered=len(essential), total=n_essential)
        first += _near(essential, text["near"])
        if n_optional:
            first += text["optional_after"].format(covered=len(optional), total=n_optional)
        parts.append(first)
    elif n_optional:
        first = text["optional_only"].format(covered=len(optional), total=n_optional)
        parts.append(first + _near(optional, text["near"]))
    else:
        parts.append(text["no_skills"])
    if coverage.missing_essential:
        named = _named(coverage.missing_essential, label, text["more"])
        parts.append(text["missing"].format(labels=named))
    if te_maken:
        parts.append(text["te_maken"])
    if unverified:
        names = ", ".join(text["filters"][name] for name in unverified)
        parts.append(text["unverified"].format(names=names))
    return ". ".join(parts) + "."


def _near(matched: Sequence[SkillMatch], phrase: str) -> str:
    n = sum(m.kind is CoverageKind.NEAR for m in matched)
    return phrase.format(n=n) if n else ""


def _named(missing: Sequence[MissingSkill], label: Callable[[str], str], more: str) -> str:
    named = ", ".join(label(skill.uri) for skill in missing[:MAX_NAMED_MISSING])
    rest = len(missing) - MAX_NAMED_MISSING
    return named + (more.format(n=rest) if rest > 0 else "")
