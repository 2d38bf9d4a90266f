"""The fine-tuned model this release ships: a committed delta over the offline default model.

``models/shipped/`` holds at most one delta folder (see :mod:`models.model_delta`: the changed
encoder tensors in float16 with checksums) and ``current.json`` naming it. At provisioning,
:func:`provision_shipped_model` rebuilds the base model offline, applies the delta and checks the
result's checksum, into ``<cache>/models/<SHIPPED_MODEL_NAME>-<12 hex of its weights>``; a second
call only reads the manifest. :func:`ship` is how an analyst replaces the shipped model
(notebook 04) after it won on the dev sets.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from filelock import FileLock

from models.manifest import ModelManifest
from models.model_delta import DeltaManifest, apply_delta, make_delta
from models.provision import DEFAULT_MODEL_NAME, ProgressCallback, provision_default_model
from taxonomy.errors import NotReadyError

SHIPPED_MODEL_NAME = "skillmatch-e5-small"
SHIPPED_DIR = Path(__file__).resolve().parent / "shipped"
POINTER = "current.json"


def shipped_delta(shipped_dir: Path = SHIPPED_DIR) -> Path | None:
    """The delta folder ``current.json`` names, or None when nothing is shipped."""
    try:
        name = json.loads((shipped_dir / POINTER).read_text(encoding="utf-8"))["delta"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise NotReadyError(f"{shipped_dir / POINTER} is not readable: {err}") from err
    folder = shipped_dir / name
    if not folder.is_dir():
        raise NotReadyError(f"{shipped_dir / POINTER} names {name}, which is not there")
    return folder


def default_model_ref(shipped_dir: Path = SHIPPED_DIR) -> str:
    """The model a fresh install serves: the shipped fine-tuned one if any, else the base."""
    return SHIPPED_MODEL_NAME if (shipped_dir / POINTER).is_file() else DEFAULT_MODEL_NAME


def ship(base: Path, tuned: Path, shipped_dir: Path = SHIPPED_DIR) -> DeltaManifest:
    """Make ``tuned`` (fine-tuned from ``base``) the shipped model, replacing the previous one."""
    manifest = ModelManifest.read(tuned)
    if manifest is None:
        raise NotReadyError(f"{tuned} has no skillmatch manifest")
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in manifest.version)
    shipped_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ship-", dir=shipped_dir))
    try:
        delta = make_delta(base, tuned, staging / name)
        for old in shipped_dir.iterdir():
            if old.is_dir() and old != staging:
                shutil.rmtree(old)
        os.replace(staging / name, shipped_dir / name)
        pointer = {"delta": name, "model_id": delta.model_id, "base_model_id": delta.base_model_id}
        tmp = shipped_dir / f".{POINTER}.tmp"
        tmp.write_text(json.dumps(pointer, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, shipped_dir / POINTER)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return delta


def provision_shipped_model(
    cache_dir: Path,
    progress: ProgressCallback | None = None,
    shipped_dir: Path = SHIPPED_DIR,
    base: Path | None = None,
) -> Path:
    """The folder of the shipped fine-tuned model, built from the base and the delta if needed.

    ``base`` is the base model folder; by default the offline default model (rebuilt if needed).
    """
    return provision_shipped_model_status(cache_dir, progress, shipped_dir, base)[0]


def provision_shipped_model_status(
    cache_dir: Path,
    progress: ProgressCallback | None = None,
    shipped_dir: Path = SHIPPED_DIR,
    base: Path | None = None,
) -> tuple[Path, bool]:
    """Like :func:`provision_shipped_model`, also telling whether it was (re)built."""
    delta_dir = shipped_delta(shipped_dir)
    if delta_dir is None:
        raise NotReadyError(f"no fine-tuned model is shipped ({shipped_dir / POINTER} is missing)")
    delta = DeltaManifest.read(delta_dir)
    out = Path(cache_dir) / "models" / f"{SHIPPED_MODEL_NAME}-{delta.result_weights_sha256[:12]}"
    if _is_built(out, delta):
        return out, False
    base = base or provision_default_model(Path(cache_dir), progress)
    out.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(out.parent / f".{out.name}.lock")):  # one builder at a time
        if _is_built(out, delta):  # built by another process meanwhile
            return out, False
        shutil.rmtree(out, ignore_errors=True)
        apply_delta(base, delta_dir, out)
    return out, True


def _is_built(folder: Path, delta: DeltaManifest) -> bool:
    manifest = ModelManifest.read(folder)
    return (
        manifest is not None
        and manifest.model_id == delta.model_id
        and manifest.weights_sha256 == delta.result_weights_sha256
        and manifest.files_intact(folder)
    )
