"""``skillmatch model``: provision the embedding model and show which one is active."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import OutputFormat, ProgressReporter, emit_json, summary
from api.runtime import Runtime
from api.settings import active_model_file, get_settings
from models.encoder import Encoder
from models.manifest import ModelManifest
from models.provision import DEFAULT_MODEL_NAME, provision_default_model_status
from models.shipped import SHIPPED_MODEL_NAME, provision_shipped_model_status
from taxonomy.errors import BadInputError

app = typer.Typer(help="Het embeddingmodel / the embedding model.", no_args_is_help=True)


@app.command("provision")
def provision(
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Make the active model (SKILLMATCH_MODEL) ready to use; rebuilds the offline default once
    (and applies the shipped fine-tuned delta to it when that is the active model)."""
    settings = get_settings()
    started = time.monotonic()
    reporter = ProgressReporter("rebuilding multilingual-e5-small", quiet=quiet, fmt=format)
    try:
        ref = settings.model.strip()
        if ref in (DEFAULT_MODEL_NAME, SHIPPED_MODEL_NAME):
            folder, rebuilt = provision_default_model_status(settings.cache_dir, reporter)
            if ref == SHIPPED_MODEL_NAME:  # the base above, then the delta applied to it
                folder, applied = provision_shipped_model_status(
                    settings.cache_dir, reporter, base=folder
                )
                rebuilt = rebuilt or applied
            encoder = Encoder.load(ref, settings.cache_dir)
        else:  # a folder or Hugging Face name: loading it is what makes it ready
            encoder = Encoder.load(settings.model, settings.cache_dir)
            folder, rebuilt = encoder.info.folder, False
    finally:
        reporter.close()
    state = "rebuilt" if rebuilt else "ready (reused)"
    summary(
        f"model {encoder.model_id} {state} in {folder or 'the Hugging Face cache'} "
        f"({time.monotonic() - started:.1f} s)",
        quiet=quiet,
        fmt=format,
        model_id=encoder.model_id,
        folder=str(folder) if folder else None,
        rebuilt=rebuilt,
        seconds=round(time.monotonic() - started, 3),
    )


