"""Lexical similarity between a short query and many labels: character n-grams and edit distance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.text.normalize import normalize_title


class CharNgramScorer:
    """TF-IDF over character n-grams (within word boundaries) of normalised labels.

    Robust to misspellings, compounds ("kassamedewerker" vs "medewerker kassa") and inflection.
    Follows scikit-learn conventions: parameters in the constructor, state learned in ``fit``.
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 4), sublinear_tf: bool = True) -> None:
        self.ngram_range = ngram_range
        self.sublinear_tf = sublinear_tf

    def fit(self, labels: Sequence[str]) -> CharNgramScorer:
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self.ngram_range,
            sublinear_tf=self.sublinear_tf,
            dtype=np.float32,
        )
        self.normalized_ = [normalize_title(label) for label in labels]
        self.matrix_: sparse.csr_matrix = self.vectorizer_.fit_transform(self.normalized_).tocsr()
        return self

    def transform(self, queries: Sequence[str]) -> sparse.csr_matrix:
        return self.vectorizer_.transform([normalize_title(q) for q in queries]).tocsr()

    def scores(self, queries: Sequence[str]) -> np.ndarray:
        """Cosine similarity of every query to every label, shape (n_queries, n_labels)."""
        sims = self.transform(queries) @ self.matrix_.T
        return np.asarray(sims.todense(), dtype=np.float32)


def fuzzy_ratio(query: str, labels: Sequence[str]) -> np.ndarray:
    """Normalised edit-distance similarity in [0, 1] of a normalised query to normalised labels."""
    if not labels:
        return np.zeros(0, dtype=np.float32)
    ratios = cdist([query], list(labels), scorer=fuzz.ratio, dtype=np.float32, workers=1)
    return ratios[0] / 100.0
