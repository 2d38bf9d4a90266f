"""Every occupation's essential and optional skills as sparse (occupation × skill) matrices.

Rows are the taxonomy's occupations in URI order, columns the skills in the order of
:class:`~matcher.vectors.skill_vectors.SkillVectors` (so a per-skill vector lines up with them).
Entries
are skill weights (importance), so one sparse product gives every occupation's weighted sum of a
per-skill quantity at once. A binary copy of the essential matrix answers set-overlap questions
(Jaccard of essential skills) against all occupations in one product as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matcher.transitions.isco_levels import isco_skill_level
from matcher.vectors.skill_weights import SkillWeights
from taxonomy.taxonomy import Taxonomy


@dataclass(frozen=True)
class OccupationSkillMatrix:
    """Weighted essential/optional skill matrices plus what ranking needs per occupation."""

    occupation_uris: tuple[str, ...]
    essential: sparse.csr_matrix  # (occupations, skills), skill weight where essential
    optional: sparse.csr_matrix  # (occupations, skills), skill weight where optional
    essential_binary: sparse.csr_matrix  # 1 where essential
    skill_levels: np.ndarray  # ISCO skill level 1-4 per occupation, 0 when unknown

    def __post_init__(self) -> None:
        for name, matrix in (
            ("_essential_total", self.essential),
            ("_optional_total", self.optional),
            ("_essential_size", self.essential_binary),
        ):
            object.__setattr__(self, name, np.asarray(matrix.sum(axis=1)).ravel())

    @classmethod
    def build(
        cls, taxonomy: Taxonomy, skill_uris: Sequence[str], weights: SkillWeights
    ) -> OccupationSkillMatrix:
        """Matrices over ``skill_uris`` (skills an occupation lists outside them are left out)."""
        column = {uri: j for j, uri in enumerate(skill_uris)}
        skill_weight = weights.weights(list(skill_uris))
        occupation_uris = tuple(sorted(taxonomy.occupations))
        parts: dict[str, tuple[list[int], list[int]]] = {
            "essential": ([], []),
            "optional": ([], []),
        }
        for i, uri in enumerate(occupation_uris):
            occupation = taxonomy.occupations[uri]
            essential = dict.fromkeys(s for s in occupation.essential_skills if s in column)
            optional = [s for s in dict.fromkeys(occupation.optional_skills) if s in column]
            for name, skills in (("essential", essential), ("optional", optional)):
                rows, cols = parts[name]
                rows.extend([i] * len(skills))
                cols.extend(column[s] for s in skills)
        shape = (len(occupation_uris), len(skill_uris))

        def matrix(name: str, binary: bool = False) -> sparse.csr_matrix:
            rows, cols = parts[name]
            cols_arr = np.asarray(cols, dtype=np.int64)
            data = np.ones(len(cols)) if binary else skill_weight[cols_arr]
            return sparse.csr_matrix((data, (np.asarray(rows, dtype=np.int64), cols_arr)), shape)

        levels = np.array(
            [isco_skill_level(taxonomy.occupations[u].isco_code) or 0 for u in occupation_uris],
            dtype=np.int64,
        )
        return cls(
            occupation_uris=occupation_uris,
            essential=matrix("essential"),
            optional=matrix("optional"),
            essential_binary=matrix("essential", binary=True),
            skill_levels=levels,
        )

    @property
    def n_occupations(self) -> int:
        return len(self.occupation_uris)

    def weighted_shares(
        self, skill_values: np.ndarray, essential_prior: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per occupation, the weighted mean of ``skill_values`` over its essential and its
        optional skills (NaN for an occupation without such skills).

        ``essential_prior`` is added to each essential denominator: a pseudo-skill of that
        weight with value 0.
        """
        return (
            _share(self.essential, self._essential_total, skill_values, essential_prior),
            _share(self.optional, self._optional_total, skill_values),
        )

    def median_essential_weight(self) -> float:
        """The median weight over all (occupation, essential skill) listings."""
        data = self.essential.data
        return float(np.median(data)) if len(data) else 0.0

    def essential_jaccard(self, skill_columns: Sequence[int]) -> np.ndarray:
        """Jaccard of a set of skill columns with every occupation's essential skills."""
        columns = np.unique(np.asarray(skill_columns, dtype=np.int64))
        indicator = np.zeros(self.essential_binary.shape[1])
        indicator[columns] = 1.0
        overlap = self.essential_binary @ indicator
        union = self._essential_size + len(columns) - overlap
        return np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)


def _share(
    matrix: sparse.csr_matrix, total: np.ndarray, values: np.ndarray, prior: float = 0.0
) -> np.ndarray:
    covered = matrix @ values
    return np.divide(covered, total + prior, out=np.full_like(covered, np.nan), where=total > 0)
