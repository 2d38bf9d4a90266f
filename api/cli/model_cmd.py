"""``skillmatch model``: provision the embedding model and show which one is active."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import OutputFormat, ProgressReporter, emit_json, summary
from api.settings import active_model_file, get_settings
from models.encoder import Encoder
from models.manifest import ModelManifest
from models.provision import DEFAULT_MODEL_NAME, provision_default_model_status

app = typer.Typer(help="Het embeddingmodel / the embedding model.", no_args_is_help=True)


@app.command("provision")
def provision(
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Make the active model (SKILLMATCH_MODEL) ready to use; rebuilds the offline default once."""
    settings = get_settings()
    started = time.monotonic()
    reporter = ProgressReporter("rebuilding multilingual-e5-small", quiet=quiet, fmt=format)
    try:
        if settings.model.strip() == DEFAULT_MODEL_NAME:
            folder, rebuilt = provision_default_model_status(settings.cache_dir, reporter)
            encoder = Encoder.load(DEFAULT_MODEL_NAME, settings.cache_dir)
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
