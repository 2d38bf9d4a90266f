"""A fine-tuned model's cosines put on its base's scale: the map, the fit, the recorded folder."""

from __future__ import annotations

import numpy as np
import pytest

from models.cosine_scale import apply_scale, calibration_pairs, fit_scale
from models.manifest import ModelManifest


def _unit_rows(n: int, dim: int, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_scaled_vectors_are_unit_length_and_their_dot_products_are_the_mapped_cosines():
    vectors = _unit_rows(20, 8)
    scaled = apply_scale(vectors, 0.4)
    assert scaled.shape == (20, 9) and scaled.dtype == np.float32
    assert np.allclose(np.linalg.norm(scaled, axis=1), 1.0, atol=1e-6)
    assert np.allclose(scaled @ scaled.T, 0.4 * (vectors @ vectors.T) + 0.6, atol=1e-6)
    assert np.allclose(apply_scale(vectors, 1.0)[:, :-1], vectors)


@pytest.mark.parametrize("scale", [0.0, -0.2, 1.5])
def test_a_scale_outside_zero_to_one_is_refused(scale):
    with pytest.raises(ValueError, match="cosine scale"):
        apply_scale(_unit_rows(2, 4), scale)


def test_the_fit_recovers_the_scale_that_maps_one_model_onto_the_other():
    tuned = np.random.default_rng(1).uniform(-0.2, 1.0, size=500)
    base = 0.35 * tuned + 0.65 + np.random.default_rng(2).normal(0, 0.01, size=500)
    assert fit_scale(base, tuned) == pytest.approx(0.35, abs=0.01)
    assert fit_scale(tuned, tuned) == pytest.approx(1.0)
    assert fit_scale(np.ones(3), np.ones(3)) == 1.0  # nothing to fit: leave cosines alone


def test_calibration_pairs_mix_unrelated_and_related_taxonomy_labels(toy_taxonomy):
    texts, pairs = calibration_pairs(toy_taxonomy, seed=3)
    assert len(set(texts)) == len(texts) and pairs
    assert all(0 <= i < len(texts) and 0 <= j < len(texts) and i != j for i, j in pairs)
    labels = {uri: c.labels for uri, c in toy_taxonomy.occupations.items()}
    alt_to_pref = {
        (alt, lab.preferred[lang])
        for lab in labels.values()
        for lang, alts in lab.alternative.items()
        for alt in alts
        if lang in lab.preferred
    }
    as_text = {(texts[i], texts[j]) for i, j in pairs}
    assert as_text & alt_to_pref, "alternative → preferred label pairs are part of the fit"
    assert calibration_pairs(toy_taxonomy, seed=3) == (texts, pairs)


def test_the_scale_is_part_of_the_model_id_and_of_the_vector_length():
    manifest = ModelManifest(
        name="m", version="1+ft.x", weights_sha256="ab" * 32, dim=384, max_seq_length=64,
        prompts={}, files={},
    )  # fmt: skip
    from dataclasses import replace

    scaled = replace(manifest, cosine_scale=0.4213)
    assert manifest.model_id == "1+ft.x@" + "ab" * 6 and manifest.output_dim == 384
    assert scaled.model_id == "1+ft.x+cs0.4213@" + "ab" * 6 and scaled.output_dim == 385
