"""An API client on the toy taxonomy with the fake encoder (no model, no network)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.runtime import Runtime
from api.settings import Settings
from tests.fakes import FakeEncoder


@pytest.fixture
def client(toy_taxonomy, tmp_path) -> TestClient:
    settings = Settings(cache_dir=tmp_path / "cache", data_dir=tmp_path / "data")
    runtime = Runtime(settings, taxonomy=toy_taxonomy, encoder=FakeEncoder())
    with TestClient(create_app(runtime=runtime)) as test_client:
        yield test_client
