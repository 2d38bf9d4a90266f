"""Weight-space interpolation between a base model and a model fine-tuned from it (WiSE-FT).

``θ = θ_base + α · (θ_tuned − θ_base)`` for every float tensor: α = 1 is the fine-tuned model,
α = 0 the base. Wortsman et al. (2022, "Robust fine-tuning of zero-shot models") found such a
mix keeps much of what fine-tuning gained on the target task while losing less of what the
base did well elsewhere; here that is the skill ranker's phrase windows, which a run trained
on taxonomy labels alone scores worse (bench/results/model_comparison.md).

    manifest = interpolate(base_folder, tuned_folder, 0.5, out)

``layer_alphas`` gives chosen encoder layers their own α (``{6: 0.3, 7: 0.3, 9: 0.9}``); the
other tensors keep ``alpha``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from models.export import save_finetuned
from models.finetune import LAYER_PATTERN, FinetuneConfig, load_trainable
from models.manifest import ModelManifest
from taxonomy.errors import BadInputError, NotReadyError


def interpolate(
    base: Path,
    tuned: Path,
    alpha: float,
    out: Path,
    layer_alphas: Mapping[int, float] | None = None,
) -> ModelManifest:
    """Write the ``alpha`` mix of ``tuned`` and its ``base`` into ``out`` (a new fine-tuned
    folder, uncalibrated: see :func:`models.export.calibrate`) and return its manifest;
    ``layer_alphas`` overrides ``alpha`` for single encoder layers."""
    layer_alphas = dict(sorted((layer_alphas or {}).items()))
    for value in (alpha, *layer_alphas.values()):
        if not 0.0 <= value <= 1.0:
            raise BadInputError(f"alpha must be between 0 and 1, got {value}")
    if Path(out).exists():  # before loading two models (save_finetuned checks it again)
        raise BadInputError(f"{out} exists already; export into a new folder")
    base_manifest, tuned_manifest = ModelManifest.read(base), ModelManifest.read(tuned)
    if base_manifest is None or tuned_manifest is None:
        raise NotReadyError("both model folders need a skillmatch manifest")
    training = tuned_manifest.build.get("training")
    if training is None or "+ft." not in tuned_manifest.version:
        raise BadInputError(f"{tuned} is not a fine-tuned model folder")
    if tuned_manifest.source.get("base_model_id") != base_manifest.model_id:
        raise BadInputError(
            f"{tuned} was fine-tuned from {tuned_manifest.source.get('base_model_id')}, "
            f"not from {base_manifest.model_id}"
        )
    base_model, model = load_trainable(base), load_trainable(tuned)
    layers = {int(m.group(1)) for n in model.state_dict() if (m := LAYER_PATTERN.search(n))}
    if unknown := sorted(set(layer_alphas) - layers):
        raise BadInputError(
            f"the model has no encoder layer {', '.join(map(str, unknown))} "
            f"(it has 0-{max(layers, default=-1)})"
        )
    mix_weights(base_model.state_dict(), model, alpha, layer_alphas)
    tag = f"{tuned_manifest.version.split('+ft.', 1)[1]}.wise{round(alpha * 100)}"
    tag += "".join(f".l{layer}x{round(a * 100)}" for layer, a in layer_alphas.items())
    recorded = {"alpha": alpha, "tuned_model_id": tuned_manifest.model_id}
    if layer_alphas:
        recorded["layer_alphas"] = {str(layer): a for layer, a in layer_alphas.items()}
    return save_finetuned(
        model,
        out,
        base,
        tag=tag,
        taxonomy=tuned_manifest.source.get("taxonomy", "?"),
        pair_counts=training.get("pairs", {}),
        config=FinetuneConfig(**training.get("config", {})),
        result=training.get("run", {}),
        interpolation=recorded,
    )


def mix_weights(
    base_state: dict, model, alpha: float, layer_alphas: Mapping[int, float] | None = None
) -> int:
    """Move ``model``'s float tensors to ``base + a · (model − base)`` in place, ``a`` being
    ``layer_alphas[i]`` for a tensor of encoder layer ``i`` listed there and ``alpha`` otherwise;
    returns how many tensors were mixed (tensors the base lacks, or of another shape, are
    kept)."""
    import torch

    layer_alphas = layer_alphas or {}

    state = model.state_dict()
    mixed = 0
    with torch.no_grad():
        for name, tensor in state.items():
            before = base_state.get(name)
            if before is None or before.shape != tensor.shape or not tensor.is_floating_point():
                continue
            layer = LAYER_PATTERN.search(name)
            a = layer_alphas.get(int(layer.group(1)), alpha) if layer else alpha
            tensor.copy_(before + a * (tensor - before))
            mixed += 1
    return mixed
