"""The model card (``README.md``) of a fine-tuned model folder."""

from __future__ import annotations

from collections.abc import Mapping

CARD = """\
# {name}

Fine-tuned by skillmatch from `{base_model_id}` on training pairs built from the taxonomy
`{taxonomy}` only (never from the development sets). Model id: `{model_id}`.

## Training data

| kind | pairs |
|---|---:|
{pair_rows}

Kinds: `alt_label` (Dutch/English alternative label → preferred label, occupations and skills),
`translation` (Dutch ↔ English preferred label), `description` (skill description → label),
`essential_skill` (occupation label → an essential skill's label). Hard negatives are labels of
sibling concepts (same ISCO group, same broader skill group).

## Parameters

Loss: MultipleNegativesRankingLoss (in-batch and hard negatives), `"query: "` prompt on both
sides, word-embedding matrix frozen, CPU.

| parameter | value |
|---|---|
{param_rows}

Cosine scale: {cosine_scale} (fitted on taxonomy label pairs: the fine-tuned cosines are mapped
onto the base model's scale, `a · cos + 1 − a`, so thresholds and fusion weights tuned on the base
keep their meaning).

## Run

| | |
|---|---|
{run_rows}

## Development scores

{scores}

Licence: MIT (base model intfloat/multilingual-e5-small). Training data: ESCO © European Union
("This service uses the ESCO classification of the European Commission").
"""


def render_card(
    *,
    name: str,
    model_id: str,
    base_model_id: str,
    taxonomy: str,
    pair_counts: Mapping[str, int],
    parameters: Mapping[str, object],
    run: Mapping[str, object],
    dev_scores: Mapping[str, Mapping[str, float]] | None = None,
    cosine_scale: float | None = None,
) -> str:
    """Markdown card; ``dev_scores`` maps a model name to metric → value (one column each)."""
    return CARD.format(
        name=name,
        model_id=model_id,
        base_model_id=base_model_id,
        taxonomy=taxonomy,
        pair_rows=_rows(pair_counts) + f"\n| total | {sum(pair_counts.values())} |",
        param_rows=_rows(parameters),
        cosine_scale="none" if cosine_scale is None else f"{cosine_scale:.4f}",
        run_rows=_rows(run),
        scores=_scores_table(dev_scores) if dev_scores else "Not measured in this run.",
    )


def _rows(values: Mapping[str, object]) -> str:
    return "\n".join(f"| {key} | {value} |" for key, value in values.items())


def _scores_table(dev_scores: Mapping[str, Mapping[str, float]]) -> str:
    models = list(dev_scores)
    metrics = list(dict.fromkeys(metric for scores in dev_scores.values() for metric in scores))
    lines = ["| metric | " + " | ".join(models) + " |", "|---|" + "---:|" * len(models)]
    for metric in metrics:
        cells = [f"{dev_scores[m][metric]:.3f}" if metric in dev_scores[m] else "–" for m in models]
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
