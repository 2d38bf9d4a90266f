"""Why a profile and a vacancy match: typed records that every match result carries.

A :class:`Match` is one ranked result (a candidate for a vacancy, or a vacancy for a candidate)
with its :class:`Explanation`: which required skills the person covers (:class:`SkillMatch`,
exact or through a near skill with its cosine), which essential and optional skills are missing
(:class:`MissingSkill`, most telling first), the :class:`ScoreParts` the score is made of, the
``te_maken`` verdict and a short sentence in Dutch (English on request).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from taxonomy.concepts import SkillType

RecordKind = Literal["profile", "vacancy"]


class CoverageKind(StrEnum):
    """How a required skill is covered by the person's skills."""

    EXACT = "exact"  # the person has the very skill (same URI)
    NEAR = "near"  # the person has a skill whose vector is close enough: partial credit


@dataclass(frozen=True)
class SkillMatch:
    """A required skill covered by one of the person's skills."""

    required: str  # URI of the vacancy's skill
    required_label: str
    matched_by: str  # URI of the person's skill (== required when exact)
    matched_label: str
    kind: CoverageKind
    cosine: float  # 1.0 when exact
    credit: float  # 1.0 when exact, between 0 and the near ceiling when near
    weight: float  # IDF of the required skill
    essential: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "required": self.required,
            "required_label": self.required_label,
            "matched_by": self.matched_by,
            "matched_label": self.matched_label,
            "kind": self.kind.value,
            "cosine": round(self.cosine, 4),
            "credit": round(self.credit, 4),
            "weight": round(self.weight, 4),
            "essential": self.essential,
        }


@dataclass(frozen=True)
class MissingSkill:
    """A required skill none of the person's skills covers."""

    uri: str
    label: str
    skill_type: SkillType | None  # None for a URI the taxonomy does not know
    weight: float  # IDF: missing lists are ordered by it, highest first
    essential: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "uri": self.uri,
            "label": self.label,
            "skill_type": self.skill_type.value if self.skill_type else None,
            "weight": round(self.weight, 4),
        }


@dataclass(frozen=True)
class ScoreParts:
    """The parts a match score is made of, each in [0, 1].

    ``essential_coverage`` / ``optional_coverage`` are None when the vacancy lists no such
    skills (the part then drops out and the others are renormalised, see ``ranking``).
    """

    essential_coverage: float | None
    optional_coverage: float | None
    vector_similarity: float

    def as_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "essential_coverage": r(self.essential_coverage),
            "optional_coverage": r(self.optional_coverage),
            "vector_similarity": r(self.vector_similarity),
        }


@dataclass(frozen=True)
class Explanation:
    """Everything a consultant needs to see why a result is where it is."""

    matched: tuple[SkillMatch, ...]  # essential first, then by weight, highest first
    missing_essential: tuple[MissingSkill, ...]  # by weight, highest first
    missing_optional: tuple[MissingSkill, ...]  # by weight, highest first
    parts: ScoreParts
    #: "Can be made to fit": the only gaps are a few trainable skills (see ``te_maken``).
    te_maken: bool
    #: Hard filters that passed only because the profile or vacancy lacks the data.
    unverified: tuple[str, ...]
    summary_nl: str
    summary_en: str

    def summary(self, lang: str = "nl") -> str:
        return self.summary_en if lang == "en" else self.summary_nl


@dataclass(frozen=True)
class Match:
    """One ranked result: a profile for a vacancy or a vacancy for a profile."""

    id: str
    kind: RecordKind  # what ``id`` names
    title: str | None  # the vacancy title (None for profiles)
    score: float
    explanation: Explanation

    @property
    def te_maken(self) -> bool:
        return self.explanation.te_maken

    def as_dict(self, lang: str = "nl") -> dict[str, Any]:
        e = self.explanation
        out: dict[str, Any] = {"id": self.id, "kind": self.kind}
        if self.title is not None:
            out["title"] = self.title
        out |= {
            "score": round(self.score, 6),
            "te_maken": e.te_maken,
            "matched": [m.as_dict() for m in e.matched],
            "missing_essential": [m.as_dict() for m in e.missing_essential],
            "missing_optional": [m.as_dict() for m in e.missing_optional],
            "parts": e.parts.as_dict(),
            "unverified": list(e.unverified),
            "summary": e.summary(lang),
        }
        return out


@dataclass(frozen=True)
class MatchPage:
    """One page of ranked results and how many records passed the hard filters."""

    matches: tuple[Match, ...]
    offset: int
    limit: int
    #: Records in the pool that pass the hard filters (what a result list could hold at most).
    total: int
    #: Records the hard filters excluded.
    n_excluded: int
    #: Records excluded by the hard filters, per reason (``"hours"``, ``"region"``, ...).
    excluded: dict[str, int]
