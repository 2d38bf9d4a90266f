"""The evaluation suite of an embedding model: the numbers two models are compared on.

Three tasks, each run when its data is there (the taxonomy's own checks always are):

- occupation linking on MELO (``<dev>/melo_bel``): embeddings only and the hybrid, concept MRR
  and S@10 over the taxonomy's occupations, MAP and MRR under MELO's own protocol;
- skill ranking on TECH and HOUSE validation (``<dev>/skill_extraction``): zero-shot embeddings
  and the hybrid ranker, MRR and R-Precision@5/@10 (the scorer's protocol);
- transitions: hide-and-recover MRR of the feasibility score (a person keeps 60% of an
  occupation's skills; where does the occupation rank?), a sanity check that needs no dev set.

bench/model_comparison.py and notebooks 02/04 call :func:`evaluate_model`, so they report the
same numbers. Everything is computed for one model; :func:`compare` puts two side by side.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from matcher.evaluation.metrics import PairedDelta, mean, paired_bootstrap
from matcher.evaluation.occupation_linking import (
    MeloDataset,
    concept_level_metrics,
    element_level_metrics,
    rank_elements,
)
from matcher.evaluation.skill_ranking import (
    SkillExtractionSet,
    per_sentence_metrics,
    ranked_english_labels,
)
from matcher.evaluation.transitions import FeasibilityScorer, hide_and_recover, sample_occupations
from matcher.search.hybrid_search import FusionWeights
from matcher.search.occupation_search import OccupationSearch
from matcher.skills.engine import build_skill_ranker
from matcher.skills.ranking import RankingWeights
from matcher.transitions.finder import TransitionFinder
from matcher.vectors.skill_vectors import SkillVectors
from models.embedding_cache import EmbeddingCache
from models.encoder import TextEncoder
from taxonomy import Taxonomy

if TYPE_CHECKING:
    import pandas as pd

#: ``progress(step_name)`` before each step of the suite.
SuiteProgress = Callable[[str], None]

OCCUPATION_SYSTEMS = {
    "embeddings": FusionWeights.embedding_only(),
    "hybrid": FusionWeights(),
}
SKILL_SYSTEMS = {
    "embeddings": RankingWeights.zero_shot(),
    "hybrid": RankingWeights(),
}
SKILL_SUBSETS = ("tech", "house")


@dataclass(frozen=True)
class DevSets:
    """Where the dev sets are; ``None`` for a set that is not there (its task is skipped)."""

    melo: Path | None = None
    skill_extraction: Path | None = None

    @classmethod
    def under(cls, folder: Path | None) -> DevSets:
        """The sets found in ``folder`` (``melo_bel/``, ``skill_extraction/``), if any."""
        if folder is None or not Path(folder).is_dir():
            return cls()
        folder = Path(folder)
        melo = folder / "melo_bel"
        skills = folder / "skill_extraction"
        has_skills = all(
            (skills / f"{subset}_validation_annotations.csv").is_file() for subset in SKILL_SUBSETS
        )
        return cls(
            melo=melo if (melo / "queries.tsv").is_file() else None,
            skill_extraction=skills if has_skills else None,
        )


@dataclass(frozen=True)
class SuiteOptions:
    """``max_items`` keeps the first N queries/sentences of each set (a quick look, not a
    result to report); ``transition_sample`` occupations are drawn with ``seed``."""

    max_items: int | None = None
    transition_sample: int = 300
    seed: int = 0


@dataclass(frozen=True)
class Score:
    task: str
    dataset: str
    system: str
    metric: str
    value: float


@dataclass(frozen=True)
class SuiteResult:
    """All scores of one model, and what the run covered."""

    model_id: str
    taxonomy: str
    scores: tuple[Score, ...]
    seconds: float
    skipped: tuple[str, ...] = field(default_factory=tuple)
    #: Per-item values behind a score ("task/dataset/system/metric" → one value per item), for
    #: paired comparisons (:func:`paired_deltas`); skill-ranking MRR has them.
    per_item: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def value(self, task: str, dataset: str, system: str, metric: str) -> float:
        for s in self.scores:
            if (s.task, s.dataset, s.system, s.metric) == (task, dataset, system, metric):
                return s.value
        raise KeyError(f"no score {task}/{dataset}/{system}/{metric} for {self.model_id}")

    def frame(self) -> pd.DataFrame:
        """One row per score: task, dataset, system, metric, value."""
        import pandas as pd

        return pd.DataFrame([s.__dict__ for s in self.scores])

    def flat(self) -> dict[str, float]:
        """``{"task/dataset/system/metric": value}`` (rounded), for the model card and
        manifest."""
        return {
            f"{s.task}/{s.dataset}/{s.system}/{s.metric}": round(s.value, 4) for s in self.scores
        }


def evaluate_model(
    taxonomy: Taxonomy,
    encoder: TextEncoder,
    cache: EmbeddingCache | None,
    dev: DevSets,
    options: SuiteOptions = SuiteOptions(),
    progress: SuiteProgress | None = None,
) -> SuiteResult:
    """Run every task whose data is there for ``encoder`` and return the scores."""
    started = time.monotonic()
    note = progress or (lambda _: None)
    scores: list[Score] = []
    per_item: dict[str, tuple[float, ...]] = {}
    skipped: list[str] = []
    if dev.melo is not None:
        note("occupation linking (MELO)")
        scores += _occupation_linking(taxonomy, encoder, cache, dev.melo, options)
    else:
        skipped.append("occupation_linking: no melo_bel dev set")
    if dev.skill_extraction is not None:
        note("skill ranking (TECH, HOUSE)")
        skill_scores, per_item = _skill_ranking(
            taxonomy, encoder, cache, dev.skill_extraction, options
        )
        scores += skill_scores
    else:
        skipped.append("skill_ranking: no skill_extraction dev set")
    note("transitions (hide and recover)")
    scores += _transitions(taxonomy, encoder, cache, options)
    return SuiteResult(
        model_id=encoder.model_id,
        taxonomy=taxonomy.version,
        scores=tuple(scores),
        seconds=time.monotonic() - started,
        skipped=tuple(skipped),
        per_item=per_item,
    )


def compare(base: SuiteResult, other: SuiteResult) -> pd.DataFrame:
    """Scores of two models side by side with the difference (``other - base``)."""
    keys = ["task", "dataset", "system", "metric"]
    left = base.frame().rename(columns={"value": "base"})
    right = other.frame().rename(columns={"value": "candidate"})
    table = left.merge(right, on=keys, how="inner")
    table["delta"] = table["candidate"] - table["base"]
    return table


def paired_deltas(base: SuiteResult, other: SuiteResult) -> dict[str, PairedDelta]:
    """For every score both results have per-item values of: the mean difference ``other −
    base`` with a 95% bootstrap interval over the items, and how many items got worse/better."""
    return {
        key: paired_bootstrap(base.per_item[key], other.per_item[key])
        for key in base.per_item
        if key in other.per_item and len(base.per_item[key]) == len(other.per_item[key])
    }


def wins(
    table: pd.DataFrame, *, melo_gain: float = 0.05, tolerance: float = 0.0
) -> tuple[bool, list[str]]:
    """Whether the candidate of a :func:`compare` table beats the base as the issue asks:
    ≥ ``melo_gain`` MELO MAP (embeddings) and no skill-ranking MRR worse by more than
    ``tolerance``. Returns the verdict and the reasons."""
    reasons: list[str] = []
    melo = table[
        (table.task == "occupation_linking")
        & (table.system == "embeddings")
        & (table.metric == "melo_map")
    ]
    if melo.empty:
        reasons.append("no MELO score to judge on")
    elif float(melo.delta.iloc[0]) < melo_gain:
        reasons.append(f"MELO MAP gain {float(melo.delta.iloc[0]):+.4f} < {melo_gain:+.2f}")
    skills = table[(table.task == "skill_ranking") & (table.metric == "mrr")]
    if skills.empty:
        reasons.append("no skill-ranking score to judge on")
    for row in skills.itertuples():
        if row.delta < -tolerance:
            reasons.append(f"skill ranking {row.dataset}/{row.system} MRR {row.delta:+.4f}")
    return not reasons, reasons


# -- the tasks ---------------------------------------------------------------------------------
def _occupation_linking(
    taxonomy: Taxonomy,
    encoder: TextEncoder,
    cache: EmbeddingCache | None,
    folder: Path,
    options: SuiteOptions,
) -> list[Score]:
    dataset = MeloDataset.load(folder)
    if options.max_items is not None:
        dataset = replace(dataset, queries=dataset.queries[: options.max_items])
    queries = [text for _, text in dataset.queries]
    out = []
    for system, weights in OCCUPATION_SYSTEMS.items():
        search = OccupationSearch.build(taxonomy, encoder, cache, weights=weights)
        ranked = [[m.uri for m in row] for row in search.search(queries, top=100)]
        metrics = concept_level_metrics(dataset, ranked)
        metrics |= element_level_metrics(dataset, rank_elements(dataset, weights, encoder, cache))
        for metric in ("concept_mrr", "concept_s@10", "melo_map", "melo_mrr"):
            out.append(Score("occupation_linking", folder.name, system, metric, metrics[metric]))
    return out


def _skill_ranking(
    taxonomy: Taxonomy,
    encoder: TextEncoder,
    cache: EmbeddingCache | None,
    folder: Path,
    options: SuiteOptions,
) -> tuple[list[Score], dict[str, tuple[float, ...]]]:
    """The scores, and the per-sentence reciprocal ranks behind each MRR."""
    occupations = OccupationSearch.build(taxonomy, encoder, cache)  # the occupation prior
    rankers = {
        system: build_skill_ranker(taxonomy, encoder, cache, weights=w, occupations=occupations)
        for system, w in SKILL_SYSTEMS.items()
    }
    out = []
    per_item: dict[str, tuple[float, ...]] = {}
    for subset in SKILL_SUBSETS:
        dataset = SkillExtractionSet.load_folder(folder, subset)
        if (n := options.max_items) is not None:
            dataset = replace(dataset, sentences=dataset.sentences[:n], gold=dataset.gold[:n])
        hybrid = rankers["hybrid"]
        vectors = hybrid.embed(hybrid.strings_to_embed(dataset.sentences))
        for system, ranker in rankers.items():
            ranked = ranked_english_labels(ranker, dataset.sentences, 50, vectors)
            per_sentence = per_sentence_metrics(dataset, ranked)
            for metric, values in per_sentence.items():
                out.append(Score("skill_ranking", subset.upper(), system, metric, mean(values)))
            per_item[f"skill_ranking/{subset.upper()}/{system}/mrr"] = tuple(per_sentence["mrr"])
    return out, per_item


def _transitions(
    taxonomy: Taxonomy, encoder: TextEncoder, cache: EmbeddingCache | None, options: SuiteOptions
) -> list[Score]:
    finder = TransitionFinder().fit(taxonomy, SkillVectors.build(taxonomy, encoder, cache))
    sample = sample_occupations(taxonomy, options.transition_sample, options.seed)
    result = hide_and_recover(
        [FeasibilityScorer(finder, "feasibility")], taxonomy, sample, keep=0.6, seed=options.seed
    )["feasibility"]
    return [
        Score("transitions", "taxonomy", "feasibility", "mrr", result.mrr),
        Score("transitions", "taxonomy", "feasibility", "recall@10", result.recall_at_10),
    ]


def scores_table(results: Sequence[SuiteResult]) -> pd.DataFrame:
    """Several models' scores in one wide table (one column per model id)."""
    import pandas as pd

    frames = [r.frame().assign(model=r.model_id) for r in results]
    table = pd.concat(frames, ignore_index=True)
    return table.pivot_table(
        index=["task", "dataset", "system", "metric"], columns="model", values="value", sort=False
    )
