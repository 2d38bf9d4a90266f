"""Skill gaps for werk-naar-werk: what a person has, nearly has and lacks for a target.

For a :class:`~matcher.records.Profile` against an ESCO occupation or a
:class:`~matcher.records.Vacancy`, every required skill falls in one group:

- **matched**: the person has the very skill;
- **nearly there**: the person has a skill close to it (a near match of
  :class:`~matcher.ranking.coverage.SkillCoverageScorer`, partial credit): a short step, often a
  matter of
  showing or refreshing it;
- **missing essential** / **missing optional**: nothing the person has comes close; ordered by
  importance (the scorer's skill weights, heaviest first).

Each group is split into kennis / vaardigheden / soft skills. The person's skills are those on
the profile plus, by default, the essential skills of their current and past occupations (as for
transitions, :func:`~matcher.transitions.source.profile_skill_uris`). With a training catalogue the
gap gets course suggestions (:mod:`matcher.gaps.training_suggestions`), and :func:`is_te_maken` says
whether the gap is small and closable by known courses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from matcher.gaps.training_catalogue import TrainingCatalogue
from matcher.gaps.training_suggestions import TrainingPlan, course_trainable, suggest_training
from matcher.ranking.coverage import SkillCoverage, SkillCoverageScorer
from matcher.ranking.explanation import CoverageKind, MissingSkill, SkillMatch
from matcher.ranking.match_summary import summary_sentence
from matcher.ranking.scoring import skill_label
from matcher.ranking.te_maken import TeMakenRule
from matcher.records import Profile, Vacancy
from matcher.transitions.source import profile_skill_uris
from taxonomy.concepts import SkillType, label_langs
from taxonomy.errors import NotFoundError
from taxonomy.taxonomy import Taxonomy

#: Group order in output; a skill the taxonomy does not know goes under "onbekend".
TYPE_GROUPS: tuple[str, ...] = (*(t.value for t in SkillType), "onbekend")


@dataclass(frozen=True)
class GapTarget:
    """What the gap is measured against."""

    kind: Literal["occupation", "vacancy"]
    id: str | None  # the occupation URI or the vacancy id
    label: str

    def as_dict(self) -> dict[str, Any]:
        key = "uri" if self.kind == "occupation" else "id"
        return {"kind": self.kind, key: self.id, "label": self.label}


@dataclass(frozen=True)
class SkillGap:
    """The gap of one person for one target, with optional training suggestions."""

    target: GapTarget
    coverage: SkillCoverage
    skill_types: dict[str, SkillType | None]
    te_maken: bool
    training: TrainingPlan | None
    summary_nl: str
    summary_en: str

    @property
    def matched(self) -> tuple[SkillMatch, ...]:
        return tuple(m for m in self.coverage.matched if m.kind is CoverageKind.EXACT)

    @property
    def nearly_there(self) -> tuple[SkillMatch, ...]:
        return tuple(m for m in self.coverage.matched if m.kind is CoverageKind.NEAR)

    @property
    def missing_essential(self) -> tuple[MissingSkill, ...]:
        return self.coverage.missing_essential

    @property
    def missing_optional(self) -> tuple[MissingSkill, ...]:
        return self.coverage.missing_optional

    def type_of(self, uri: str) -> str:
        skill_type = self.skill_types.get(uri)
        return skill_type.value if skill_type else "onbekend"

    def by_type(self, items: Iterable[SkillMatch | MissingSkill]) -> dict[str, list]:
        """Items grouped as kennis / vaardigheden / soft skills (order kept within a group)."""
        groups: dict[str, list] = {name: [] for name in TYPE_GROUPS}
        for item in items:
            uri = item.required if isinstance(item, SkillMatch) else item.uri
            groups[self.type_of(uri)].append(item)
        return groups

    def summary(self, lang: str = "nl") -> str:
        return self.summary_en if lang == "en" else self.summary_nl

    def as_dict(self, lang: str = "nl") -> dict[str, Any]:
        def grouped(items: Iterable, row: Callable[[Any], dict]) -> dict[str, list]:
            return {k: [row(i) for i in v] for k, v in self.by_type(items).items() if v}

        return {
            "target": self.target.as_dict(),
            "essential_coverage": _round(self.coverage.essential_skill_coverage),
            "optional_coverage": _round(self.coverage.optional_skill_coverage),
            "te_maken": self.te_maken,
            "matched": grouped(self.matched, _matched_row),
            "nearly_there": grouped(self.nearly_there, _near_row),
            "missing_essential": grouped(self.missing_essential, _missing_row),
            "missing_optional": grouped(self.missing_optional, _missing_row),
            "training": self.training.as_dict() if self.training else None,
            "summary": self.summary(lang),
        }


class GapAnalyser:
    """Builds :class:`SkillGap` records with one coverage scorer (its weights order the gaps).

    ``max_missing_essential``: passed to :func:`is_te_maken`; ``optional_share`` and
    ``max_courses``: passed to :func:`~matcher.gaps.training_suggestions.suggest_training`;
    ``include_occupation_skills``: count the essential skills of the profile's occupations.
    """

    def __init__(
        self,
        coverage: SkillCoverageScorer,
        *,
        max_missing_essential: int = 2,
        optional_share: float = 0.25,
        max_courses: int = 5,
        include_occupation_skills: bool = True,
    ) -> None:
        self.coverage = coverage
        self.max_missing_essential = max_missing_essential
        self.optional_share = optional_share
        self.max_courses = max_courses
        self.include_occupation_skills = include_occupation_skills

    @property
    def taxonomy(self) -> Taxonomy:
        return self.coverage.taxonomy

    def for_occupation(
        self,
        profile: Profile,
        occupation_uri: str,
        *,
        catalogue: TrainingCatalogue | None = None,
        region: str | None = None,
    ) -> SkillGap:
        occupation = self.taxonomy.occupations.get(occupation_uri)
        if occupation is None:
            raise NotFoundError(f"no occupation with URI {occupation_uri}")
        target = GapTarget("occupation", occupation_uri, occupation.label(self.coverage.langs).text)
        return self.analyse(
            self.person_skills(profile),
            occupation.essential_skills,
            occupation.optional_skills,
            target,
            catalogue=catalogue,
            region=region or _profile_region(profile),
        )

    def for_vacancy(
        self,
        profile: Profile,
        vacancy: Vacancy,
        *,
        catalogue: TrainingCatalogue | None = None,
        region: str | None = None,
    ) -> SkillGap:
        return self.analyse(
            self.person_skills(profile),
            [s.uri for s in vacancy.essential_skills],
            [s.uri for s in vacancy.optional_skills],
            GapTarget("vacancy", vacancy.id, vacancy.title),
            catalogue=catalogue,
            region=region or _profile_region(profile),
        )

    def person_skills(self, profile: Profile) -> list[str]:
        if self.include_occupation_skills:
            return profile_skill_uris(self.taxonomy, profile)
        return profile.skill_uris

    def analyse(
        self,
        person_skills: Sequence[str],
        essential: Sequence[str],
        optional: Sequence[str],
        target: GapTarget,
        *,
        catalogue: TrainingCatalogue | None = None,
        region: str | None = None,
    ) -> SkillGap:
        coverage = self.coverage.cover(essential, optional, person_skills)
        training = (
            suggest_training(
                coverage.missing_essential,
                coverage.missing_optional,
                catalogue,
                region=region,
                optional_share=self.optional_share,
                max_courses=self.max_courses,
            )
            if catalogue is not None
            else None
        )
        te_maken = te_maken_rule(
            self.taxonomy,
            max_missing_essential=self.max_missing_essential,
            catalogue=catalogue,
            region=region,
        )(coverage)
        skills = self.taxonomy.skills
        types = {
            uri: (skills[uri].skill_type if uri in skills else None)
            for uri in [*essential, *optional]
        }

        def sentence(lang: str) -> str:
            langs = label_langs(lang)
            return summary_sentence(
                coverage,
                te_maken=te_maken,
                unverified=(),
                lang=lang,
                label=partial(skill_label, self.taxonomy, langs=langs),
            )

        return SkillGap(target, coverage, types, te_maken, training, sentence("nl"), sentence("en"))


def te_maken_rule(
    taxonomy: Taxonomy,
    *,
    max_missing_essential: int = 2,
    catalogue: TrainingCatalogue | None = None,
    region: str | None = None,
) -> TeMakenRule:
    """The *te maken* rule; with a catalogue a gap is trainable only when a known course
    (in ``region``) teaches it, without one the rule's own type check applies."""
    return TeMakenRule(
        taxonomy,
        max_missing_essential=max_missing_essential,
        is_trainable=course_trainable(catalogue, region) if catalogue is not None else None,
    )


