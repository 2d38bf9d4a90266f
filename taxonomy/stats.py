"""Counts and label coverage of a taxonomy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from taxonomy.concepts import IscoGroup, Occupation, Skill, SkillGroup, SkillType


@dataclass(frozen=True)
class Coverage:
    """How many of ``total`` concepts have a preferred label in the language."""

    count: int
    total: int
    fraction: float

    @classmethod
    def of(cls, count: int, total: int) -> Coverage:
        return cls(count, total, round(count / total, 4) if total else 0.0)


@dataclass(frozen=True)
class TaxonomyStats:
    """What a taxonomy holds. Dict keys are plain strings so ``asdict`` gives JSON-ready data."""

    version: str
    checksum: str
    skills: int
    skills_by_type: dict[str, int]  # SkillType value → count
    language_skills: int
    occupations: int
    isco_groups: int
    skill_groups: int
    essential_relations: int
    optional_relations: int
    label_lang: str  # the language the coverage figures are about, e.g. "nl"
    #: concept kind ("skills", "occupations", "isco_groups", "skill_groups") → coverage
    label_coverage: dict[str, Coverage] = field(default_factory=dict)
    #: SkillType value → coverage; "language skills" is reported as an extra key
    label_coverage_by_skill_type: dict[str, Coverage] = field(default_factory=dict)

    @property
    def relations(self) -> int:
        return self.essential_relations + self.optional_relations


def compute_stats(
    *,
    version: str,
    checksum: str,
    skills: Mapping[str, Skill],
    occupations: Mapping[str, Occupation],
    isco_groups: Mapping[str, IscoGroup],
    skill_groups: Mapping[str, SkillGroup],
    lang: str = "nl",
) -> TaxonomyStats:
    """Count concepts, relations and ``lang`` label coverage."""
    by_type = Counter(skill.skill_type.value for skill in skills.values())
    coverage_by_type: dict[str, Coverage] = {}
    for skill_type in SkillType:
        of_type = [s for s in skills.values() if s.skill_type is skill_type]
        coverage_by_type[skill_type.value] = _coverage(of_type, lang)
    coverage_by_type["language skills"] = _coverage(
        (s for s in skills.values() if s.is_language), lang
    )
    return TaxonomyStats(
        version=version,
        checksum=checksum,
        skills=len(skills),
        skills_by_type={t.value: by_type.get(t.value, 0) for t in SkillType},
        language_skills=sum(1 for s in skills.values() if s.is_language),
        occupations=len(occupations),
        isco_groups=len(isco_groups),
        skill_groups=len(skill_groups),
        essential_relations=sum(len(o.essential_skills) for o in occupations.values()),
        optional_relations=sum(len(o.optional_skills) for o in occupations.values()),
        label_lang=lang,
        label_coverage={
            "skills": _coverage(skills.values(), lang),
            "occupations": _coverage(occupations.values(), lang),
            "isco_groups": _coverage(isco_groups.values(), lang),
            "skill_groups": _coverage(skill_groups.values(), lang),
        },
        label_coverage_by_skill_type=coverage_by_type,
    )


def _coverage(
    concepts: Iterable[Skill | Occupation | IscoGroup | SkillGroup], lang: str
) -> Coverage:
    total = count = 0
    for concept in concepts:
        total += 1
        if concept.labels.preferred.get(lang):
            count += 1
    return Coverage.of(count, total)
