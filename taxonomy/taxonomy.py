"""The in-memory taxonomy: concepts by URI, label lookup with fallback, reverse relations."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from taxonomy.checksum import content_checksum
from taxonomy.concepts import (
    DEFAULT_LANGS,
    IscoGroup,
    Label,
    Occupation,
    RelationType,
    Skill,
    SkillGroup,
)
from taxonomy.errors import NotFoundError
from taxonomy.stats import TaxonomyStats, compute_stats

Concept = Skill | Occupation | IscoGroup | SkillGroup

#: Concept kind names as used in stats, the CLI and the API.
KIND_NAMES: dict[type, str] = {
    Skill: "skill",
    Occupation: "occupation",
    IscoGroup: "isco_group",
    SkillGroup: "skill_group",
}


class Taxonomy:
    """Skills, occupations, ISCO groups and skill groups of one ESCO-based taxonomy.

    Treat it as read-only: loaded taxonomies are cached and shared within a process.
    ``checksum`` is a stable content hash (see :mod:`taxonomy.checksum`); when it is not given
    it is computed on first use.
    """

    def __init__(
        self,
        *,
        skills: dict[str, Skill],
        occupations: dict[str, Occupation],
        isco_groups: dict[str, IscoGroup],
        skill_groups: dict[str, SkillGroup],
        version: str,
        checksum: str | None = None,
        sources: Iterable[str] = (),
        notes: Iterable[str] = (),
    ) -> None:
        self.skills = skills
        self.occupations = occupations
        self.isco_groups = isco_groups
        self.skill_groups = skill_groups
        self.version = version
        self.sources: tuple[str, ...] = tuple(sources)  # ESCO files it was built from
        self.notes: tuple[str, ...] = tuple(notes)  # what the loader dropped or assumed
        self._checksum = checksum
        self._lock = threading.Lock()
        self._occupations_by_skill: dict[str, list[tuple[str, RelationType]]] | None = None
        self._stats: dict[str, TaxonomyStats] = {}

    def __repr__(self) -> str:
        return (
            f"Taxonomy({self.version!r}, {len(self.skills)} skills, "
            f"{len(self.occupations)} occupations, checksum={self.checksum!r})"
        )

    @property
    def checksum(self) -> str:
        if self._checksum is None:
            self._checksum = self.compute_checksum()
        return self._checksum

    def compute_checksum(self) -> str:
        """The content hash computed from the concepts (ignores a stored checksum)."""
        return content_checksum(self.skills, self.occupations, self.isco_groups, self.skill_groups)

    # -- lookup -----------------------------------------------------------------------------

    def __contains__(self, uri: object) -> bool:
        return isinstance(uri, str) and self._find(uri) is not None

    def get(self, uri: str) -> Concept:
        """Any concept by URI; :class:`NotFoundError` naming the URI otherwise."""
        concept = self._find(uri)
        if concept is None:
            raise NotFoundError(f"no concept with URI {uri} in taxonomy {self.version}")
        return concept

    def kind(self, uri: str) -> str:
        """``"skill"``, ``"occupation"``, ``"isco_group"`` or ``"skill_group"``."""
        return KIND_NAMES[type(self.get(uri))]

    def skill(self, uri: str) -> Skill:
        skill = self.skills.get(uri)
        if skill is None:
            raise NotFoundError(f"no skill with URI {uri} in taxonomy {self.version}")
        return skill

    def occupation(self, uri: str) -> Occupation:
        occupation = self.occupations.get(uri)
        if occupation is None:
            raise NotFoundError(f"no occupation with URI {uri} in taxonomy {self.version}")
        return occupation

    def label(self, uri: str, langs: tuple[str, ...] = DEFAULT_LANGS) -> Label:
        """The preferred label in the first language of ``langs`` the concept has.

        Falls back per concept (Dutch where there is one, else English, else any); the returned
        :class:`Label` says which language it is in.
        """
        return self.get(uri).labels.best(langs)

    def _find(self, uri: str) -> Concept | None:
        for concepts in (self.skills, self.occupations, self.isco_groups, self.skill_groups):
            concept = concepts.get(uri)
            if concept is not None:
                return concept
        return None

    # -- relations --------------------------------------------------------------------------

    def occupations_with_skill(
        self, uri: str, relation: RelationType | None = None
    ) -> list[Occupation]:
        """Occupations that list the skill (only ``relation`` ones if given), taxonomy order."""
        self.skill(uri)
        wanted = None if relation is None else RelationType(relation)
        return [
            self.occupations[occupation_uri]
            for occupation_uri, kind in self._reverse_index().get(uri, ())
            if wanted is None or kind is wanted
        ]

    def _reverse_index(self) -> dict[str, list[tuple[str, RelationType]]]:
        if self._occupations_by_skill is None:
            with self._lock:
                if self._occupations_by_skill is None:
                    index: dict[str, list[tuple[str, RelationType]]] = {}
                    for occupation in self.occupations.values():
                        for skill_uri in occupation.essential_skills:
                            index.setdefault(skill_uri, []).append(
                                (occupation.uri, RelationType.ESSENTIAL)
                            )
                        for skill_uri in occupation.optional_skills:
                            index.setdefault(skill_uri, []).append(
                                (occupation.uri, RelationType.OPTIONAL)
                            )
                    self._occupations_by_skill = index
        return self._occupations_by_skill

    # -- summary ----------------------------------------------------------------------------

    def stats(self, lang: str = "nl") -> TaxonomyStats:
        """Counts by type, relations, and ``lang`` label coverage per kind and skill type
        (computed once per language: the taxonomy is read-only)."""
        if lang not in self._stats:
            self._stats[lang] = compute_stats(
                version=self.version,
                checksum=self.checksum,
                skills=self.skills,
                occupations=self.occupations,
                isco_groups=self.isco_groups,
                skill_groups=self.skill_groups,
                lang=lang,
            )
        return self._stats[lang]