def is_te_maken(
    gap: SkillGap | SkillCoverage,
    taxonomy: Taxonomy,
    *,
    max_missing_essential: int = 2,
    catalogue: TrainingCatalogue | None = None,
    region: str | None = None,
) -> bool:
    """At least one and at most ``max_missing_essential`` essential skills missing, most of the
    essential skills covered, and each missing one covered by a known course (with a catalogue)
    or trainable by type (without one); see :class:`~matcher.ranking.te_maken.TeMakenRule`."""
    coverage = gap.coverage if isinstance(gap, SkillGap) else gap
    rule = te_maken_rule(
        taxonomy, max_missing_essential=max_missing_essential, catalogue=catalogue, region=region
    )
    return rule(coverage)


def _profile_region(profile: Profile) -> str | None:
    return profile.location.region if profile.location else None


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _matched_row(m: SkillMatch) -> dict[str, Any]:
    return {"uri": m.required, "label": m.required_label, "essential": m.essential}


def _near_row(m: SkillMatch) -> dict[str, Any]:
    return {
        "uri": m.required,
        "label": m.required_label,
        "essential": m.essential,
        "close_to": {"uri": m.matched_by, "label": m.matched_label},
        "cosine": round(m.cosine, 4),
        "credit": round(m.credit, 4),
    }


def _missing_row(m: MissingSkill) -> dict[str, Any]:
    return {"uri": m.uri, "label": m.label, "weight": round(m.weight, 4)}
