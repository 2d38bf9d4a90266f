"""Profile and vacancy vectors: IDF-weighted means of their skills' vectors.

A skill's weight is its IDF over the taxonomy's occupations, the same
:class:`~matcher.vectors.skill_weights.SkillWeights` the ranking uses (one formula for retrieval and
re-ranking): "communicate" says little, "operate forklift" a lot. Weights per record kind:

- profile: ``idf(skill)`` for every claimed skill;
- vacancy: ``idf(skill) × essential_weight`` (2) for essential skills, ``× optional_weight`` (1)
  for optional ones, so vectors of both kinds live in one space and a vacancy's vector leans
  towards what it cannot do without.

The vector is the L2-normalised weighted mean (:meth:`SkillVectors.mean_vector`); a record
without skills gets the zero vector. Ranking reuses the same weights (:meth:`skill_weights`).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from matcher.records import Profile, Vacancy
from matcher.vectors.skill_vectors import SkillVectors
from matcher.vectors.skill_weights import SkillWeights
from taxonomy.taxonomy import Taxonomy


class RecordVectoriser:
    """Record → unit vector; ``vectoriser(record)`` is the pool's ``vectorise``.

    The constructor only stores its parameters; :meth:`fit` learns ``idf_`` (one weight per row
    of ``skill_vectors``) from a taxonomy.
    """

    def __init__(
        self,
        skill_vectors: SkillVectors,
        *,
        essential_weight: float = 2.0,
        optional_weight: float = 1.0,
    ) -> None:
        self.skill_vectors = skill_vectors
        self.essential_weight = essential_weight
        self.optional_weight = optional_weight

    def fit(self, taxonomy: Taxonomy) -> RecordVectoriser:
        self.idf_ = SkillWeights().fit(taxonomy).weights(self.skill_vectors.uris).astype(np.float32)
        return self

    @property
    def model_id(self) -> str:
        return self.skill_vectors.model_id

    @property
    def dim(self) -> int:
        return self.skill_vectors.dim

    def skill_weights(self, record: Profile | Vacancy) -> tuple[list[str], np.ndarray]:
        """The record's skill URIs and their weights (NotFoundError for an unknown skill)."""
        if isinstance(record, Profile):
            uris = record.skill_uris
            role = np.ones(len(uris), dtype=np.float32)
        else:
            essential = [s.uri for s in record.essential_skills]
            optional = [s.uri for s in record.optional_skills]
            uris = essential + optional
            role = np.array(
                [self.essential_weight] * len(essential) + [self.optional_weight] * len(optional),
                dtype=np.float32,
            )
        return uris, self.idf_[self.skill_vectors.rows(uris)] * role

    def __call__(self, record: Profile | Vacancy) -> np.ndarray:
        uris, weights = self.skill_weights(record)
        return self.skill_vectors.mean_vector(uris, weights)

    def matrix(self, rows: sparse.csr_matrix) -> np.ndarray:
        """Vectors of many skill sets at once, for bulk loads and benchmarks.

        ``rows`` is ``(n_records, n_skills)``: entry ``(i, j)`` is record ``i``'s role weight
        (1 for a profile skill; 2/1 for essential/optional) of skill row ``j``. IDF is applied
        here, as in :meth:`__call__`, and rows come back L2-normalised (zero rows stay zero).
        """
        weighted = rows @ sparse.diags(self.idf_)
        out = np.asarray(weighted @ self.skill_vectors.vectors, dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out
