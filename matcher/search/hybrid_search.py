"""Hybrid (lexical + embedding) search of concepts by their labels.

The fusion rule, per label ℓ of a concept and query q:

    s(q, ℓ) = w_emb · e(q, ℓ) + w_ngram · tfidf(q, ℓ) + w_fuzzy · ratio(q, ℓ) + b · [ℓ preferred]
    e(q, ℓ) = max(0, (cos(q, ℓ) − floor) / (1 − floor))

and a concept scores its best label plus ``w_second`` times its second-best label, divided by
the largest possible value so that scores lie in [0, 1]. ``cos`` is the embedding cosine (e5
cosines bunch in 0.75–0.95, so they are stretched above ``floor``), ``tfidf`` the cosine of
character n-gram TF-IDF vectors of the normalised texts (spelling variants, compounds) and
``ratio`` the normalised edit-distance similarity (typos in short titles). Many ESCO
occupations share an alternative label ("veiligheidscoördinator" belongs to three), so two
tie-breakers matter: the concept whose *preferred* label matched wins (``b``), and a concept
matched by several of its labels beats one matched by a single label (``w_second``).
Candidates are the concepts of the top labels of both retrievers; every label of a candidate
is then scored exactly, so a concept is never judged on a label the retrievers missed.

The weights were chosen on MELO (a development set; bench/results/occupation_linking.md) from a
small grid; the fused score beats each signal alone at every grid point tried.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.search.label_corpus import LabelCorpus
from matcher.search.lexical import CharNgramScorer, fuzzy_ratio
from matcher.search.vector_index import LabelVectorIndex
from matcher.text.normalize import normalize_title


@dataclass(frozen=True)
class FusionWeights:
    """Weights of the fusion rule (see the module docstring)."""

    embedding: float = 1.0
    char_ngram: float = 0.4
    fuzzy: float = 0.05
    preferred_bonus: float = 0.06
    second_label: float = 0.1
    embedding_floor: float = 0.7

    @property
    def total(self) -> float:
        """The largest value a concept score can reach before normalisation."""
        return (self.embedding + self.char_ngram + self.fuzzy + self.preferred_bonus) * (
            1.0 + self.second_label
        )

    @classmethod
    def lexical_only(cls) -> FusionWeights:
        return cls(embedding=0.0)

    @classmethod
    def embedding_only(cls) -> FusionWeights:
        return cls(char_ngram=0.0, fuzzy=0.0)


@dataclass(frozen=True)
class ConceptHit:
    """A concept found for a query, with the label that matched best and the signal values."""

    uri: str
    score: float
    matched_label: str
    matched_lang: str
    embedding_cosine: float
    ngram_similarity: float
    fuzzy_similarity: float


class HybridLabelSearch:
    """Searches concepts through all their labels with the documented fusion rule."""

    def __init__(self, weights: FusionWeights | None = None, candidates: int = 100) -> None:
        self.weights = weights or FusionWeights()
        self.candidates = candidates

    def fit(self, corpus: LabelCorpus, vectors: np.ndarray | None) -> HybridLabelSearch:
        """Index ``corpus``; ``vectors`` are its label embeddings (row i ↔ entry i)."""
        if self.weights.embedding > 0 and vectors is None:
            raise ValueError("label vectors are required when the embedding weight is > 0")
        if vectors is not None and len(vectors) != len(corpus):
            raise ValueError(f"{len(vectors)} vectors for {len(corpus)} labels")
        self.corpus_ = corpus
        self.ngrams_ = CharNgramScorer().fit(corpus.texts)
        self.vectors_ = LabelVectorIndex(vectors) if vectors is not None else None
        self.preferred_ = np.array([e.preferred for e in corpus.entries], dtype=np.float32)
        rows_by_concept: dict[str, list[int]] = {}
        for row, entry in enumerate(corpus.entries):
            rows_by_concept.setdefault(entry.concept_uri, []).append(row)
        self.rows_by_concept_ = {uri: np.array(rows) for uri, rows in rows_by_concept.items()}
        return self

    def search(
        self,
        queries: Sequence[str],
        query_vectors: np.ndarray | None,
        top: int = 10,
        allowed: set[str] | None = None,
    ) -> list[list[ConceptHit]]:
        """The ``top`` concepts per query, best first. ``allowed`` limits the concepts."""
        w = self.weights
        if w.embedding > 0 and query_vectors is None:
            raise ValueError("query vectors are required when the embedding weight is > 0")
        ngram_sims = self.ngrams_.scores(queries) if w.char_ngram > 0 or w.embedding == 0 else None
        emb_top = None
        if w.embedding > 0 and self.vectors_ is not None:
            emb_top = self.vectors_.search(query_vectors, self.candidates)
        results = []
        for qi, query in enumerate(queries):
            candidate_rows: list[np.ndarray] = []
            if emb_top is not None:
                candidate_rows.append(emb_top[1][qi][emb_top[1][qi] >= 0])
            if ngram_sims is not None:
                row = ngram_sims[qi]
                k = min(self.candidates, len(row))
                if k:
                    candidate_rows.append(np.argpartition(-row, k - 1)[:k])
            concepts = {
                self.corpus_.entries[r].concept_uri for rows in candidate_rows for r in rows
            }
            if allowed is not None:
                concepts &= allowed
            hits = [
                self._score_concept(uri, query, qi, query_vectors, ngram_sims) for uri in concepts
            ]
            hits.sort(key=lambda hit: (-hit.score, hit.uri))
            results.append(hits[:top])
        return results

    def _score_concept(
        self,
        uri: str,
        query: str,
        qi: int,
        query_vectors: np.ndarray | None,
        ngram_sims: np.ndarray | None,
    ) -> ConceptHit:
        w = self.weights
        rows = self.rows_by_concept_[uri]
        zeros = np.zeros(len(rows), dtype=np.float32)
        cos = (
            self.vectors_.similarity(query_vectors[qi], rows)
            if w.embedding > 0 and self.vectors_ is not None
            else zeros
        )
        ngram = ngram_sims[qi, rows] if ngram_sims is not None else zeros
        fuzzy = (
            fuzzy_ratio(normalize_title(query), [self.ngrams_.normalized_[r] for r in rows])
            if w.fuzzy > 0
            else zeros
        )
        stretched = np.clip((cos - w.embedding_floor) / (1.0 - w.embedding_floor), 0.0, None)
        fused = (
            w.embedding * stretched
            + w.char_ngram * ngram
            + w.fuzzy * fuzzy
            + w.preferred_bonus * self.preferred_[rows]
        )
        best = int(np.argmax(fused))
        second = float(np.partition(fused, -2)[-2]) if len(fused) > 1 else 0.0
        entry = self.corpus_.entries[rows[best]]
        return ConceptHit(
            uri=uri,
            score=float((fused[best] + w.second_label * second) / w.total),
            matched_label=entry.text,
            matched_lang=entry.lang,
            embedding_cosine=float(cos[best]),
            ngram_similarity=float(ngram[best]),
            fuzzy_similarity=float(fuzzy[best]),
        )
