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

    @property
    def n_essential(self) -> int:
        return sum(m.essential for m in self.matched) + len(self.missing_essential)


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

    def cover(
        self,
        essential: Sequence[str],
        optional: Sequence[str],
        person_skills: Sequence[str],
    ) -> SkillCoverage:
        """Coverage of the ``essential`` and ``optional`` skill URIs by ``person_skills``."""
        person = sorted(set(person_skills))  # sorted: ties between near skills go to the lowest URI
        nearest = self._nearest_person_skills([*essential, *optional], person)
        matched: list[SkillMatch] = []
        missing: dict[bool, list[MissingSkill]] = {True: [], False: []}
        shares: dict[bool, float | None] = {}
        have = set(person)
        for is_essential, uris in ((True, essential), (False, optional)):
            weights = self.weights.weights(uris)
            credits = np.zeros(len(uris))
            for i, uri in enumerate(uris):
                found = self._skill_match(uri, have, nearest.get(uri), weights[i], is_essential)
                if found is None:
                    missing[is_essential].append(self._missing(uri, weights[i], is_essential))
                else:
                    matched.append(found)
                    credits[i] = found.credit
            shares[is_essential] = float(credits @ weights / weights.sum()) if len(uris) else None
        return SkillCoverage(
            matched=tuple(sorted(matched, key=lambda m: (not m.essential, -m.weight, m.required))),
            missing_essential=tuple(sorted(missing[True], key=_heaviest_first)),
            missing_optional=tuple(sorted(missing[False], key=_heaviest_first)),
            essential_skill_coverage=shares[True],
            optional_skill_coverage=shares[False],
        )

    def _nearest_person_skills(
        self, required: Sequence[str], person: Sequence[str]
    ) -> dict[str, tuple[str, float]]:
        """For each known required skill: the person's closest known skill and the cosine."""
        row = self.skill_vectors.row
        req = [u for u in required if u in row]
        own = [u for u in person if u in row]
        if not req or not own:
            return {}
        cosines = self.skill_vectors.similarity(req, own)
        best = cosines.argmax(axis=1)  # first maximum: the lowest URI among equals
        closest = cosines[np.arange(len(req)), best].tolist()  # float32 → float, as float()
        return {
            uri: (own[j], cosine)
            for uri, j, cosine in zip(req, best.tolist(), closest, strict=True)
        }

    def _skill_match(
        self,
        uri: str,
        have: set[str],
        nearest: tuple[str, float] | None,
        weight: float,
        essential: bool,
    ) -> SkillMatch | None:
        if uri in have:
            kind, by, cosine, credit = CoverageKind.EXACT, uri, 1.0, 1.0
        elif nearest is not None:
            by, cosine = nearest
            credit = self.near_credit.credit_of(cosine)
            if credit <= 0.0:
                return None
            kind = CoverageKind.NEAR
        else:
            return None
        return SkillMatch(
            required=uri,
            required_label=self._label(uri),
            matched_by=by,
            matched_label=self._label(by),
            kind=kind,
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
