"""Ship a fine-tuned model as a small delta over its base model folder.

A fine-tuned folder (word embeddings frozen, float16 weights) differs from its base only in the
encoder tensors and a few small files. :func:`make_delta` stores just those (the changed tensors
whole, in float16; tens of MB instead of hundreds) with the sha256 of the base weights, the
delta file and the resulting weights; :func:`apply_delta` rebuilds the exact fine-tuned folder on
top of the offline base at provisioning and refuses anything whose checksum does not match.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from models.manifest import MANIFEST_FILE, ModelManifest, sha256_file
from taxonomy.errors import BadInputError, NotReadyError

DELTA_FILE = "delta.safetensors"
DELTA_MANIFEST = "delta.json"
WEIGHTS = "model.safetensors"


@dataclass(frozen=True)
class DeltaManifest:
    """``delta.json``: what the delta applies to and what it must produce."""

    model_id: str
    base_model_id: str
    base_weights_sha256: str
    result_weights_sha256: str
    delta_sha256: str
    tensors: list[str]
    #: Small files of the fine-tuned folder that differ from the base (copied as they are).
    files: dict[str, str]

    @classmethod
    def read(cls, folder: Path) -> DeltaManifest:
        try:
            return cls(**json.loads((folder / DELTA_MANIFEST).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as err:
            raise NotReadyError(f"no readable {DELTA_MANIFEST} in {folder}: {err}") from err


def make_delta(base: Path, tuned: Path, out: Path) -> DeltaManifest:
    """Write the delta that turns ``base`` into ``tuned`` into the new folder ``out``."""
    from safetensors.numpy import load_file, save_file

    base_manifest, tuned_manifest = ModelManifest.read(base), ModelManifest.read(tuned)
    if base_manifest is None or tuned_manifest is None:
        raise NotReadyError("both folders need a skillmatch manifest")
    base_tensors, tuned_tensors = load_file(str(base / WEIGHTS)), load_file(str(tuned / WEIGHTS))
    if set(base_tensors) != set(tuned_tensors):
        raise BadInputError("the two models do not have the same tensors")
    changed = {
        key: tensor
        for key, tensor in sorted(tuned_tensors.items())
        if tensor.dtype != base_tensors[key].dtype
        or tensor.tobytes() != base_tensors[key].tobytes()  # bytes: -0.0 is not 0.0 here
    }
    out.mkdir(parents=True, exist_ok=False)
    save_file(changed, str(out / DELTA_FILE), metadata={"format": "pt"})
    files = {}
    for path in sorted(tuned.rglob("*")):
        rel = path.relative_to(tuned).as_posix()
        if not path.is_file() or rel == WEIGHTS:
            continue
        if not (base / rel).is_file() or sha256_file(base / rel) != sha256_file(path):
            (out / "files" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out / "files" / rel)
            files[rel] = sha256_file(path)
    delta = DeltaManifest(
        model_id=tuned_manifest.model_id,
        base_model_id=base_manifest.model_id,
        base_weights_sha256=sha256_file(base / WEIGHTS),
        result_weights_sha256=sha256_file(tuned / WEIGHTS),
        delta_sha256=sha256_file(out / DELTA_FILE),
        tensors=list(changed),
        files=files,
    )
    (out / DELTA_MANIFEST).write_text(json.dumps(asdict(delta), indent=2) + "\n", "utf-8")
    return delta


def apply_delta(base: Path, delta_dir: Path, out: Path) -> ModelManifest:
    """Build the fine-tuned folder ``out`` from ``base`` and the delta, verified by checksum."""
    from safetensors.numpy import load_file, save_file

    delta = DeltaManifest.read(delta_dir)
    if sha256_file(delta_dir / DELTA_FILE) != delta.delta_sha256:
        raise NotReadyError(f"{delta_dir / DELTA_FILE} does not match its recorded checksum")
    if sha256_file(base / WEIGHTS) != delta.base_weights_sha256:
        raise BadInputError(f"the delta applies to {delta.base_model_id}, not to {base}")
    for rel, digest in delta.files.items():
        if sha256_file(delta_dir / "files" / rel) != digest:
            raise NotReadyError(f"{rel} in {delta_dir} does not match its recorded checksum")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        shutil.copytree(base, tmp, dirs_exist_ok=True, ignore=shutil.ignore_patterns(WEIGHTS))
        tensors = load_file(str(base / WEIGHTS)) | load_file(str(delta_dir / DELTA_FILE))
        save_file(dict(sorted(tensors.items())), str(tmp / WEIGHTS), metadata={"format": "pt"})
        if sha256_file(tmp / WEIGHTS) != delta.result_weights_sha256:
            raise NotReadyError("the rebuilt weights do not match the recorded checksum")
        for rel in delta.files:
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(delta_dir / "files" / rel, tmp / rel)
        manifest = ModelManifest.read(tmp)
        if manifest is None or manifest.model_id != delta.model_id or not (tmp / MANIFEST_FILE):
            raise NotReadyError("the rebuilt folder has no manifest of the expected model")
        if not manifest.files_intact(tmp):
            raise NotReadyError("the rebuilt folder does not have the recorded files")
        tmp.chmod(0o755)  # mkdtemp makes it private; a model folder is shareable data
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest
