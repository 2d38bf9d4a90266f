"""Text → vector: the ``Encoder`` over sentence-transformers, and the ``TextEncoder`` protocol.

``Encoder.load(model_ref, cache_dir)`` accepts what ``SKILLMATCH_MODEL`` holds:

- ``multilingual-e5-small`` (the default): the offline rebuild, provisioned on first use;
- a model folder (sentence-transformers layout), e.g. a fine-tuned model;
- a Hugging Face model name such as ``intfloat/multilingual-e5-small`` (needs internet the first
  time; a model already in the Hugging Face cache loads offline). A failure raises
  ``NotReadyError`` with a one-line reason: there is never a silent fallback to another model.

Loading is cheap for the default model and for folders with a ``skillmatch_model.json``: the id,
dimension and prompts come from the manifest, and torch is imported and the weights read only at
the first ``encode`` — so a process that finds all its vectors in the embedding cache never pays
for it. Every vector is float32 and L2-normalised; similarity is a dot product.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable
from urllib.parse import urlparse

import numpy as np

from models.cosine_scale import apply_scale
from models.manifest import ModelManifest, sha256_file, weights_file
from models.provision import DEFAULT_MODEL_NAME, E5_PROMPTS, provision_default_model
from models.shipped import SHIPPED_MODEL_NAME, provision_shipped_model
from taxonomy.errors import BadInputError, NotFoundError, NotReadyError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

ProgressCallback = Callable[[int, int], None]

DEFAULT_BATCH_SIZE = 64
#: Threads torch uses when neither ``threads`` nor ``OMP_NUM_THREADS`` says otherwise.
MAX_DEFAULT_THREADS = 8
_E5_NAME = re.compile(r"(^|[/_-])e5([_-]|$)", re.IGNORECASE)


@runtime_checkable
class TextEncoder(Protocol):
    """What the rest of skillmatch needs of an embedding model (a fake one in unit tests)."""

    @property
    def model_id(self) -> str:
        """Stable name of the exact weights; two different models never share one."""
        ...

    @property
    def dim(self) -> int: ...

    def encode(
        self,
        texts: Sequence[str],
        *,
        prompt: str | None = "query",
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: ProgressCallback | None = None,
    ) -> np.ndarray:
        """float32 array of shape ``(len(texts), dim)``, rows L2-normalised."""
        ...


@dataclass(frozen=True)
class ModelInfo:
    """A resolved model reference."""

    ref: str
    model_id: str
    #: Where the model lives on disk (None for a Hugging Face model, which lives in its cache).
    folder: Path | None
    dim: int
    version: str
    #: Prompt name → prefix (``{"query": "query: ", ...}``); empty for models without prompts.
    prompts: dict[str, str] = field(default_factory=dict)
    #: ``provisioned`` | ``folder`` | ``huggingface``
    kind: str = "folder"
    #: Cosines put on the base model's scale (see :mod:`models.cosine_scale`); None: as they are.
    cosine_scale: float | None = None

    def as_dict(self) -> dict:
        return {
            "ref": self.ref,
            "model_id": self.model_id,
            "folder": str(self.folder) if self.folder else None,
            "dim": self.dim,
            "version": self.version,
            "prompts": self.prompts,
            "kind": self.kind,
            "cosine_scale": self.cosine_scale,
        }


class Encoder:
    """A sentence-transformers model behind the ``TextEncoder`` protocol.

    The constructor only stores its arguments; use :meth:`load` to resolve a model reference.
    """

    def __init__(self, info: ModelInfo, *, threads: int | None = None, model=None) -> None:
        self.info = info
        self.threads = threads
        self._model = model
        self._lock = threading.Lock()

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        model_ref: str = DEFAULT_MODEL_NAME,
        cache_dir: Path | None = None,
        progress: ProgressCallback | None = None,
        *,
        threads: int | None = None,
    ) -> Encoder:
        """Resolve ``model_ref`` (default name, folder or Hugging Face name) to an encoder.

        The default model is rebuilt into ``cache_dir`` when it is not there yet (``progress``
        reports that rebuild).
        """
        ref = (model_ref or DEFAULT_MODEL_NAME).strip()
        if ref in (DEFAULT_MODEL_NAME, SHIPPED_MODEL_NAME):
            if cache_dir is None:
                raise BadInputError(f"a cache_dir is needed to provision {ref}")
            provision = (
                provision_default_model if ref == DEFAULT_MODEL_NAME else provision_shipped_model
            )
            folder = provision(Path(cache_dir), progress)
            return cls(_info_from_folder(ref, folder, kind="provisioned"), threads=threads)
        path = Path(ref).expanduser()
        if path.is_dir():
            info = _info_from_folder(ref, path.resolve(), kind="folder")
            if info is not None:
                return cls(info, threads=threads)
            return _load_unmanifested_folder(cls, ref, path.resolve(), threads)
        if _looks_like_path(ref):
            raise NotFoundError(f"model folder not found: {ref}")
        return _load_hub_model(cls, ref, threads)

    # -- the protocol ------------------------------------------------------------------------
    @property
    def model_id(self) -> str:
        return self.info.model_id

    @property
    def dim(self) -> int:
        return self.info.dim

    def encode(
        self,
        texts: Sequence[str],
        *,
        prompt: str | None = "query",
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: ProgressCallback | None = None,
    ) -> np.ndarray:
        """Embed ``texts`` (leading/trailing whitespace ignored) with the named prompt.

        ``prompt`` is a prompt name of the model (``query``, ``passage``) or None. For a model
        without any prompts the name is ignored. Texts are batched longest first, which keeps
        padding small; ``progress(done, total)`` counts texts. Inputs longer than the model's
        maximum (512 tokens for e5) are truncated.
        """
        if isinstance(texts, str):
            raise BadInputError("encode takes a sequence of texts, not a single string")
        if batch_size < 1:
            raise BadInputError("batch_size must be at least 1")
        prefix = self.prompt_prefix(prompt)
        n = len(texts)
        scale = self.info.cosine_scale
        out = np.zeros((n, self.dim - (scale is not None)), dtype=np.float32)
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        inputs = []
        for text in texts:
            if not isinstance(text, str):
                raise BadInputError(f"texts must be strings, got {type(text).__name__}")
            inputs.append(prefix + text.strip())
        model = self.sentence_transformer()
        order = sorted(range(n), key=lambda i: -len(inputs[i]))
        if progress:
            progress(0, n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            vectors = model.encode(
                [inputs[i] for i in idx],
                batch_size=batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
            out[idx] = vectors
            if progress:
                progress(min(start + batch_size, n), n)
        return out if scale is None else apply_scale(out, scale)

    # -- helpers -----------------------------------------------------------------------------
    def prompt_prefix(self, prompt: str | None) -> str:
        """The text put before each input for ``prompt`` (a prompt name or None)."""
        if prompt is None or not self.info.prompts:
            return ""
        if prompt not in self.info.prompts:
            raise BadInputError(
                f"model {self.model_id} has no prompt {prompt!r} "
                f"(it has {', '.join(sorted(self.info.prompts))})"
            )
        return self.info.prompts[prompt]

    @property
    def is_loaded(self) -> bool:
        return self._model is not None

    def sentence_transformer(self) -> SentenceTransformer:
        """The underlying model, loaded on first use (thread-safe)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = _load_folder_model(self.info.folder, self.threads)
        return self._model

    def __repr__(self) -> str:
        state = "loaded" if self.is_loaded else "not loaded"
        return f"Encoder({self.model_id!r}, dim={self.dim}, {state})"


