"""Fixtures of the API and CLI tests: the toy taxonomy and the fake encoder (no model, no
network)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.runtime import Runtime
from api.settings import Settings, get_settings
from matcher.skills import extraction as skill_extraction
from models.encoder import Encoder
from taxonomy.store import save_taxonomy
from tests.fakes import FakeEncoder
from tests.matcher.skill_helpers import FAKE_CALIBRATION


@pytest.fixture
def client(toy_taxonomy, tmp_path) -> TestClient:
    settings = Settings(cache_dir=tmp_path / "cache", data_dir=tmp_path / "data")
    runtime = Runtime(settings, taxonomy=toy_taxonomy, encoder=FakeEncoder())
    with TestClient(create_app(runtime=runtime)) as test_client:
        yield test_client


@pytest.fixture
def toy_env(toy_taxonomy, tmp_path, monkeypatch):
    """The real CLI on the toy taxonomy, with the fake encoder (and its score calibration) and
    cache and data folders of this test only; yields the test's tmp_path."""
    folder = tmp_path / "toy-taxonomy"
    save_taxonomy(toy_taxonomy, folder)
    monkeypatch.setenv("SKILLMATCH_TAXONOMY", str(folder))
    monkeypatch.setenv("SKILLMATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SKILLMATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(Encoder, "load", staticmethod(lambda *args, **kwargs: FakeEncoder()))
    monkeypatch.setitem(skill_extraction.CALIBRATIONS, "fake-trigram", FAKE_CALIBRATION)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
