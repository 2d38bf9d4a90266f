"""Typed results of a transition search (*overstapberoepen*): one :class:`Transition` per target.

``as_dict`` gives the JSON shape of the CLI's ``--format jsonl`` results (and later the HTTP API).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matcher.ranking.explanation import CoverageKind, MissingSkill, SkillMatch
from matcher.transitions.source import TransitionSource
from taxonomy.concepts import SkillType


@dataclass(frozen=True)
class CarriedOverSkill:
    """A skill of the target the source already has, exactly or through a near skill.

    ``held``: how surely the source has the skill that carries over (1 for an occupation's
    essential skills and a profile's skills, less for an occupation's optional skills).
    """

    match: SkillMatch
    skill_type: SkillType | None
    held: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        m = self.match
        out: dict[str, Any] = {
            "uri": m.required,
            "label": m.required_label,
            "type": self.skill_type.value if self.skill_type else None,
            "kind": m.kind.value,
            "essential": m.essential,
            "credit": round(m.credit, 4),
            "held": round(self.held, 4),
        }
        if m.kind is CoverageKind.NEAR:
            out["via"] = {
                "uri": m.matched_by,
                "label": m.matched_label,
                "cosine": round(m.cosine, 4),
            }
        return out


def missing_skill_dict(skill: MissingSkill) -> dict[str, Any]:
    """A missing skill as JSON: uri, label, type, weight (the importance it is ordered by)."""
    return {
        "uri": skill.uri,
        "label": skill.label,
        "type": skill.skill_type.value if skill.skill_type else None,
        "weight": round(skill.weight, 4),
    }


@dataclass(frozen=True)
class Transition:
    """One target occupation with its scores and why."""

    uri: str
    label: str
    lang: str
    isco_code: str
    skill_level: int | None
    score: float  # what the ranking is ordered by
    feasibility: float  # skills fit times the skill-level factor
    demand: float | None  # None: no table, or the table does not cover the occupation
    kansrijk: bool | None  # None without a table
    essential_coverage: (
        float | None
    )  # E(T) of matcher.transitions.finder (incl. the unlisted skill)
    optional_coverage: float | None  # O(T)
    skill_level_factor: float
    carries_over: tuple[CarriedOverSkill, ...]  # essential first, heaviest first
    missing_essential: tuple[MissingSkill, ...]  # heaviest first
    missing_optional: tuple[MissingSkill, ...]
    explanation_nl: str
    explanation_en: str

    def explanation(self, lang: str = "nl") -> str:
        return self.explanation_en if lang == "en" else self.explanation_nl

    def as_dict(self, lang: str = "nl") -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 6)

        return {
            "uri": self.uri,
            "label": self.label,
            "lang": self.lang,
            "score": r(self.score),
            "feasibility": r(self.feasibility),
            "demand": r(self.demand),
            "kansrijk": self.kansrijk,
            "essential_coverage": r(self.essential_coverage),
            "optional_coverage": r(self.optional_coverage),
            "isco_code": self.isco_code,
            "skill_level": self.skill_level,
            "skill_level_factor": r(self.skill_level_factor),
            "missing_essential": [missing_skill_dict(m) for m in self.missing_essential],
            "carries_over": [c.as_dict() for c in self.carries_over],
            "missing_optional": [missing_skill_dict(m) for m in self.missing_optional],
            "explanation": self.explanation(lang),
        }


@dataclass(frozen=True)
class TransitionRanking:
    """The ranked transitions from one source."""

    source: TransitionSource
    ranking: str  # "skills-only" | "skills+labour-market" (see matcher.transitions.demand_mix)
    results: tuple[Transition, ...]
    n_candidates: int  # targets left after excluding the source and its variants (and filters)
    n_excluded: int  # the source, its ESCO broader/narrower occupations and near-duplicates

    def as_dict(self, lang: str = "nl") -> dict[str, Any]:
        """The ranking as JSON (the HTTP API's body)."""
        return {
            "source": self.source_dict(),
            "ranking": self.ranking,
            "n_candidates": self.n_candidates,
            "n_excluded": self.n_excluded,
            "results": [t.as_dict(lang) for t in self.results],
        }

    def source_dict(self) -> dict[str, Any]:
        s = self.source
        out: dict[str, Any] = {"uri": s.uri, "label": s.label, "skill_level": s.skill_level}
        if s.profile_id is not None or s.uri is None:
            out |= {"profile": s.profile_id, "occupations": list(s.occupations)}
        return out
