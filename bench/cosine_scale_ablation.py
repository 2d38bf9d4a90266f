"""What the cosine scale does: skill ranking of a fine-tuned model with and without it.

    .venv/bin/python bench/cosine_scale_ablation.py --candidate FOLDER [--base MODEL] [--dev DIR]

A fine-tuned folder carries a cosine scale (models/cosine_scale.py) that maps its cosines onto
the base model's scale. Ranking by embeddings alone cannot change with it (the map is monotone);
the hybrid skill ranker adds constants tuned on the base (lexical bonus, Dutch-label offset,
occupation prior), so it can. This runs the skill-ranking part of the evaluation suite (TECH and
HOUSE validation, zero-shot embeddings and hybrid) for the base, the candidate as it is, and a
copy of the candidate without the scale. Writes ``bench/results/cosine_scale_ablation.md``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEV, markdown_table, provenance, write_result

from api.runtime import Runtime
from api.settings import Settings
from matcher.evaluation.model_suite import DevSets, SuiteOptions, SuiteResult, evaluate_model
from models.export import set_cosine_scale
from models.manifest import ModelManifest


def skill_scores(model: str, dev: DevSets) -> SuiteResult:
    runtime = Runtime(Settings(model=model))
    return evaluate_model(
        runtime.taxonomy,
        runtime.encoder,
        runtime.embedding_cache,
        DevSets(skill_extraction=dev.skill_extraction),
        SuiteOptions(transition_sample=1),
        progress=lambda step: print(f"{runtime.encoder.model_id}: {step}", file=sys.stderr),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", required=True, help="a fine-tuned folder with a scale")
    parser.add_argument("--base", default=None, help="default: the active model")
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    dev = DevSets.under(args.dev)
    if dev.skill_extraction is None:
        print(f"no skill_extraction dev set under {args.dev}", file=sys.stderr)
        return 2
    candidate = Path(args.candidate).resolve()
    manifest = ModelManifest.read(candidate)
    if manifest is None or manifest.cosine_scale is None:
        print(f"{candidate} has no cosine scale to take away", file=sys.stderr)
        return 2
    results = {
        "base": skill_scores(args.base or Settings().model, dev),
        f"fine-tuned, scale {manifest.cosine_scale}": skill_scores(str(candidate), dev),
    }
    with tempfile.TemporaryDirectory() as tmp:
        unscaled = Path(tmp) / candidate.name
        shutil.copytree(candidate, unscaled)
        set_cosine_scale(unscaled, None)
        results["fine-tuned, no scale"] = skill_scores(str(unscaled), dev)
    names = list(results)
    keys = [
        (s.dataset, s.system, s.metric) for s in results["base"].scores if s.task == "skill_ranking"
    ]
    rows = [
        [dataset, system, metric]
        + [results[name].value("skill_ranking", dataset, system, metric) for name in names]
        for dataset, system, metric in keys
    ]
    text = "\n\n".join(
        [
            "# Cosine scale ablation: skill ranking of a fine-tuned model with and without it",
            provenance(),
            f"Base `{results['base'].model_id}`; candidate `{manifest.model_id}` (cosine scale "
            f"{manifest.cosine_scale}: its cosines c become {manifest.cosine_scale} · c + "
            f"{1 - manifest.cosine_scale:.4f}). TECH and HOUSE validation, the scorer's protocol. "
            "Embeddings-only ranking is the same with and without the scale (a monotone map); "
            "the hybrid adds constants tuned on the base model's cosines.",
            markdown_table(["dataset", "system", "metric", *names], rows),
        ]
    )
    print(text)
    print(f"written to {write_result('cosine_scale_ablation', text)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
