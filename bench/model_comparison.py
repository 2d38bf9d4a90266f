"""A fine-tuned embedding model against the current one on every dev set, in one run.

    .venv/bin/python bench/model_comparison.py --candidate FOLDER [--base MODEL] [--dev DIR]

The project's evaluation suite (matcher.evaluation.model_suite, as notebooks 02 and 04):
occupation linking on MELO (embeddings only and hybrid), skill ranking on TECH/HOUSE validation
(zero-shot embeddings and hybrid), transitions hide-and-recover. Ratios are against the base.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEV, markdown_table, provenance, write_result

from api.runtime import Runtime
from api.settings import Settings
from matcher.evaluation.model_suite import (
    DevSets,
    SuiteOptions,
    SuiteResult,
    compare,
    evaluate_model,
    paired_deltas,
    wins,
)
from models.export import record_dev_scores


def run(model: str, dev: DevSets) -> SuiteResult:
    runtime = Runtime(Settings(model=model))
    result = evaluate_model(
        runtime.taxonomy,
        runtime.encoder,
        runtime.embedding_cache,
        dev,
        SuiteOptions(),
        progress=lambda step: print(f"{runtime.encoder.model_id}: {step}", file=sys.stderr),
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", required=True, help="the fine-tuned model folder")
    parser.add_argument("--base", default=None, help="default: the active model")
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--name", default="model_comparison", help="results file name")
    parser.add_argument(
        "--record", action="store_true", help="write the scores into the candidate's model card"
    )
    args = parser.parse_args()
    dev = DevSets.under(args.dev)
    base = run(args.base or Settings().model, dev)
    candidate = run(str(Path(args.candidate).resolve()), dev)
    table = compare(base, candidate)
    verdict, reasons = wins(table)
    rows = [
        [
            r.task,
            r.dataset,
            r.system,
            r.metric,
            r.base,
            r.candidate,
            r.delta,
            r.candidate / r.base if r.base else float("nan"),
        ]
        for r in table.itertuples()
    ]
    text = "\n\n".join(
        [
            "# Fine-tuned embedding model against the current one (development sets)",
            provenance(),
            f"Base `{base.model_id}` ({base.seconds:.0f} s for the suite), candidate "
            f"`{candidate.model_id}` ({candidate.seconds:.0f} s), taxonomy `{base.taxonomy}`. "
            "Occupation linking: MELO melo_bel (328 Belgian-Dutch job titles; concept level over "
            "the taxonomy's occupations, MAP/MRR under MELO's protocol). Skill ranking: TECH and "
            "HOUSE validation (the scorer's protocol). Transitions: hide-and-recover MRR over "
            "300 sampled occupations (60% of skills kept). The fine-tuning pairs come from the "
            "taxonomy only. Target: +0.05 MELO MAP (embeddings), no skill-ranking MRR lost.",
            markdown_table(
                [
                    "task",
                    "dataset",
                    "system",
                    "metric",
                    "base",
                    "candidate",
                    "delta",
                    "candidate ÷ base",
                ],
                rows,
            ),
            "Paired bootstrap over the sentences (10,000 resamples): the mean per-sentence "
            "change of the reciprocal rank, its 95% interval, and the sentences ranked worse / "
            "better than by the base.",
            markdown_table(
                ["score", "delta", "95% interval", "worse", "better"],
                [
                    [key, d.delta, f"[{d.low:+.4f}, {d.high:+.4f}]", d.worse, d.better]
                    for key, d in paired_deltas(base, candidate).items()
                ],
            ),
            "**Verdict: the candidate wins.**"
            if verdict
            else "**Verdict: no win** (" + "; ".join(reasons) + ").",
            *(["Skipped: " + "; ".join(base.skipped)] if base.skipped else []),
        ]
    )
    print(text)
    print(f"written to {write_result(args.name, text)}", file=sys.stderr)
    if args.record:
        flat = {"base": base.flat(), "fine-tuned": candidate.flat()}
        record_dev_scores(Path(args.candidate), flat)
        print(f"dev scores recorded in {args.candidate}/README.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
