"""Occupation search: free-text job titles (Dutch or English) to ranked ESCO occupations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matcher.search.hybrid_search import FusionWeights, HybridLabelSearch
from matcher.search.label_corpus import LabelCorpus
from matcher.text.normalize import clean_query
from models.embedding_cache import EmbeddingCache
from models.encoder import TextEncoder
from taxonomy.concepts import DEFAULT_LANGS
from taxonomy.errors import BadInputError
from taxonomy.taxonomy import Taxonomy

ProgressCallback = Callable[[int, int], None]

#: Longest query accepted; job titles are short, anything longer is not a title.
MAX_QUERY_CHARS = 300


@dataclass(frozen=True)
class OccupationMatch:
    """One ranked occupation for a query."""

    uri: str
    label: str
    lang: str
    score: float
    isco_code: str
    matched_label: str
    matched_lang: str

    def as_dict(self) -> dict:
        return {
            "uri": self.uri,
            "label": self.label,
            "lang": self.lang,
            "score": round(self.score, 6),
            "isco_code": self.isco_code,
            "matched_label": self.matched_label,
            "matched_lang": self.matched_lang,
        }


def occupation_label_corpus(taxonomy: Taxonomy) -> LabelCorpus:
    """Every Dutch and English preferred and alternative label of every occupation."""
    return LabelCorpus.from_labels((uri, occ.labels) for uri, occ in taxonomy.occupations.items())


class OccupationSearch:
    """Hybrid lexical + embedding search over all occupation labels."""

    def __init__(self, taxonomy: Taxonomy, encoder: TextEncoder | None, index: HybridLabelSearch):
        self.taxonomy = taxonomy
        self.encoder = encoder
        self.index = index

    @classmethod
    def build(
        cls,
        taxonomy: Taxonomy,
        encoder: TextEncoder | None,
        cache: EmbeddingCache | None,
        *,
        weights: FusionWeights | None = None,
        progress: ProgressCallback | None = None,
    ) -> OccupationSearch:
        """Index the occupation labels of ``taxonomy``; label vectors come from ``cache``.

        With ``encoder=None`` the search is lexical only (and says so by its weights).
        """
        weights = weights or (FusionWeights() if encoder else FusionWeights.lexical_only())
        corpus = occupation_label_corpus(taxonomy)
        vectors = None
        if weights.embedding > 0:
            if encoder is None or cache is None:
                raise ValueError("an encoder and a cache are needed for embedding search")
            vectors = cache.get_or_compute(
                encoder,
                corpus.texts,
                namespace="occupation-labels",
                version_key=taxonomy.checksum,
                progress=progress,
            )
        return cls(taxonomy, encoder, HybridLabelSearch(weights).fit(corpus, vectors))

    def search(
        self, queries: Sequence[str], top: int = 10, langs: tuple[str, ...] = DEFAULT_LANGS
    ) -> list[list[OccupationMatch]]:
        """Ranked occupations per query (an empty query gets an empty list)."""
        if top < 1:
            raise BadInputError("top must be at least 1")
        cleaned = [clean_query(q) for q in queries]
        for query in cleaned:
            if len(query) > MAX_QUERY_CHARS:
                raise BadInputError(
                    f"query too long ({len(query)} characters; at most {MAX_QUERY_CHARS})"
                )
        todo = [i for i, q in enumerate(cleaned) if q]
        out: list[list[OccupationMatch]] = [[] for _ in cleaned]
        if not todo:
            return out
        texts = [cleaned[i] for i in todo]
        vectors = (
            self.encoder.encode(texts, prompt="query")
            if self.encoder is not None and self.index.weights.embedding > 0
            else None
        )
        for i, hits in zip(todo, self.index.search(texts, vectors, top=top), strict=True):
            out[i] = [self._to_match(hit, langs) for hit in hits]
        return out

    def _to_match(self, hit, langs: tuple[str, ...]) -> OccupationMatch:
        occupation = self.taxonomy.occupations[hit.uri]
        label = occupation.label(langs)
        return OccupationMatch(
            uri=hit.uri,
            label=label.text,
            lang=label.lang,
            score=hit.score,
            isco_code=occupation.isco_code,
            matched_label=hit.matched_label,
            matched_lang=hit.matched_lang,
        )
