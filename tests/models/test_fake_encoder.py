"""The deterministic fake encoder other test folders use instead of the real model."""

from __future__ import annotations

import numpy as np

from models.encoder import TextEncoder
from tests.fakes import FakeEncoder


def test_fake_encoder_satisfies_the_protocol():
    assert isinstance(FakeEncoder(), TextEncoder)


def test_fake_vectors_are_unit_float32_and_deterministic():
    a = FakeEncoder().encode(["verpleegkundige", "", "x"])
    b = FakeEncoder().encode(["verpleegkundige", "", "x"])
    assert a.shape == (3, 256) and a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-6)


def test_similar_strings_get_similar_fake_vectors():
    v = FakeEncoder().encode(["verpleegkundige", "verpleegkundig specialist", "timmerman"])
    assert v[0] @ v[1] > 0.5 > v[0] @ v[2]


def test_fake_encoder_counts_its_work():
    fake = FakeEncoder(dim=64)
    fake.encode(["a", "b"])
    assert (fake.calls, fake.texts_encoded, fake.model_id) == (1, 2, "fake-trigram-64")
