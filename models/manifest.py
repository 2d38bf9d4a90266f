"""``skillmatch_model.json``: what a model folder is, where it came from, and its checksums.

Every model folder skillmatch builds (the offline rebuild, later fine-tuned variants) carries one,
so any folder can be served, compared or cached against without guessing: ``model_id`` names the
exact weights, and a quick check (files present with their recorded sizes) catches a partial copy.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

MANIFEST_FILE = "skillmatch_model.json"
#: Weight files whose bytes define a model (hashed into its id).
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    """Hex sha256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class ModelManifest:
    """The contents of ``skillmatch_model.json``."""

    name: str
    version: str
    weights_sha256: str
    dim: int
    max_seq_length: int
    prompts: dict[str, str]
    #: Relative path → size in bytes of every file of the folder (the manifest excluded).
    files: dict[str, int]
    source: dict[str, Any] = field(default_factory=dict)
    build: dict[str, Any] = field(default_factory=dict)
    self_check: dict[str, Any] | None = None
    #: Fine-tuned models: cosines mapped onto the base's scale (:mod:`models.cosine_scale`).
    cosine_scale: float | None = None

    @property
    def model_id(self) -> str:
        """Stable, unique name of these weights: ``<version>@<first 12 hex of the weights sha>``
        (``<version>+cs<scale>@…`` when the cosines are rescaled: other vectors, other id)."""
        scaled = f"+cs{self.cosine_scale:.4f}" if self.cosine_scale is not None else ""
        return f"{self.version}{scaled}@{self.weights_sha256[:12]}"

    @property
    def output_dim(self) -> int:
        """Length of the vectors the encoder returns (one more when the cosines are rescaled)."""
        return self.dim + (1 if self.cosine_scale is not None else 0)

    # -- disk --------------------------------------------------------------------------------
    def write(self, folder: Path) -> Path:
        path = folder / MANIFEST_FILE
        data = {"model_id": self.model_id, **asdict(self)}
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path

    @classmethod
    def read(cls, folder: Path) -> ModelManifest | None:
        """The folder's manifest, or None when it has none or it cannot be parsed."""
        path = folder / MANIFEST_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            known = {f.name for f in fields(cls)}
            return cls(**{k: v for k, v in data.items() if k in known})  # newer keys ignored
        except (OSError, ValueError, TypeError, AttributeError):
            return None

    def files_intact(self, folder: Path) -> bool:
        """Quick check: every recorded file exists with its recorded size (no hashing)."""
        for rel, size in self.files.items():
            try:
                if (folder / rel).stat().st_size != size:
                    return False
            except OSError:
                return False
        return True

    def weights_intact(self, folder: Path) -> bool:
        """Deep check: the weights file hashes to the recorded sha256."""
        weights = weights_file(folder)
        return weights is not None and sha256_file(weights) == self.weights_sha256


def weights_file(folder: Path) -> Path | None:
    """The folder's weight file (safetensors preferred), or None."""
    for name in WEIGHT_FILES:
        if (folder / name).is_file():
            return folder / name
    return None


def folder_file_sizes(folder: Path) -> dict[str, int]:
    """Relative path → size of every file under ``folder`` except the manifest."""
    sizes = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST_FILE:
            sizes[path.relative_to(folder).as_posix()] = path.stat().st_size
    return sizes
