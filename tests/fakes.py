"""Test doubles shared by the test folders."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence

import numpy as np


class FakeEncoder:
    """A deterministic ``TextEncoder``: hashed character trigrams, L2-normalised.

    Strings that share trigrams get similar vectors ("verpleegkundige" is near
    "verpleegkundig specialist", far from "timmerman"), with no model and no randomness: the same
    text gives the same vector in every process. The prompt is accepted and ignored (a shared
    prefix would only pull every vector together). ``calls`` and ``texts_encoded`` let a test see
    whether a cache was used. Satisfies ``models.encoder.TextEncoder`` (see
    tests/models/test_fake_encoder.py).
    """

    def __init__(self, dim: int = 256, *, name: str = "fake-trigram") -> None:
        self._dim = dim
        self.name = name
        self.calls = 0
        self.texts_encoded = 0

    @property
    def model_id(self) -> str:
        return f"{self.name}-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def vector(self, text: str) -> np.ndarray:
        padded = f"  {' '.join(text.lower().split())} "
        vec = np.zeros(self._dim, dtype=np.float32)
        for i in range(len(padded) - 2):
            h = zlib.crc32(padded[i : i + 3].encode("utf-8"))
            vec[h % self._dim] += 1.0 if (h >> 16) & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:  # every trigram cancelled out: fall back to a fixed unit vector
            vec[0] = 1.0
            return vec
        return vec / norm

    def encode(
        self,
        texts: Sequence[str],
        *,
        prompt: str | None = "query",
        batch_size: int = 64,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.vector(text)
            if progress and ((i + 1) % batch_size == 0 or i + 1 == len(texts)):
                progress(i + 1, len(texts))
        return out