# -- resolution helpers --------------------------------------------------------------------------
def _looks_like_path(ref: str) -> bool:
    """Hugging Face names are ``name`` or ``org/name``; anything else with slashes is a path."""
    return ref.startswith(("/", "./", "../", "~")) or ref.endswith("/") or ref.count("/") > 1


def _info_from_folder(ref: str, folder: Path, *, kind: str) -> ModelInfo | None:
    manifest = ModelManifest.read(folder)
    if manifest is None:
        if kind == "provisioned":  # provisioning just checked it; only a race could get here
            raise NotReadyError(f"the provisioned model in {folder} has no readable manifest")
        return None
    return ModelInfo(
        ref=ref,
        model_id=manifest.model_id,
        folder=folder,
        dim=manifest.output_dim,
        version=manifest.version,
        prompts=dict(manifest.prompts),
        kind=kind,
        cosine_scale=manifest.cosine_scale,
    )


@contextlib.contextmanager
def quiet_hf_progress() -> Iterator[None]:
    """Silence transformers' own "Loading weights" bars (progress is the caller's business) and
    its load report, which lists the BERT pooler as missing from every fine-tuned folder: mean
    pooling never uses it."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    verbosity = hf_logging.get_verbosity()
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if was_enabled:
            hf_logging.enable_progress_bar()


def available_cores() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def configure_torch_threads(threads: int | None) -> None:
    """Use ``threads`` torch threads; by default the CPUs this process may run on (at most 8),
    unless ``OMP_NUM_THREADS`` is set, which torch then already follows."""
    import torch

    if threads is None:
        if os.environ.get("OMP_NUM_THREADS"):
            return
        threads = min(available_cores(), MAX_DEFAULT_THREADS)
    torch.set_num_threads(max(1, threads))


def _load_folder_model(folder: Path | None, threads: int | None):
    if folder is None:
        raise NotReadyError("the model has no local folder to load")
    configure_torch_threads(threads)
    from sentence_transformers import SentenceTransformer

    try:
        with quiet_hf_progress():
            model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    except (OSError, ValueError) as err:
        raise NotReadyError(f"cannot load the model in {folder}: {_one_line(err)}") from err
    model.eval()
    return model


def _load_unmanifested_folder(cls, ref: str, folder: Path, threads: int | None) -> Encoder:
    """A folder skillmatch did not build: load it now to learn its dimension and prompts."""
    model = _load_folder_model(folder, threads)
    weights = weights_file(folder)
    digest = sha256_file(weights) if weights else _config_digest(folder)
    info = ModelInfo(
        ref=ref,
        model_id=f"folder:{folder.name}@{digest[:12]}",
        folder=folder,
        dim=_dimension(model),
        version=folder.name,
        prompts=_prompts(model, folder.name),
        kind="folder",
    )
    return cls(info, threads=threads, model=model)


def _config_digest(folder: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.json")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _offline() -> bool:
    return any(
        os.environ.get(var, "").strip().lower() in {"1", "true", "yes", "on"}
        for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def _hub_commit(name: str) -> str | None:
    """The commit of ``name`` in the local Hugging Face cache, if it is there."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    for filename in ("modules.json", "config.json"):
        hit = try_to_load_from_cache(name, filename)
        if isinstance(hit, str):
            return Path(hit).parent.name
    return None


