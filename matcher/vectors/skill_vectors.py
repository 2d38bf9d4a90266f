"""One embedding per taxonomy skill, for profile/vacancy vectors and near-skill credit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from models.embedding_cache import EmbeddingCache
from models.encoder import TextEncoder
from taxonomy.errors import NotFoundError
from taxonomy.taxonomy import Taxonomy

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class SkillVectors:
    """Unit vectors of every skill's English preferred label ("query: " prompt).

    English is used because every skill has an English label in every ESCO download, so
    vectors are comparable across skills (mixing label languages shifts cosines; see
    ../shared/data/README.md, "Measured pitfall").
    """

    uris: tuple[str, ...]
    vectors: np.ndarray  # (n_skills, dim), float32, rows L2-normalised
    model_id: str

    @classmethod
    def build(
        cls,
        taxonomy: Taxonomy,
        encoder: TextEncoder,
        cache: EmbeddingCache,
        progress: ProgressCallback | None = None,
    ) -> SkillVectors:
        uris = tuple(sorted(taxonomy.skills))
        texts = [taxonomy.skills[u].label(("en", "nl")).text for u in uris]
        vectors = cache.get_or_compute(
            encoder,
            texts,
            namespace="skill-preferred-en",
            version_key=taxonomy.checksum,
            progress=progress,
        )
        return cls(uris, vectors, encoder.model_id)

    @property
    def row(self) -> dict[str, int]:
        return self._row

    def __post_init__(self) -> None:
        object.__setattr__(self, "_row", {uri: i for i, uri in enumerate(self.uris)})

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]

    def rows(self, uris: Sequence[str]) -> np.ndarray:
        """Row numbers of ``uris``; NotFoundError for a URI the taxonomy does not have."""
        try:
            return np.fromiter((self._row[u] for u in uris), dtype=np.int64, count=len(uris))
        except KeyError as err:
            raise NotFoundError(f"unknown skill: {err.args[0]}") from None

    def matrix(self, uris: Sequence[str]) -> np.ndarray:
        return self.vectors[self.rows(uris)]

    def similarity(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """Cosine matrix (len(left), len(right)) between two skill lists."""
        return self.matrix(left) @ self.matrix(right).T

    def mean_vector(
        self, uris: Sequence[str], weights: Sequence[float] | None = None
    ) -> np.ndarray:
        """The normalised weighted mean of skill vectors (a profile's or vacancy's vector)."""
        if not uris:
            return np.zeros(self.dim, dtype=np.float32)
        w = (
            np.ones(len(uris), dtype=np.float32)
            if weights is None
            else np.asarray(weights, np.float32)
        )
        vec = (self.matrix(uris) * w[:, None]).sum(axis=0)
        norm = float(np.linalg.norm(vec))
        return (vec / norm).astype(np.float32) if norm > 0 else vec.astype(np.float32)
