"""WiSE-FT interpolation of a tiny fine-tuned BERT with its base (models/interpolation.py)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sentence_transformers")

from models.finetune import FinetuneConfig, load_trainable
from models.interpolation import interpolate
from models.manifest import ModelManifest
from models.training_pairs import PairOptions, build_training_pairs
from taxonomy.errors import BadInputError
from tests.models.tiny_model import write_tiny_finetuned

CONFIG = FinetuneConfig(epochs=2, batch_size=8, learning_rate=1e-2, warmup_ratio=0.0)


@pytest.fixture(scope="module")
def folders(tmp_path_factory, toy_taxonomy):
    """(base folder, fine-tuned folder) of one short run."""
    pairs = build_training_pairs(toy_taxonomy, PairOptions(skill_ratio=None))[:32]
    return write_tiny_finetuned(tmp_path_factory.mktemp("wise"), pairs, CONFIG, tag="toy")


def _weights(folder) -> dict[str, np.ndarray]:
    return {n: p.detach().numpy().copy() for n, p in load_trainable(folder).named_parameters()}


def test_the_mix_lies_between_base_and_tuned_weights(folders, tmp_path):
    base, tuned = folders
    before, after = _weights(base), _weights(tuned)
    changed = [n for n in before if not np.array_equal(before[n], after[n])]
    assert changed
    for alpha in (0.0, 0.5, 1.0):
        out = tmp_path / f"mix{alpha}"
        manifest = interpolate(base, tuned, alpha, out)
        mixed = _weights(out)
        for name in changed:  # weights are stored in float16
            expected = before[name] + alpha * (after[name] - before[name])
            np.testing.assert_allclose(mixed[name], expected, atol=2e-3, rtol=2e-3)
        training = manifest.build["training"]
        assert training["interpolation"]["alpha"] == alpha
        assert training["interpolation"]["tuned_model_id"] == ModelManifest.read(tuned).model_id
        assert manifest.version.endswith(f"+ft.toy.wise{round(alpha * 100)}")
    ids = {ModelManifest.read(tmp_path / f"mix{a}").model_id for a in (0.0, 0.5, 1.0)}
    assert len(ids) == 3


def test_layer_alphas_mix_single_encoder_layers_at_their_own_alpha(folders, tmp_path):
    base, tuned = folders
    before, after = _weights(base), _weights(tuned)
    manifest = interpolate(base, tuned, 0.5, tmp_path / "layers", {1: 1.0})
    mixed = _weights(tmp_path / "layers")
    layer_one = [n for n in before if ".encoder.layer.1." in n]
    changed = [n for n in before if not np.array_equal(before[n], after[n])]
    elsewhere = [n for n in changed if n not in layer_one]
    assert layer_one and elsewhere
    for name in layer_one:
        np.testing.assert_allclose(mixed[name], after[name], atol=2e-3, rtol=2e-3)
    for name in elsewhere:
        expected = before[name] + 0.5 * (after[name] - before[name])
        np.testing.assert_allclose(mixed[name], expected, atol=2e-3, rtol=2e-3)
    interpolation = manifest.build["training"]["interpolation"]
    assert interpolation["layer_alphas"] == {"1": 1.0}
    assert manifest.version.endswith("+ft.toy.wise50.l1x100")
    with pytest.raises(BadInputError, match="no encoder layer 7"):
        interpolate(base, tuned, 0.5, tmp_path / "seven", {7: 0.3})
    with pytest.raises(BadInputError, match="alpha"):
        interpolate(base, tuned, 0.5, tmp_path / "high", {1: 1.2})


def test_bad_alpha_a_foreign_base_or_an_existing_folder_is_refused(folders, tmp_path):
    base, tuned = folders
    with pytest.raises(BadInputError, match="alpha"):
        interpolate(base, tuned, 1.5, tmp_path / "a")
    with pytest.raises(BadInputError, match="not a fine-tuned model"):
        interpolate(base, base, 0.5, tmp_path / "b")
    with pytest.raises(BadInputError, match="fine-tuned from"):
        interpolate(tuned, tuned, 0.5, tmp_path / "c")
    (tmp_path / "d").mkdir()
    with pytest.raises(BadInputError, match="exists already"):
        interpolate(base, tuned, 0.5, tmp_path / "d")
