"""Exact inner-product search over L2-normalised label vectors (FAISS)."""

from __future__ import annotations

import faiss
import numpy as np


class LabelVectorIndex:
    """A flat FAISS inner-product index over normalised vectors (cosine similarity).

    Label sets are fixed per taxonomy version and small (tens of thousands of rows), so exact
    search is both fast enough and free of recall loss.
    """

    def __init__(self, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError("vectors must be a 2-D array")
        self.vectors = vectors
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors):
            self.index.add(vectors)

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]

    def __len__(self) -> int:
        return self.index.ntotal

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` rows per query: (scores, row ids), -1 where fewer rows exist."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        k = max(1, min(k, len(self))) if len(self) else 1
        return self.index.search(queries, k)

    def similarity(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosine of one query vector to the given rows."""
        return self.vectors[rows] @ np.asarray(query, dtype=np.float32)
