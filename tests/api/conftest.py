"""Fixtures of the API and CLI tests: the toy taxonomy and the fake encoder (no model, no
network)."""

from __future__ import annotations

from dataclasses import dataclass

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
    app = create_app(settings, runtime=runtime)
    with TestClient(app) as test_client:
        test_client.headers["X-API-Key"] = app.state.services.keys.create("analyst").token
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


# -- the service with its database (``database_url`` comes from tests/conftest.py) ----------


@dataclass
class ServiceEnv:
    """A running service on the toy taxonomy with one key per role."""

    client: TestClient
    services: object
    keys: dict[str, str]  # role name → key ("consultant", "other_consultant", ...)

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[who], **extra}


def service_settings(tmp_path, database_url: str, **overrides) -> Settings:
    return Settings(
        cache_dir=tmp_path / "cache",
        data_dir=tmp_path / "data",
        database_url=database_url,
        **overrides,
    )


def toy_app(settings: Settings, taxonomy, **options):
    """The app on ``taxonomy`` with the fake encoder, not warmed up (``options``: create_app's);
    two of them over one database and index folder act as two service processes."""
    runtime = Runtime(settings, taxonomy=taxonomy, encoder=FakeEncoder())
    return create_app(settings, runtime=runtime, warm_up=False, **options)


@pytest.fixture
def service(toy_taxonomy, tmp_path, database_url, monkeypatch) -> ServiceEnv:
    monkeypatch.setitem(skill_extraction.CALIBRATIONS, "fake-trigram", FAKE_CALIBRATION)
    settings = service_settings(tmp_path, database_url)
    runtime = Runtime(settings, taxonomy=toy_taxonomy, encoder=FakeEncoder())
    app = create_app(settings, runtime=runtime, warm_up=False)
    with TestClient(app) as test_client:
        services = app.state.services
        keys = services.keys
        tokens = {
            "admin": keys.create("admin").token,
            "consultant": keys.create("consultant", organisation="WSP Noord").token,
            "other_consultant": keys.create("consultant", organisation="WSP Zuid").token,
            "jobseeker": keys.create("jobseeker").token,
            "other_jobseeker": keys.create("jobseeker").token,
            "analyst": keys.create("analyst").token,
        }
        yield ServiceEnv(test_client, services, tokens)
