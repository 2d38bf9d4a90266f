"""How well a person's skills cover a vacancy's required skills.

Each required skill is covered

- **exactly** when the person has the same skill (same URI): credit 1;
- **near** when the person's closest skill (best cosine over all of their skills) reaches the
  calibrated threshold of :class:`~matcher.ranking.near_skills.NearSkillCredit`: partial credit,
  always
  below 1; one of the person's skills may be the near match of several required skills;
- or not at all: the skill is **missing**.

``essential_skill_coverage`` and ``optional_skill_coverage`` are the IDF-weighted shares of
credit (see :mod:`matcher.vectors.skill_weights`): covering a rare skill counts more than covering a
generic one. A skill the skill vectors do not know can only be covered exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.ranking.explanation import CoverageKind, MissingSkill, SkillMatch
from matcher.ranking.near_skills import NearSkillCredit
from matcher.vectors.skill_vectors import SkillVectors
from matcher.vectors.skill_weights import SkillWeights
from taxonomy.concepts import DEFAULT_LANGS
from taxonomy.taxonomy import Taxonomy


@dataclass(frozen=True)
class SkillCoverage:
    """Per required skill: covered (exact or near) or missing, plus the weighted shares."""

    matched: tuple[SkillMatch, ...]  # essential first, each group by weight (highest first)
    missing_essential: tuple[MissingSkill, ...]  # by weight, highest first, ties by URI
    missing_optional: tuple[MissingSkill, ...]
    essential_skill_coverage: float | None  # None when there are no essential skills
    optional_skill_coverage: float | None  # None when there are no optional skills

    @functools.cached_property
    def n_essential(self) -> int:
        return sum(m.essential for m in self.matched) + len(self.missing_essential)


@dataclass(frozen=True)
class _RequiredGroup:
    """The essential or the optional skills of a requirement list, with per skill its weight and
    the entries it gets when matched exactly or missing (the same for every person)."""

    uris: tuple[str, ...]
    weights: np.ndarray
    exact: tuple[SkillMatch, ...]
    missing: tuple[MissingSkill, ...]


@dataclass(frozen=True)
class _Required:
    """One requirement list, prepared once for every person scored against it."""

    groups: dict[bool, _RequiredGroup]  # is_essential → group
    known: tuple[str, ...]  # the required URIs the skill vectors know
    known_matrix: np.ndarray  # their vectors


class SkillCoverageScorer:
    """Computes :class:`SkillCoverage` of required skills by a person's skills."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        skill_vectors: SkillVectors,
        weights: SkillWeights,
        near_credit: NearSkillCredit,
        langs: tuple[str, ...] = DEFAULT_LANGS,
    ) -> None:
        self.taxonomy = taxonomy
        self.skill_vectors = skill_vectors
        self.weights = weights
        self.near_credit = near_credit
        self.langs = langs
        self._labels: dict[str, str] = {}  # URI → label in ``langs`` (the taxonomy is read-only)
        #: The prepared form of the last few requirement lists (a query scores many persons).
        self._required = functools.lru_cache(maxsize=256)(self._prepare)

    def cover(
        self,
        essential: Sequence[str],
        optional: Sequence[str],
        person_skills: Sequence[str],
    ) -> SkillCoverage:
        """Coverage of the ``essential`` and ``optional`` skill URIs by ``person_skills``."""
        required = self._required(tuple(essential), tuple(optional))
        person = sorted(set(person_skills))  # sorted: ties between near skills go to the lowest URI
        nearest = self._nearest_person_skills(required, person)
        matched: list[SkillMatch] = []
        missing: dict[bool, list[MissingSkill]] = {True: [], False: []}
        shares: dict[bool, float | None] = {}
        have = set(person)
        for is_essential, group in required.groups.items():
            credits = np.zeros(len(group.uris))
            for i, uri in enumerate(group.uris):
                if uri in have:
                    found: SkillMatch | None = group.exact[i]
                else:
                    found = self._near_match(uri, nearest.get(uri), group.weights[i], is_essential)
                if found is None:
                    missing[is_essential].append(group.missing[i])
                else:
                    matched.append(found)
                    credits[i] = found.credit
            shares[is_essential] = (
                float(credits @ group.weights / group.weights.sum()) if len(group.uris) else None
            )
        return SkillCoverage(
            matched=tuple(sorted(matched, key=lambda m: (not m.essential, -m.weight, m.required))),
            missing_essential=tuple(sorted(missing[True], key=_heaviest_first)),
            missing_optional=tuple(sorted(missing[False], key=_heaviest_first)),
            essential_skill_coverage=shares[True],
            optional_skill_coverage=shares[False],
        )

    def _prepare(self, essential: tuple[str, ...], optional: tuple[str, ...]) -> _Required:
        groups = {
            is_essential: self._prepare_group(uris, is_essential)
            for is_essential, uris in ((True, essential), (False, optional))
        }
        known = tuple(u for u in (*essential, *optional) if u in self.skill_vectors.row)
        return _Required(groups, known, self.skill_vectors.matrix(known))

    def _prepare_group(self, uris: tuple[str, ...], essential: bool) -> _RequiredGroup:
        weights = self.weights.weights(list(uris))
        exact = tuple(
            SkillMatch(
                required=uri,
                required_label=self._label(uri),
                matched_by=uri,
                matched_label=self._label(uri),
                kind=CoverageKind.EXACT,
                cosine=1.0,
                credit=1.0,
                weight=float(w),
                essential=essential,
            )
            for uri, w in zip(uris, weights, strict=True)
        )
        missing = tuple(
            self._missing(uri, w, essential) for uri, w in zip(uris, weights, strict=True)
        )
        return _RequiredGroup(uris, weights, exact, missing)

    def _nearest_person_skills(
        self, required: _Required, person: Sequence[str]
    ) -> dict[str, tuple[str, float]]:
        """For each known required skill: the person's closest known skill and the cosine."""
        row = self.skill_vectors.row
        own = [u for u in person if u in row]
        if not required.known or not own:
            return {}
        cosines = required.known_matrix @ self.skill_vectors.matrix(own).T
        best = cosines.argmax(axis=1)  # first maximum: the lowest URI among equals
        closest = cosines[np.arange(len(required.known)), best].tolist()  # float32 → float
        return {
            uri: (own[j], cosine)
            for uri, j, cosine in zip(required.known, best.tolist(), closest, strict=True)
        }

    def _near_match(
        self, uri: str, nearest: tuple[str, float] | None, weight: float, essential: bool
    ) -> SkillMatch | None:
        if nearest is None:
            return None
        by, cosine = nearest
        credit = self.near_credit.credit_of(cosine)
        if credit <= 0.0:
            return None
        return SkillMatch(
            required=uri,
            required_label=self._label(uri),
            matched_by=by,
            matched_label=self._label(by),
            kind=CoverageKind.NEAR,
            cosine=cosine,
            credit=credit,
            weight=float(weight),
            essential=essential,
        )

    def _missing(self, uri: str, weight: float, essential: bool) -> MissingSkill:
        skill = self.taxonomy.skills.get(uri)
        return MissingSkill(
            uri=uri,
            label=self._label(uri),
            skill_type=skill.skill_type if skill else None,
            weight=float(weight),
            essential=essential,
        )

    def _label(self, uri: str) -> str:
        label = self._labels.get(uri)
        if label is None:
            skill = self.taxonomy.skills.get(uri)
            label = self._labels[uri] = skill.label(self.langs).text if skill else uri
        return label


def _heaviest_first(skill: MissingSkill) -> tuple[float, str]:
    return (-skill.weight, skill.uri)
