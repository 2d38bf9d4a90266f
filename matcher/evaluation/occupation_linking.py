"""Occupation linking on the MELO benchmark format (queries, corpus elements, annotations).

Two views:
- concept level (what a user gets): MRR, Success@1, Success@10 of the right occupation;
- MELO's own protocol: every corpus element (one label) ranked by its own score; MAP, MRR and
  Success@10 over elements. Ranked lists are cut at ``depth``; relevant elements beyond it count
  as not retrieved (as trec_eval does with a cutoff).
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from matcher.evaluation.metrics import average_precision, mean, reciprocal_rank, success_at
from matcher.search.hybrid_search import FusionWeights, HybridLabelSearch
from matcher.search.label_corpus import LabelCorpus, LabelEntry
from matcher.text.normalize import clean_query
from models.embedding_cache import EmbeddingCache
from models.encoder import TextEncoder
from taxonomy.errors import BadInputError

PRIMARY_METRIC = "concept_mrr"


@dataclass(frozen=True)
class MeloDataset:
    """A MELO-format dataset: queries, corpus elements and their concepts, relevance."""

    queries: tuple[tuple[str, str], ...]  # (qid, text)
    elements: tuple[tuple[str, str], ...]  # (cid, label)
    element_concept: dict[str, str]  # cid → concept URI
    relevant_elements: dict[str, frozenset[str]]  # qid → relevant cids
    fingerprint: str

    @classmethod
    def load(cls, folder: Path) -> MeloDataset:
        names = ["queries.tsv", "corpus_elements.tsv", "concept_mapping.tsv", "annotations.tsv"]
        missing = [n for n in names if not (folder / n).is_file()]
        if missing:
            raise BadInputError(
                f"not a MELO dataset folder ({folder}): missing {', '.join(missing)}"
            )
        digest = hashlib.sha256()
        rows = {}
        for name in names:
            data = (folder / name).read_bytes()
            digest.update(data)
            text = data.decode("utf-8")
            rows[name] = [r for r in csv.reader(text.splitlines(), delimiter="\t") if r]
        relevant: dict[str, set[str]] = defaultdict(set)
        for qid, _, cid, rel in rows["annotations.tsv"]:
            if int(rel) > 0:
                relevant[qid].add(cid)
        return cls(
            queries=tuple((q, t) for q, t in rows["queries.tsv"]),
            elements=tuple((c, t) for c, t in rows["corpus_elements.tsv"]),
            element_concept=dict(rows["concept_mapping.tsv"]),
            relevant_elements={q: frozenset(c) for q, c in relevant.items()},
            fingerprint=digest.hexdigest()[:16],
        )

    def relevant_concepts(self, qid: str) -> set[str]:
        return {self.element_concept[c] for c in self.relevant_elements.get(qid, ())}


def concept_level_metrics(
    dataset: MeloDataset, ranked_uris: Sequence[Sequence[str]]
) -> dict[str, float]:
    """MRR, S@1 and S@10 of the right concept over the dataset's queries (in order)."""
    rr, s1, s10 = [], [], []
    for (qid, _), uris in zip(dataset.queries, ranked_uris, strict=True):
        gold = dataset.relevant_concepts(qid)
        rr.append(reciprocal_rank(uris, gold))
        s1.append(success_at(uris, gold, 1))
        s10.append(success_at(uris, gold, 10))
    return {"concept_mrr": mean(rr), "concept_s@1": mean(s1), "concept_s@10": mean(s10)}


def element_level_metrics(
    dataset: MeloDataset, ranked_cids: Sequence[Sequence[str]]
) -> dict[str, float]:
    """MELO protocol: MAP, MRR and S@10 over ranked corpus elements."""
    ap, rr, s10 = [], [], []
    for (qid, _), cids in zip(dataset.queries, ranked_cids, strict=True):
        gold = set(dataset.relevant_elements.get(qid, ()))
        ap.append(average_precision(cids, gold))
        rr.append(reciprocal_rank(cids, gold))
        s10.append(success_at(cids, gold, 10))
    return {"melo_map": mean(ap), "melo_mrr": mean(rr), "melo_s@10": mean(s10)}


def rank_elements(
    dataset: MeloDataset,
    weights: FusionWeights,
    encoder: TextEncoder | None,
    cache: EmbeddingCache | None,
    depth: int = 300,
    progress: Callable[[int, int], None] | None = None,
) -> list[list[str]]:
    """Rank every corpus element by its own fused score (each element is its own concept)."""
    corpus = LabelCorpus(tuple(LabelEntry(cid, text, "nl", True) for cid, text in dataset.elements))
    vectors = None
    query_vectors = None
    queries = [clean_query(t) for _, t in dataset.queries]
    if weights.embedding > 0:
        if encoder is None or cache is None:
            raise ValueError("an encoder and a cache are needed for embedding scores")
        vectors = cache.get_or_compute(
            encoder,
            corpus.texts,
            namespace="melo-elements",
            version_key=dataset.fingerprint,
            progress=progress,
        )
        query_vectors = encoder.encode(queries, prompt="query")
    search = HybridLabelSearch(weights, candidates=depth).fit(corpus, vectors)
    hits = search.search(queries, query_vectors, top=depth)
    return [[hit.uri for hit in row] for row in hits]