@app.command("info")
def info(
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Show the active model: id, folder, dimension, version (provisions the default if needed)."""
    settings = get_settings()
    reporter = ProgressReporter("rebuilding multilingual-e5-small", quiet=False, fmt=format)
    try:
        encoder = Encoder.load(settings.model, settings.cache_dir, progress=reporter)
    finally:
        reporter.close()
    record = encoder.info.as_dict()
    manifest = ModelManifest.read(encoder.info.folder) if encoder.info.folder else None
    if manifest is not None:
        record["weights_sha256"] = manifest.weights_sha256
        record["weights_dtype"] = manifest.build.get("weights_dtype")
        record["self_check"] = manifest.self_check
    if format is OutputFormat.JSONL:
        emit_json(record)
        return
    width = max(len(key) for key in record)
    for key, value in record.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v!r}" for k, v in value.items()) or "-"
        print(f"{key:<{width}}  {value if value is not None else '-'}")


@app.command("use")
def use(
    model: Annotated[
        str,
        typer.Argument(help="A model folder, `multilingual-e5-small`, or a Hugging Face name."),
    ],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Make MODEL the active model of the CLI and the service (unless SKILLMATCH_MODEL is set).

    The model is loaded first, so a broken folder is refused. The service builds a new pool
    index for it from the database at its next start (one index folder per model id: vectors of
    two models never mix); label embeddings are computed once and cached under the model id.
    """
    settings = get_settings()
    ref = model.strip()
    path = Path(ref).expanduser()
    if path.is_dir():
        ref = str(path.resolve())
    encoder = Encoder.load(ref, settings.cache_dir)
    target = active_model_file(settings.data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(ref + "\n", encoding="utf-8")
    summary(
        f"active model: {encoder.model_id} ({ref}); restart the service to use it",
        quiet=False,
        fmt=format,
        model_id=encoder.model_id,
        ref=ref,
    )


@app.command("calibrate")
def calibrate_command(
    folder: Annotated[Path, typer.Argument(help="A fine-tuned model folder.")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Fit FOLDER's cosine scale against the active model on taxonomy label pairs.

    ``model finetune`` does this itself; use it for a folder fine-tuned without it. The model
    id changes with the scale, so nothing cached for the old id is reused.
    """
    from models.export import calibrate

    if not folder.is_dir():
        raise BadInputError(f"not a model folder: {folder}")
    runtime = Runtime(get_settings())
    manifest = calibrate(folder.resolve(), runtime.encoder, runtime.taxonomy)
    summary(
        f"cosine scale {manifest.cosine_scale} → {manifest.model_id}",
        quiet=quiet,
        fmt=format,
        model_id=manifest.model_id,
        cosine_scale=manifest.cosine_scale,
    )


@app.command("interpolate")
def interpolate_command(
    tuned: Annotated[Path, typer.Argument(help="A folder fine-tuned from the active model.")],
    alpha: Annotated[
        float, typer.Option("--alpha", min=0, max=1, help="1: the fine-tuned model, 0: the base.")
    ],
    out: Annotated[Path, typer.Option("--out", help="The new model folder (must not exist).")],
    layer_alpha: Annotated[
        list[str] | None,
        typer.Option(
            "--layer-alpha",
            help="LAYERS=A: encoder layers (6, or 6-8) mixed at A instead of --alpha (repeat).",
        ),
    ] = None,
    base_model: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="The model TUNED was fine-tuned from (default: the active model), "
            f"e.g. {DEFAULT_MODEL_NAME} when a fine-tuned model is the default.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Mix TUNED's weights with its base model's (base + alpha · (tuned − base), WiSE-FT),
    export the mix as a new folder and calibrate it."""
    from models.export import calibrate
    from models.interpolation import interpolate

    if not tuned.is_dir():
        raise BadInputError(f"not a model folder: {tuned}")
    layer_alphas = _layer_alphas(layer_alpha or [])
    settings = get_settings()
    if base_model is not None:
        settings = settings.model_copy(update={"model": base_model})
    runtime = Runtime(settings)
    base = runtime.encoder
    if base.info.folder is None:
        raise BadInputError("interpolation needs a model folder (not a remote model name)")
    tuned_manifest = ModelManifest.read(tuned)
    tuned_from = tuned_manifest.source.get("base_model_id") if tuned_manifest else None
    if tuned_from is not None and tuned_from != base.model_id:
        raise BadInputError(
            f"{tuned} was fine-tuned from {tuned_from}, not from the active model "
            f"{base.model_id}; name its base with --base (e.g. --base {DEFAULT_MODEL_NAME})"
        )
    interpolate(base.info.folder, tuned.resolve(), alpha, out, layer_alphas)
    manifest = calibrate(out, base, runtime.taxonomy)
    summary(
        f"interpolated {manifest.model_id} (alpha {alpha}) → {out}",
        quiet=quiet,
        fmt=format,
        model_id=manifest.model_id,
        folder=str(out),
        alpha=alpha,
        layer_alphas={str(k): v for k, v in layer_alphas.items()},
        cosine_scale=manifest.cosine_scale,
    )


def _layer_alphas(specs: list[str]) -> dict[int, float]:
    """``["6-8=0.3", "9=0.9"]`` → ``{6: 0.3, 7: 0.3, 8: 0.3, 9: 0.9}``."""
    out: dict[int, float] = {}
    for spec in specs:
        layers, _, value = spec.partition("=")
        first, _, last = layers.strip().partition("-")
        try:
            span = range(int(first), int(last or first) + 1)
            alpha = float(value)
        except ValueError:
            message = f"--layer-alpha takes LAYERS=A (6=0.3 or 6-8=0.3), got {spec!r}"
            raise BadInputError(message) from None
        if not span or not 0.0 <= alpha <= 1.0:
            raise BadInputError(f"--layer-alpha {spec!r}: an ascending layer range, A in [0, 1]")
        out.update(dict.fromkeys(span, alpha))
    return out


@app.command("finetune")
def finetune_command(
    out: Annotated[Path, typer.Option("--out", help="The new model folder (must not exist).")],
    time_budget: Annotated[
        float, typer.Option("--time-budget", help="Seconds of training (the full run: 3600).")
    ] = 3600,
    max_steps: Annotated[int | None, typer.Option("--max-steps")] = None,
    max_pairs_per_kind: Annotated[
        int | None, typer.Option("--max-pairs-per-kind", help="Cap per kind (default: none).")
    ] = None,
    skill_ratio: Annotated[
        float, typer.Option("--skill-ratio", help="Skill pairs kept per occupation pair.", min=0)
    ] = 0.5,
    kinds: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="A pair kind to train on (repeat; default: all of "
            "alt_label, translation, description, essential_skill).",
        ),
    ] = None,
    preserve: Annotated[
        float,
        typer.Option(
            "--preserve",
            min=0,
            help="Weight of the drift penalty (1 - cos to the starting model's embeddings).",
        ),
    ] = 0.0,
    preserve_skills: Annotated[
        int,
        typer.Option(
            "--preserve-skills",
            min=0,
            help="Measure the drift penalty on this many skill labels and phrases per step "
            "instead of on the batch texts.",
        ),
    ] = 0,
    frozen_layers: Annotated[
        int,
        typer.Option("--frozen-layers", min=0, help="Lower encoder layers kept as they are."),
    ] = 0,
    fragment_negatives: Annotated[
        float,
        typer.Option(
            "--fragment-negatives",
            min=0,
            max=1,
            help="Share of skill pairs whose hard negative is a generic fragment of the label.",
        ),
    ] = 0.0,
    batch_size: Annotated[int, typer.Option("--batch-size", min=2)] = 64,
    learning_rate: Annotated[float, typer.Option("--learning-rate", min=0)] = 3e-5,
    seed: Annotated[int, typer.Option("--seed")] = 13,
    tag: Annotated[str, typer.Option("--tag", help="Names the run in the model version.")] = (
        "taxonomy-pairs"
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Fine-tune the active model on pairs built from the taxonomy and export a model folder.

    The taxonomy alone provides the pairs (alt label → preferred label, nl ↔ en, description →
    label, occupation → essential skill); the dev sets are never read. Switch to the result with
    ``skillmatch model use OUT``.
    """
    from models.export import calibrate, save_finetuned
    from models.finetune import FinetuneConfig, finetune, load_trainable
    from models.training_pairs import (
        PairOptions,
        build_training_pairs,
        count_by_kind,
        count_fragment_negatives,
        skill_phrases,
    )

    if out.exists():
        raise BadInputError(f"{out} exists already; give a new folder")
    if preserve_skills and not preserve:
        raise BadInputError("--preserve-skills needs a drift penalty weight (--preserve W > 0)")
    started = time.monotonic()
    runtime = Runtime(get_settings())
    base, taxonomy = runtime.encoder, runtime.taxonomy
    if base.info.folder is None:
        raise BadInputError("fine-tuning needs a model folder (not a remote model name)")
    options = PairOptions(
        seed=seed,
        max_per_kind=max_pairs_per_kind,
        skill_ratio=skill_ratio,
        kinds=_pair_kinds(kinds),
        fragment_negatives=fragment_negatives,
    )
    pairs = build_training_pairs(taxonomy, options)
    config = FinetuneConfig(
        seed=seed,
        batch_size=batch_size,
        learning_rate=learning_rate,
        time_budget_s=time_budget,
        max_steps=max_steps,
        preserve=preserve,
        preserve_batch=preserve_skills,
        frozen_layers=frozen_layers,
    )
    model = load_trainable(base.info.folder)
    reporter = ProgressReporter("fine-tuning", quiet=quiet, fmt=format)
    try:
        result = finetune(
            model,
            pairs,
            config,
            progress=lambda step, total, _: reporter(step, total),
            preserve_pool=skill_phrases(taxonomy) if preserve_skills else None,
        )
    finally:
        reporter.close()
    manifest = save_finetuned(
        model,
        out,
        base.info.folder,
        tag=tag,
        taxonomy=taxonomy.version,
        pair_counts=count_by_kind(pairs),
        config=config,
        result=result.as_dict() | {"fragment_negatives": count_fragment_negatives(pairs)},
    )
    manifest = calibrate(out, base, taxonomy)
    run = result.as_dict()
    summary(
        f"fine-tuned {manifest.model_id}: {run['steps']} steps, {run['pairs_seen']} pairs, "
        f"loss {run['first_loss']} → {run['last_loss']}, stopped by {run['stopped_by']} "
        f"cosine scale {manifest.cosine_scale} ({time.monotonic() - started:.0f} s) → {out}",
        quiet=quiet,
        fmt=format,
        model_id=manifest.model_id,
        folder=str(out),
        cosine_scale=manifest.cosine_scale,
        **run,
    )


def _pair_kinds(names: list[str] | None) -> tuple:
    """The pair kinds named on the command line (all of them when none is)."""
    from models.training_pairs import PairKind

    if not names:
        return tuple(PairKind)
    known = {kind.value: kind for kind in PairKind}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise BadInputError(
            f"unknown pair kind {', '.join(unknown)}; choose from {', '.join(known)}"
        )
    return tuple(dict.fromkeys(known[name] for name in names))
