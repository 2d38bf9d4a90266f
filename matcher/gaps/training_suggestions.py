"""Which courses of a user-supplied catalogue close a skill gap with the fewest hours.

The choice is a weighted set cover, solved greedily: each gap skill has an importance (its skill
weight; optional skills count ``optional_share`` of it, default 0.25, so that essential gaps come
first); at each step take the course with the most *still uncovered* importance per hour, until
no course closes anything more or ``max_courses`` are chosen. Ties go to fewer hours, then the
title. Greedy is the classic choice for weighted set cover (within a factor ln(n) of the optimum,
Chvátal 1979) and it yields an order a person can follow: the most gap closed per hour first.
Courses are those offered in the region asked for or without a region
(:meth:`~matcher.gaps.training_catalogue.TrainingCatalogue.courses_for`).

:func:`course_trainable` turns a catalogue into the ``is_trainable`` check of
:class:`~matcher.ranking.te_maken.TeMakenRule`: a missing skill is trainable when a known course
teaches it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from matcher.gaps.training_catalogue import Course, TrainingCatalogue
from matcher.ranking.explanation import MissingSkill


@dataclass(frozen=True)
class TrainingSuggestion:
    """One course and the gap skills it closes (that no earlier suggestion closed)."""

    course: Course
    closes: tuple[MissingSkill, ...]
    importance_closed: float

    def as_dict(self) -> dict[str, Any]:
        c = self.course
        return {
            "course": c.title,
            "provider": c.provider,
            "kind": c.kind,
            "hours": c.hours,
            "region": c.region,
            "closes": [
                {"uri": s.uri, "label": s.label, "essential": s.essential} for s in self.closes
            ],
            "importance_closed": round(self.importance_closed, 4),
        }


@dataclass(frozen=True)
class TrainingPlan:
    """Suggested courses in the order chosen, and the essential gap skills they leave open."""

    suggestions: tuple[TrainingSuggestion, ...]
    not_covered: tuple[MissingSkill, ...]
    source: str  # where the catalogue came from

    @property
    def hours(self) -> float:
        return sum(s.course.hours for s in self.suggestions)

    def as_dict(self) -> dict[str, Any]:
        return {
            "catalogue": self.source,
            "hours": self.hours,
            "courses": [s.as_dict() for s in self.suggestions],
            "not_covered": [{"uri": s.uri, "label": s.label} for s in self.not_covered],
        }


def suggest_training(
    missing_essential: Sequence[MissingSkill],
    missing_optional: Sequence[MissingSkill],
    catalogue: TrainingCatalogue,
    *,
    region: str | None = None,
    optional_share: float = 0.25,
    max_courses: int = 5,
) -> TrainingPlan:
    """Greedy weighted set cover of the gap by courses (see the module docstring)."""
    importance = {s.uri: s.weight for s in missing_essential}
    importance |= {
        s.uri: s.weight * optional_share for s in missing_optional if s.uri not in importance
    }
    skills = {s.uri: s for s in [*missing_essential, *missing_optional]}
    offers: dict[tuple[str, str], Course] = {}
    for uri in importance:
        for course in catalogue.courses_for(uri, region):
            offers.setdefault((course.title, course.provider), course)
    open_skills = {uri for uri, weight in importance.items() if weight > 0}
    chosen: list[TrainingSuggestion] = []
    while open_skills and len(chosen) < max_courses:
        best: tuple[tuple[float, float, str], Course, list[str]] | None = None
        for course in offers.values():
            closes = [u for u in course.skills if u in open_skills]
            if not closes:
                continue
            gain = sum(importance[u] for u in closes)
            key = (-gain / course.hours, course.hours, course.title)
            if best is None or key < best[0]:
                best = (key, course, closes)
        if best is None:
            break
        _, course, closes = best
        chosen.append(
            TrainingSuggestion(
                course=course,
                closes=tuple(skills[u] for u in closes),
                importance_closed=sum(importance[u] for u in closes),
            )
        )
        open_skills -= set(closes)
    not_covered = tuple(s for s in missing_essential if s.uri in open_skills)
    return TrainingPlan(tuple(chosen), not_covered, catalogue.source)


def course_trainable(
    catalogue: TrainingCatalogue, region: str | None = None
) -> Callable[[MissingSkill], bool]:
    """``TeMakenRule(is_trainable=...)``: trainable when a course (in ``region``) teaches it."""

    def is_trainable(skill: MissingSkill) -> bool:
        return bool(catalogue.courses_for(skill.uri, region))

    return is_trainable
