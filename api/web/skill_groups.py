"""A profile's skills as a page shows them: grouped as kennis / vaardigheden / soft skills
(wat ken ik, wat kan ik, wie ben ik), with their source and evidence, and a small bar chart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from api.web.i18n import N_
from api.web.labels import PageLabels
from matcher.records import SkillClaim, SkillRequirement
from taxonomy.concepts import Label, SkillType

#: Group order on every page.
SKILL_TYPES: tuple[str, ...] = tuple(t.value for t in SkillType)
#: How pages name each type (Dutch; translated by the page).
TYPE_NAMES = {
    "kennis": N_("Kennis"),
    "vaardigheden": N_("Vaardigheden"),
    "soft skills": N_("Soft skills"),
}


@dataclass(frozen=True)
class SkillRow:
    """One skill of a profile or vacancy."""

    uri: str
    label: Label
    source: str  # cv | text | manual | occupation
    confirmed: bool = False
    evidence: str | None = None


@dataclass(frozen=True)
class SkillGroup:
    """The skills of one type, best first (confirmed, then as extracted)."""

    skill_type: str
    rows: tuple[SkillRow, ...]

    @property
    def confirmed(self) -> int:
        return sum(row.confirmed for row in self.rows)


@dataclass(frozen=True)
class ChartBar:
    """One bar of the skills chart: its length is relative to the largest group."""

    skill_type: str
    total: int
    confirmed: int
    total_width: float  # 0-100
    confirmed_width: float  # 0-100


def group_skills(
    skills: Iterable[SkillClaim | SkillRequirement], labels: PageLabels
) -> list[SkillGroup]:
    """All three groups, in :data:`SKILL_TYPES` order (a group may be empty)."""
    by_type: dict[str, list[SkillRow]] = {t: [] for t in SKILL_TYPES}
    for skill in skills:
        skill_type = labels.skill_type(skill.uri) or SkillType.VAARDIGHEDEN.value
        by_type[skill_type].append(
            SkillRow(
                uri=skill.uri,
                label=labels.skill(skill.uri),
                source=skill.source.value,
                confirmed=getattr(skill, "confirmed", False),
                evidence=skill.evidence,
            )
        )
    return [
        SkillGroup(t, tuple(sorted(rows, key=lambda r: not r.confirmed)))
        for t, rows in by_type.items()
    ]


def skills_chart(groups: Iterable[SkillGroup]) -> list[ChartBar]:
    groups = list(groups)
    largest = max((len(g.rows) for g in groups), default=0) or 1
    return [
        ChartBar(
            skill_type=g.skill_type,
            total=len(g.rows),
            confirmed=g.confirmed,
            total_width=round(100 * len(g.rows) / largest, 1),
            confirmed_width=round(100 * g.confirmed / largest, 1),
        )
        for g in groups
    ]
