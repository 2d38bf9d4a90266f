"""Typed taxonomy concepts: skills, occupations, ISCO groups, skill groups.

These frozen records cross package borders; nothing downstream sees raw ESCO CSV rows.
Labels are kept per language (ISO 639-1 code → text) so that any ESCO language file set can be
merged on concept URIs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

ESCO_BASE = "http://data.europa.eu/esco/"
SKILL_PREFIX = ESCO_BASE + "skill/"
OCCUPATION_PREFIX = ESCO_BASE + "occupation/"
ISCO_PREFIX = ESCO_BASE + "isco/"

#: Language order for label lookup: Dutch first, English as the fallback.
DEFAULT_LANGS: tuple[str, ...] = ("nl", "en")


def label_langs(lang: str) -> tuple[str, ...]:
    """Label lookup order for a user's language: that language first, then the other."""
    return ("en", "nl") if lang == "en" else DEFAULT_LANGS


class SkillType(StrEnum):
    """How the product speaks of skills ("wat ken ik, wat kan ik, wie ben ik").

    Mapping rule (see README, "Skill types"):
    - ``soft skills``: every skill in ESCO's transversal skills and competences collection
      (attitudes and values, social and communication, thinking, self-management, ...),
      whatever its ESCO skillType. Checked first.
    - ``kennis``: ESCO skillType ``knowledge``.
    - ``vaardigheden``: ESCO skillType ``skill/competence`` (and skills without a type).
    Language skills keep their type by this rule and are flagged with ``Skill.is_language``.
    """

    KENNIS = "kennis"
    VAARDIGHEDEN = "vaardigheden"
    SOFT_SKILLS = "soft skills"

    @property
    def label_en(self) -> str:
        return {"kennis": "knowledge", "vaardigheden": "skills", "soft skills": "soft skills"}[
            self.value
        ]


class RelationType(StrEnum):
    """Occupation → skill relation kinds in ESCO."""

    ESSENTIAL = "essential"
    OPTIONAL = "optional"


@dataclass(frozen=True)
class Label:
    """A label as returned by lookup: the text and the language it is in."""

    text: str
    lang: str


@dataclass(frozen=True)
class Labels:
    """Preferred and alternative labels of one concept, per language."""

    preferred: dict[str, str] = field(default_factory=dict)
    alternative: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def best(self, langs: tuple[str, ...] = DEFAULT_LANGS) -> Label:
        """The preferred label in the first language of ``langs`` that has one.

        Falls back to any language present, so a concept always has a label.
        """
        for lang in langs:
            text = self.preferred.get(lang)
            if text:
                return Label(text, lang)
        for lang, text in sorted(self.preferred.items()):
            if text:
                return Label(text, lang)
        return Label("", "")

    def all_labels(self) -> list[Label]:
        """Every preferred and alternative label, preferred ones first, without duplicates."""
        seen: set[tuple[str, str]] = set()
        out: list[Label] = []
        for lang, text in self.preferred.items():
            key = (lang, text.casefold())
            if text and key not in seen:
                seen.add(key)
                out.append(Label(text, lang))
        for lang, texts in self.alternative.items():
            for text in texts:
                key = (lang, text.casefold())
                if text and key not in seen:
                    seen.add(key)
                    out.append(Label(text, lang))
        return out

    @property
    def languages(self) -> set[str]:
        return set(self.preferred) | set(self.alternative)


@dataclass(frozen=True)
class Skill:
    """An ESCO skill or knowledge concept."""

    uri: str
    labels: Labels
    skill_type: SkillType
    esco_type: str = ""  # "knowledge" | "skill/competence" | "" as in ESCO
    # "transversal" | "cross-sector" | "sector-specific" | "occupation-specific" | "" as in ESCO
    reuse_level: str = ""
    description: dict[str, str] = field(default_factory=dict)
    broader: tuple[str, ...] = ()  # URIs of broader skills or skill groups
    collections: frozenset[str] = frozenset()  # e.g. {"transversal", "language", "digital"}

    @property
    def is_language(self) -> bool:
        """True for ESCO language skills (e.g. "Nederlands spreken", "Dutch")."""
        return "language" in self.collections

    def label(self, langs: tuple[str, ...] = DEFAULT_LANGS) -> Label:
        return self.labels.best(langs)


@dataclass(frozen=True)
class Occupation:
    """An ESCO occupation with its skills."""

    uri: str
    labels: Labels
    isco_code: str = ""  # four-digit ISCO-08 unit group, e.g. "5223"
    code: str = ""  # ESCO occupation code, e.g. "5223.1"
    description: dict[str, str] = field(default_factory=dict)
    essential_skills: tuple[str, ...] = ()
    optional_skills: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()  # URIs of broader occupations or the ISCO group

    def label(self, langs: tuple[str, ...] = DEFAULT_LANGS) -> Label:
        return self.labels.best(langs)


@dataclass(frozen=True)
class IscoGroup:
    """An ISCO-08 group (levels 1 to 4)."""

    uri: str
    code: str
    labels: Labels
    description: dict[str, str] = field(default_factory=dict)
    broader: tuple[str, ...] = ()

    def label(self, langs: tuple[str, ...] = DEFAULT_LANGS) -> Label:
        return self.labels.best(langs)


@dataclass(frozen=True)
class SkillGroup:
    """A node of the ESCO skills hierarchy (skill groups, ISCED-F fields)."""

    uri: str
    labels: Labels
    code: str = ""
    description: dict[str, str] = field(default_factory=dict)
    broader: tuple[str, ...] = ()

    def label(self, langs: tuple[str, ...] = DEFAULT_LANGS) -> Label:
        return self.labels.best(langs)
