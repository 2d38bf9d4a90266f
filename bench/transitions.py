"""Overstapberoepen without ground truth: recovery, asymmetry, stability, and a sample to judge.

    .venv/bin/python bench/transitions.py [--sample 300] [--stability-sample 100] [--seed 0]

(a) hide-and-recover: a "person" gets a random 60% (and 30%) of an occupation's essential and
    optional skills; where does the occupation rank among all transitions from that person?
    The product against a plain Jaccard-on-essential-skills baseline (and Jaccard on essential +
    optional skills), with ablations of the product's parts, all on the same sampled persons.
(b) asymmetry over all pairs of a sample of occupations: share of related pairs with
    |f(A→B) − f(B→A)| > 0.05, and whether moving from a skill-rich occupation (≥ 2× the skills)
    to a narrow one is easier than the reverse.
(c) stability: Spearman rank correlation of the top 20 after dropping 1 or 2 source skills.
(d) top-10 transitions for well-known shrinking occupations, resolved by occupation search.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import markdown_table, provenance, write_result

from api.runtime import Runtime
from api.settings import Settings
from matcher.evaluation.transitions import (
    FeasibilityScorer,
    JaccardBaseline,
    TransitionScorer,
    asymmetry,
    hide_and_recover,
    pairwise_scores,
    sample_occupations,
    stability,
)
from matcher.ranking.near_skills import NearSkillCredit
from matcher.search.occupation_lookup import resolve_occupation
from matcher.transitions.finder import TransitionFinder
from matcher.transitions.records import Transition
from matcher.transitions.skill_level_jump import SkillLevelJump
from matcher.transitions.source import occupation_source
from matcher.transitions.typed_skill_weights import TypedSkillWeights
from taxonomy.concepts import SkillType
from taxonomy.taxonomy import Taxonomy

SAMPLE_QUERIES = ["winkelmedewerker", "kok", "cabinemedewerker", "evenementenmanager", "bloemist"]
PRODUCT = "feasibility (product)"


def ablations(taxonomy: Taxonomy, runtime: Runtime) -> dict[str, TransitionFinder]:
    vectors = runtime.skill_vectors
    no_near = NearSkillCredit(threshold=1.01)
    untyped = TypedSkillWeights({t: 1.0 for t in SkillType})
    return {
        "− near-skill credit (exact only)": TransitionFinder(near_credit=no_near).fit(
            taxonomy, vectors
        ),
        "− type factors (IDF only)": TransitionFinder(weights=untyped).fit(taxonomy, vectors),
        "− unlisted-skill prior (w0 = 0)": TransitionFinder(unlisted_essential_skills=0).fit(
            taxonomy, vectors
        ),
        "− optional skills (essential only)": TransitionFinder(essential_share=1.0).fit(
            taxonomy, vectors
        ),
    }


def recovery_section(
    taxonomy: Taxonomy, product: TransitionFinder, runtime: Runtime, sample: list[str], seed: int
) -> str:
    baselines: list[TransitionScorer] = [
        JaccardBaseline(taxonomy).fit(),
        JaccardBaseline(taxonomy, with_optional=True).fit(),
    ]
    main = [FeasibilityScorer(product, PRODUCT), *baselines]
    variants = [FeasibilityScorer(f, name) for name, f in ablations(taxonomy, runtime).items()]
    rows = []
    for keep, scorers in ((0.6, [*main, *variants]), (0.3, main)):
        results = hide_and_recover(scorers, taxonomy, sample, keep=keep, seed=seed)
        base = results["Jaccard essential"].mrr
        for name, r in results.items():
            ratio = r.mrr / base
            rows.append(
                [f"{keep:.0%}", name, r.mrr, r.recall_at_1, r.recall_at_10, r.median_rank, ratio]
            )
    table = markdown_table(
        ["skills kept", "system", "MRR", "recall@1", "recall@10", "median rank", "MRR ÷ Jaccard"],
        rows,
    )
    return "\n\n".join(
        [
            "## (a) Hide and recover",
            f"{len(sample)} occupations with ≥ 5 skills (seeded sample); each gives one person a "
            "random share of its essential + optional skills (the same person for every system); "
            "the occupation's rank among all 3,007 targets (ties count half). Primary metric MRR. "
            "Rows starting with − are the product without one part (at 60% only).",
            table,
        ]
    )


def asymmetry_section(taxonomy: Taxonomy, product: TransitionFinder, sample: list[str]) -> str:
    counts = [
        len(
            set(taxonomy.occupations[u].essential_skills)
            | set(taxonomy.occupations[u].optional_skills)
        )
        for u in sample
    ]
    flat = TransitionFinder(level_jump=SkillLevelJump(up_per_level=0.0, down_per_level=0.0))
    flat.fit(taxonomy, product.skill_vectors_)
    systems: list[TransitionScorer] = [
        FeasibilityScorer(product, PRODUCT),
        FeasibilityScorer(flat, "feasibility without the skill-level factor"),
        JaccardBaseline(taxonomy).fit(),
    ]
    rows = []
    for scorer in systems:
        r = asymmetry(pairwise_scores(scorer, taxonomy, sample), counts)
        rows.append(
            [
                scorer.name,
                r.share_asymmetric,
                r.n_related_pairs,
                r.rich_to_narrow_minus_reverse,
                r.share_rich_to_narrow_easier,
                r.n_rich_narrow_pairs,
            ]
        )
    table = markdown_table(
        [
            "system",
            "share |f(A→B)−f(B→A)| > 0.05",
            "related pairs",
            "mean f(rich→narrow) − f(narrow→rich)",
            "share rich→narrow easier",
            "rich/narrow pairs",
        ],
        rows,
    )
    return "\n\n".join(
        [
            "## (b) Asymmetry",
            f"All ordered pairs of {len(sample)} sampled occupations (sources as the product "
            "builds them: essential skills held, optional ones at 0.5). Related pairs: max(f(A→B), "
            "f(B→A)) ≥ 0.1. Rich/narrow: one occupation lists ≥ 2× the (essential + optional) "
            "skills of the other, among related pairs. Jaccard is symmetric by construction.",
            table,
        ]
    )


def stability_section(taxonomy: Taxonomy, product: TransitionFinder, sample: list[str]) -> str:
    systems: list[TransitionScorer] = [
        FeasibilityScorer(product, PRODUCT),
        JaccardBaseline(taxonomy).fit(),
    ]
    rows = []
    for scorer in systems:
        r = stability(scorer, product, taxonomy, sample, top=20, drops=(1, 2))
        rows.append([scorer.name, r.spearman_top, r.overlap_top, r.n])
    table = markdown_table(["system", "Spearman top-20", "top-20 overlap", "perturbations"], rows)
    return "\n\n".join(
        [
            "## (c) Stability",
            f"{len(sample)} occupations as sources; each once without 1 and once without 2 "
            "random skills. Spearman's rho between the positions of the original top 20 in the "
            "original and the perturbed ranking; overlap = share of the original top 20 still "
            "in the top 20.",
            table,
        ]
    )


def sample_section(runtime: Runtime, product: TransitionFinder) -> tuple[str, float]:
    taxonomy = runtime.taxonomy
    search = runtime.occupation_search()
    blocks = ["## (d) Samples to judge (top 10, skills only)"]
    seconds = []
    for query in SAMPLE_QUERIES:
        resolved = resolve_occupation(query, taxonomy, search)
        source = occupation_source(taxonomy, resolved.uri)
        started = time.monotonic()
        ranking = product.rank(source, top=10)
        seconds.append(time.monotonic() - started)
        occupation = taxonomy.occupations[resolved.uri]
        head = (
            f"### {query} → {resolved.label} (ISCO {occupation.isco_code}, "
            f"{len(occupation.essential_skills)} essential / {len(occupation.optional_skills)} "
            f"optional skills; matched label '{resolved.matched_label}')"
        )
        rows = [_sample_row(rank, t) for rank, t in enumerate(ranking.results, 1)]
        table = markdown_table(
            [
                "#",
                "occupation",
                "feasibility",
                "carries over (essential; ~ near)",
                "missing essential",
            ],
            rows,
        )
        blocks += [head, f"<{resolved.uri}>, {ranking.n_excluded} excluded as variants", table]
    return "\n\n".join(blocks), float(np.mean(seconds))


def _sample_row(rank: int, t: Transition) -> list[object]:
    carried = [c.match for c in t.carries_over if c.match.essential]
    shown = [m.required_label + (" ~" if m.kind.value == "near" else "") for m in carried[:4]]
    more = f" (+{len(carried) - 4})" if len(carried) > 4 else ""
    missing = [m.label for m in t.missing_essential[:4]]
    rest = f" (+{len(t.missing_essential) - 4})" if len(t.missing_essential) > 4 else ""
    level = f" [ISCO {t.isco_code}]"
    return [
        rank,
        t.label + level,
        t.feasibility,
        "; ".join(shown) + more,
        "; ".join(missing) + rest,
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=300, help="occupations for (a) and (b)")
    parser.add_argument("--stability-sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    runtime = Runtime(Settings())
    taxonomy = runtime.taxonomy
    started = time.monotonic()
    product = runtime.transition_finder
    fit_seconds = time.monotonic() - started
    sample = sample_occupations(taxonomy, args.sample, args.seed)
    small = sample_occupations(taxonomy, args.stability_sample, args.seed + 1)
    sections = [
        recovery_section(taxonomy, product, runtime, sample, args.seed),
        asymmetry_section(taxonomy, product, sample),
        stability_section(taxonomy, product, small),
    ]
    samples, rank_seconds = sample_section(runtime, product)
    text = "\n\n".join(
        [
            "# Overstapberoepen (transitions): evaluations without ground truth",
            provenance(),
            f"Taxonomy `{taxonomy.version}` ({len(taxonomy.occupations)} occupations), model "
            f"`{product.skill_vectors_.model_id}`; near-skill threshold "
            f"{product.near_credit_.threshold_:.3f}, unlisted-skill weight w0 "
            f"{product.unlisted_weight_:.2f}. Fitting the finder (weights, threshold, matrices, "
            f"skill vectors from cache): {fit_seconds:.1f} s; one ranking over all targets with "
            f"top-10 explanations: {rank_seconds * 1000:.0f} ms on average. There is no public "
            "ground truth for transitions: (a)-(c) check properties that a good feasibility score "
            "must have and that can fail; (d) is for a person to judge.",
            *sections,
            samples,
        ]
    )
    print(text)
    print(f"written to {write_result('transitions', text)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
