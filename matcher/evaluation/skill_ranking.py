"""Skill ranking on the TECH/HOUSE skill-extraction sets (Decorte et al., 2022).

Each CSV row is ``sentence, span, sub_span, label``; a sentence's gold set is its labels other
than "LABEL NOT PRESENT" and "UNDERSPECIFIED", whitespace-normalised and lower-cased, and
sentences without gold are left out, as ../shared/tools/check_contract.py does. That reference
scorer also lists a sentence once more for every row that precedes its first gold label (its
"not yet seen" test looks at the gold dictionary), so some sentences count several times (TECH:
96 items, 75 distinct sentences; HOUSE: 86 and 61). ``load(..., dedupe=False)`` (the default)
reproduces that list so numbers agree with the contract check; ``dedupe=True`` counts every
sentence once. A system ranks
taxonomy skills per sentence; a ranked skill is matched to gold by its English preferred label
(normalised the same way). Metrics per sentence, averaged: MRR (primary), R-Precision@5/@10.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matcher.evaluation.metrics import mean, r_precision_at, reciprocal_rank
from matcher.skills.ranking import SkillRanker
from taxonomy.errors import BadInputError

PRIMARY_METRIC = "mrr"
#: Gold labels that do not name a skill.
NO_SKILL_LABELS = frozenset({"label not present", "underspecified"})


def normalize_label(text: str) -> str:
    """Whitespace-normalised, lower-cased label (the scorer's comparison key)."""
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class SkillExtractionSet:
    """Sentences with their gold skill labels (normalised English ESCO preferred labels)."""

    name: str
    sentences: tuple[str, ...]
    gold: tuple[frozenset[str], ...]
    fingerprint: str

    @classmethod
    def load(
        cls, path: Path, name: str | None = None, *, dedupe: bool = False
    ) -> SkillExtractionSet:
        if not path.is_file():
            raise BadInputError(f"skill extraction set not found: {path}")
        data = path.read_bytes()
        order: list[str] = []
        gold: dict[str, set[str]] = {}
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"sentence", "label"} - set(reader.fieldnames or ())
            if missing:
                raise BadInputError(f"{path} lacks the column(s) {', '.join(sorted(missing))}")
            for row in reader:
                sentence = row["sentence"]
                label = normalize_label(row["label"])
                is_skill = bool(label) and label not in NO_SKILL_LABELS
                if sentence not in gold or (not dedupe and not gold[sentence]):
                    order.append(sentence)  # see the module docstring on repeats
                gold.setdefault(sentence, set())
                if is_skill:
                    gold[sentence].add(label)
        if dedupe:
            order = list(dict.fromkeys(order))
        kept = [s for s in order if gold[s]]
        return cls(
            name=name or path.stem,
            sentences=tuple(kept),
            gold=tuple(frozenset(gold[s]) for s in kept),
            fingerprint=hashlib.sha256(data).hexdigest()[:16],
        )

    @classmethod
    def load_folder(cls, folder: Path, subset: str, *, dedupe: bool = False) -> SkillExtractionSet:
        """``subset`` is ``tech`` or ``house``: ``<folder>/<subset>_validation_annotations.csv``."""
        return cls.load(
            folder / f"{subset}_validation_annotations.csv", name=subset.upper(), dedupe=dedupe
        )

    def __len__(self) -> int:
        return len(self.sentences)


def per_sentence_metrics(
    dataset: SkillExtractionSet, ranked_labels: Sequence[Sequence[str]]
) -> dict[str, list[float]]:
    """Reciprocal rank and R-Precision@5/@10 of ranked English preferred labels, one value per
    sentence (one ranked list per sentence); :func:`ranking_metrics` averages them."""
    if len(ranked_labels) != len(dataset):
        raise ValueError(f"{len(ranked_labels)} rankings for {len(dataset)} sentences")
    out: dict[str, list[float]] = {"mrr": [], "rp@5": [], "rp@10": []}
    for gold, labels in zip(dataset.gold, ranked_labels, strict=True):
        normalized = [normalize_label(label) for label in labels]
        out["mrr"].append(reciprocal_rank(normalized, set(gold)))
        out["rp@5"].append(r_precision_at(normalized, set(gold), 5))
        out["rp@10"].append(r_precision_at(normalized, set(gold), 10))
    return out


def ranking_metrics(
    dataset: SkillExtractionSet, ranked_labels: Sequence[Sequence[str]]
) -> dict[str, float]:
    """MRR and R-Precision@5/@10 of ranked English preferred labels (one list per sentence)."""
    return {
        metric: mean(values)
        for metric, values in per_sentence_metrics(dataset, ranked_labels).items()
    }


def extraction_metrics(
    dataset: SkillExtractionSet, extracted_labels: Sequence[Sequence[str]]
) -> dict[str, float]:
    """Micro precision, recall and F1 of extracted skill sets against the gold sets."""
    if len(extracted_labels) != len(dataset):
        raise ValueError(f"{len(extracted_labels)} results for {len(dataset)} sentences")
    hits = predicted = relevant = 0
    for gold, labels in zip(dataset.gold, extracted_labels, strict=True):
        found = {normalize_label(label) for label in labels}
        hits += len(found & gold)
        predicted += len(found)
        relevant += len(gold)
    precision = hits / predicted if predicted else 0.0
    recall = hits / relevant if relevant else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "extracted": predicted}


def ranked_english_labels(
    ranker: SkillRanker,
    texts: Sequence[str],
    depth: int = 50,
    vectors: dict[str, np.ndarray] | None = None,
) -> list[list[str]]:
    """The ``depth`` best skills per text as English preferred labels (what the scorer reads)."""
    out = []
    for scores in ranker.score(texts, vectors=vectors):
        rows = scores.top(depth) if scores is not None else []
        out.append([ranker.taxonomy_.skills[ranker.uris[r]].label(("en", "nl")).text for r in rows])
    return out
