"""Write a fine-tuned model as a versioned skillmatch model folder.

The folder has the layout of the provisioned one (sentence-transformers modules, float16
``model.safetensors``, tokenizer, prompts) plus a ``README.md`` model card and a
``skillmatch_model.json`` manifest whose version names the base and the run, so its model id
differs from the base's and caches or indexes of the two never mix.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from models.finetune import FinetuneConfig, FinetuneResult
from models.manifest import ModelManifest, folder_file_sizes, sha256_file
from models.model_card import render_card
from taxonomy.errors import BadInputError, NotReadyError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from models.encoder import TextEncoder
    from taxonomy import Taxonomy

WEIGHTS = "model.safetensors"


def save_finetuned(
    model: SentenceTransformer,
    out: Path,
    base_folder: Path,
    *,
    tag: str,
    taxonomy: str,
    pair_counts: Mapping[str, int],
    config: FinetuneConfig,
    result: FinetuneResult | Mapping,
    dev_scores: Mapping[str, Mapping[str, float]] | None = None,
    interpolation: Mapping | None = None,
) -> ModelManifest:
    """Write ``model`` into ``out`` (created; must not exist) and return its manifest.

    ``tag`` names the run in the version (``<base version>+ft.<tag>``); ``result`` is the
    run's result or its recorded summary; ``interpolation`` records how the weights were mixed
    with the base's (:mod:`models.interpolation`).
    """
    base = ModelManifest.read(base_folder)
    if base is None:
        raise NotReadyError(f"the base model folder {base_folder} has no skillmatch manifest")
    if not tag or not tag.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise BadInputError(f"a tag is letters, digits, '-', '_' or '.', got {tag!r}")
    out = Path(out)
    if out.exists():
        raise BadInputError(f"{out} exists already; export into a new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        model.save(str(tmp))
        write_float16_weights(tmp / WEIGHTS)
        _keep_float32_config(tmp / "config.json")
        weights_sha256 = sha256_file(tmp / WEIGHTS)
        version = f"{base.version}+ft.{tag}"
        name = f"{base.name}-ft"
        manifest = ModelManifest(
            name=name,
            version=version,
            weights_sha256=weights_sha256,
            dim=base.dim,
            max_seq_length=base.max_seq_length,
            prompts=dict(base.prompts),
            files={},
            source={"base_model_id": base.model_id, "base": base.source, "taxonomy": taxonomy},
            build={
                "format": 1,
                "weights_dtype": "float16",
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "training": {
                    "pairs": dict(pair_counts),
                    "config": config.as_dict(),
                    "run": result.as_dict() if isinstance(result, FinetuneResult) else dict(result),
                    **({"interpolation": dict(interpolation)} if interpolation else {}),
                },
                "dev_scores": {k: dict(v) for k, v in (dev_scores or {}).items()},
            },
        )
        card = card_of(manifest, base.model_id, dev_scores)
        (tmp / "README.md").write_text(card, encoding="utf-8")
        manifest = _with_files(manifest, tmp)
        manifest.write(tmp)
        tmp.chmod(0o755)  # mkdtemp makes it private; a model folder is shareable data
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def card_of(
    manifest: ModelManifest,
    base_model_id: str,
    dev_scores: Mapping[str, Mapping[str, float]] | None,
) -> str:
    """The model card of a fine-tuned folder, from what its manifest records."""
    training = manifest.build.get("training", {})
    return render_card(
        name=manifest.name,
        model_id=manifest.model_id,
        base_model_id=base_model_id,
        taxonomy=manifest.source.get("taxonomy", "?"),
        pair_counts=training.get("pairs", {}),
        parameters=training.get("config", {}),
        run=training.get("run", {}),
        dev_scores=dev_scores,
        cosine_scale=manifest.cosine_scale,
    )


def set_cosine_scale(folder: Path, scale: float | None) -> ModelManifest:
    """Record a fine-tuned folder's cosine scale (:mod:`models.cosine_scale`); the model id
    changes with it, so caches and indexes of the unscaled vectors are never reused."""
    from dataclasses import replace

    manifest = _fine_tuned_manifest(folder)
    manifest = replace(manifest, cosine_scale=None if scale is None else round(float(scale), 4))
    return _rewrite(folder, manifest)


def record_dev_scores(folder: Path, dev_scores: Mapping[str, Mapping[str, float]]) -> ModelManifest:
    """Write development scores into a fine-tuned folder's manifest and model card.

    ``dev_scores`` maps a model name (e.g. base and fine-tuned) to metric → value. The weights
    and so the model id stay as they are.
    """
    from dataclasses import replace

    manifest = _fine_tuned_manifest(folder)
    scores = {k: dict(v) for k, v in dev_scores.items()}
    return _rewrite(folder, replace(manifest, build={**manifest.build, "dev_scores": scores}))


def _fine_tuned_manifest(folder: Path) -> ModelManifest:
    manifest = ModelManifest.read(folder)
    if manifest is None or "base_model_id" not in manifest.source:
        raise NotReadyError(f"{folder} is not a fine-tuned skillmatch model folder")
    return manifest


def _rewrite(folder: Path, manifest: ModelManifest) -> ModelManifest:
    """Write ``manifest`` and the card rendered from it into ``folder``."""
    scores = manifest.build.get("dev_scores") or None
    card = card_of(manifest, manifest.source["base_model_id"], scores)
    (folder / "README.md").write_text(card, encoding="utf-8")
    manifest = _with_files(manifest, folder)
    manifest.write(folder)
    return manifest


def write_float16_weights(path: Path) -> None:
    """Rewrite a safetensors file with its floating tensors in float16 (as provisioned).

    Written with sorted keys by ``safetensors.numpy``, as :mod:`models.model_delta` rewrites it,
    so a rebuilt file is byte-identical.
    """
    import numpy as np
    from safetensors.numpy import load_file, save_file

    tensors = load_file(str(path))
    half = {
        key: np.ascontiguousarray(t.astype(np.float16) if t.dtype.kind == "f" else t)
        for key, t in sorted(tensors.items())
    }
    save_file(half, str(path), metadata={"format": "pt"})


def _keep_float32_config(path: Path) -> None:
    """The weights are stored in float16 but loaded (and run) in float32, as the base model."""
    if path.is_file():
        config = json.loads(path.read_text(encoding="utf-8"))
        config["dtype"] = "float32"
        config.pop("torch_dtype", None)
        path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def _with_files(manifest: ModelManifest, folder: Path) -> ModelManifest:
    from dataclasses import replace

    return replace(manifest, files=folder_file_sizes(folder))


def calibrate(folder: Path, base: TextEncoder, taxonomy: Taxonomy) -> ModelManifest:
    """Fit and record the cosine scale that puts ``folder``'s cosines on ``base``'s scale
    (:mod:`models.cosine_scale`; taxonomy label pairs only)."""
    from models.cosine_scale import fit_cosine_scale
    from models.encoder import Encoder

    set_cosine_scale(folder, None)  # fit on the model's own cosines
    scale = fit_cosine_scale(taxonomy, base, Encoder.load(str(folder)))
    return set_cosine_scale(folder, scale)
