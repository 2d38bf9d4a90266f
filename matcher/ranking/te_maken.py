"""*Te maken* ("can be made to fit"): a candidate whose only gaps are a few trainable skills.

A match is ``te_maken`` when, after the hard filters have passed:

- at least one essential skill is missing (a candidate without gaps simply fits) and at most
  ``max_missing_essential`` (default 2) are;
- at least ``min_covered_share`` (default half) of the essential skills are covered, exactly or
  through a near skill, so that most of the job is already there;
- every missing essential skill is trainable. By default a skill is trainable when it is *kennis*
  or *vaardigheden* and not a language skill: soft skills (attitudes, "wie ben ik") are not
  taught in a course, languages take long and are checked as hard requirements, and a skill the
  taxonomy does not know cannot be judged. Licences, language levels and education are hard
  filters, never gaps.

Missing optional skills never count against it. ``is_trainable`` can be replaced, e.g. by "a
known course teaches it" (planned: each gap must be covered by a course from a catalogue).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from matcher.ranking.coverage import SkillCoverage
from matcher.ranking.explanation import MissingSkill
from taxonomy.concepts import SkillType
from taxonomy.taxonomy import Taxonomy

TRAINABLE_TYPES: frozenset[SkillType] = frozenset({SkillType.KENNIS, SkillType.VAARDIGHEDEN})

TrainableCheck = Callable[[MissingSkill], bool]


class TeMakenRule:
    """Decides ``te_maken`` for one coverage; parameters as in the module docstring."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        max_missing_essential: int = 2,
        min_covered_share: float = 0.5,
        trainable_types: Collection[SkillType] = TRAINABLE_TYPES,
        is_trainable: TrainableCheck | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.max_missing_essential = max_missing_essential
        self.min_covered_share = min_covered_share
        self.trainable_types = trainable_types
        self.is_trainable = is_trainable

    def __call__(self, coverage: SkillCoverage) -> bool:
        missing = coverage.missing_essential
        if not 1 <= len(missing) <= self.max_missing_essential:
            return False
        covered = coverage.n_essential - len(missing)
        if covered < self.min_covered_share * coverage.n_essential:
            return False
        check = self.is_trainable or self.trainable_by_type
        return all(check(skill) for skill in missing)

    def trainable_by_type(self, skill: MissingSkill) -> bool:
        """Kennis or vaardigheden, and not a language skill."""
        concept = self.taxonomy.skills.get(skill.uri)
        return (
            concept is not None
            and concept.skill_type in self.trainable_types
            and not concept.is_language
        )
