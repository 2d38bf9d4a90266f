"""A fine-tuned tiny model shipped as a delta and rebuilt on its base, byte for byte."""

from __future__ import annotations

import pytest

pytest.importorskip("sentence_transformers")

from models.finetune import FinetuneConfig
from models.manifest import ModelManifest, folder_file_sizes, sha256_file
from models.model_delta import DELTA_FILE, apply_delta, make_delta
from models.training_pairs import build_training_pairs
from taxonomy.errors import BadInputError, NotReadyError
from tests.models.tiny_model import write_tiny_finetuned


@pytest.fixture(scope="module")
def folders(tmp_path_factory, toy_taxonomy):
    """(float16 base folder, fine-tuned folder) of a tiny model."""
    pairs = build_training_pairs(toy_taxonomy)[:16]
    config = FinetuneConfig(max_steps=2, batch_size=8)
    root = tmp_path_factory.mktemp("delta")
    return write_tiny_finetuned(root, pairs, config, tag="t", float16=True)


def test_delta_holds_only_changed_encoder_tensors(folders, tmp_path):
    base, tuned = folders
    delta = make_delta(base, tuned, tmp_path / "delta")
    assert delta.tensors and all("word_embeddings" not in key for key in delta.tensors)
    assert (tmp_path / "delta" / DELTA_FILE).stat().st_size < (
        tuned / "model.safetensors"
    ).stat().st_size
    assert "skillmatch_model.json" in delta.files and "README.md" in delta.files


def test_applying_the_delta_rebuilds_the_fine_tuned_folder_exactly(folders, tmp_path):
    base, tuned = folders
    make_delta(base, tuned, tmp_path / "delta")
    manifest = apply_delta(base, tmp_path / "delta", tmp_path / "rebuilt")
    assert manifest == ModelManifest.read(tuned)
    assert manifest.weights_intact(tmp_path / "rebuilt")
    assert folder_file_sizes(tmp_path / "rebuilt") == folder_file_sizes(tuned)


def test_a_corrupt_delta_or_a_wrong_base_is_refused(folders, tmp_path):
    base, tuned = folders
    make_delta(base, tuned, tmp_path / "delta")
    with pytest.raises(BadInputError):
        apply_delta(tuned, tmp_path / "delta", tmp_path / "wrong-base")
    with (tmp_path / "delta" / DELTA_FILE).open("r+b") as fh:
        fh.seek(-4, 2)
        fh.write(b"\x00\x01\x02\x03")
    with pytest.raises(NotReadyError):
        apply_delta(base, tmp_path / "delta", tmp_path / "corrupt")
    assert not (tmp_path / "corrupt").exists() and not (tmp_path / "wrong-base").exists()


def test_shipping_replaces_the_delta_and_provisioning_rebuilds_the_model(folders, tmp_path):
    from models.shipped import POINTER, provision_shipped_model, ship, shipped_delta

    base, tuned = folders
    shipped = tmp_path / "shipped"
    cache = tmp_path / "cache"
    with pytest.raises(NotReadyError, match="no fine-tuned model is shipped"):
        provision_shipped_model(cache, shipped_dir=shipped, base=base)
    ship(base, base, shipped)  # an earlier "release" (an empty delta), then the real one
    delta = ship(base, tuned, shipped)
    assert [p.name for p in shipped.iterdir() if p.is_dir()] == [shipped_delta(shipped).name]
    assert delta.model_id == ModelManifest.read(tuned).model_id
    folder = provision_shipped_model(cache, shipped_dir=shipped, base=base)
    assert ModelManifest.read(folder).model_id == delta.model_id
    assert sha256_file(folder / "model.safetensors") == sha256_file(tuned / "model.safetensors")
    built_at = (folder / "model.safetensors").stat().st_mtime_ns
    assert provision_shipped_model(cache, shipped_dir=shipped, base=base) == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == built_at  # reused, not rebuilt
    (folder / "model.safetensors").write_bytes(b"damaged")
    assert provision_shipped_model(cache, shipped_dir=shipped, base=base) == folder
    assert sha256_file(folder / "model.safetensors") == delta.result_weights_sha256
    (shipped_delta(shipped) / DELTA_FILE).write_bytes(b"tampered")
    (folder / "README.md").unlink()
    with pytest.raises(NotReadyError, match="checksum"):
        provision_shipped_model(cache, shipped_dir=shipped, base=base)
    (shipped / POINTER).write_text('{"delta": "gone"}')
    with pytest.raises(NotReadyError, match="not there"):
        shipped_delta(shipped)


def test_the_default_model_is_the_shipped_one_when_there_is_one(folders, tmp_path):
    from models.provision import DEFAULT_MODEL_NAME
    from models.shipped import SHIPPED_MODEL_NAME, default_model_ref, ship

    base, tuned = folders
    assert default_model_ref(tmp_path / "nothing-shipped") == DEFAULT_MODEL_NAME
    ship(base, tuned, tmp_path / "shipped")
    assert default_model_ref(tmp_path / "shipped") == SHIPPED_MODEL_NAME