def _hub_reachable(timeout: float = 3.0) -> bool:
    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((endpoint.hostname or "huggingface.co", port), timeout):
            return True
    except OSError:
        return False


def _load_hub_model(cls, name: str, threads: int | None) -> Encoder:
    cached = _hub_commit(name) is not None
    offline = _offline()
    if not cached and offline:
        raise NotReadyError(
            f"Hugging Face model {name!r} is not in the local cache and HF_HUB_OFFLINE is set"
        )
    if not cached and not _hub_reachable():
        raise NotReadyError(
            f"cannot download Hugging Face model {name!r}: huggingface.co is unreachable "
            f"(use SKILLMATCH_MODEL={DEFAULT_MODEL_NAME} for the offline model)"
        )
    configure_torch_threads(threads)
    from sentence_transformers import SentenceTransformer

    try:
        # a cached model loads without touching the network (and stays at its cached revision)
        with quiet_hf_progress():
            model = SentenceTransformer(name, device="cpu", local_files_only=cached or offline)
    except Exception as err:  # many failure types (HTTP, missing files, bad config) → one error
        raise NotReadyError(f"cannot load Hugging Face model {name!r}: {_one_line(err)}") from err
    model.eval()
    commit = _hub_commit(name) or "unknown"
    info = ModelInfo(
        ref=name,
        model_id=f"hf:{name}@{commit[:12]}",
        folder=None,
        dim=_dimension(model),
        version=f"{name}@{commit}",
        prompts=_prompts(model, name),
        kind="huggingface",
    )
    return cls(info, threads=threads, model=model)


def _dimension(model) -> int:
    getter = (
        getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    )
    dim = getter()
    if not dim:
        raise NotReadyError("the model does not declare its embedding dimension")
    return int(dim)


def _prompts(model, name: str) -> dict[str, str]:
    """The model's own prompts; e5 models without them get e5's ``query: ``/``passage: ``."""
    prompts = {k: v for k, v in (getattr(model, "prompts", None) or {}).items() if v}
    if not prompts and _E5_NAME.search(name):
        prompts = dict(E5_PROMPTS)
    return prompts


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return (text[:300] + "…") if len(text) > 300 else text or type(err).__name__


def describe(info: ModelInfo) -> str:
    """One line for humans: id, dimension and where it lives."""
    where = info.folder or "Hugging Face cache"
    return f"{info.model_id} ({info.dim}-d, {info.kind}) at {where}"


__all__ = [
    "DEFAULT_BATCH_SIZE",
    "Encoder",
    "ModelInfo",
    "TextEncoder",
    "available_cores",
    "configure_torch_threads",
    "describe",
]
