"""``skillmatch serve``: worker processes share the cores instead of each taking all of them,
and each runs a bounded number of requests at once."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from anyio import to_thread
from fastapi.testclient import TestClient

from api.cli.serve_cmd import THREAD_VARIABLES, share_cores
from api.settings import Settings
from tests.api.conftest import toy_app


@pytest.fixture
def clean_thread_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No thread variables set, four cores; the environment is restored afterwards."""
    saved = {name: os.environ.pop(name, None) for name in THREAD_VARIABLES}
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    yield
    for name, value in saved.items():
        os.environ.pop(name, None)
        if value is not None:
            os.environ[name] = value


@pytest.mark.usefixtures("clean_thread_env")
@pytest.mark.parametrize(("workers", "share"), [(1, 4), (2, 2), (3, 1), (8, 1)])
def test_each_worker_gets_its_share_of_the_cores(workers: int, share: int) -> None:
    assert share_cores(workers) == share
    assert {os.environ[name] for name in THREAD_VARIABLES} == {str(share)}


@pytest.mark.usefixtures("clean_thread_env")
def test_a_thread_count_the_user_set_is_kept() -> None:
    os.environ["OMP_NUM_THREADS"] = "3"  # the fixture restores it
    share_cores(2)
    assert os.environ["OMP_NUM_THREADS"] == "3"
    assert os.environ["OPENBLAS_NUM_THREADS"] == "2"


@pytest.mark.parametrize("threads", [1, 3])
def test_a_process_runs_at_most_worker_threads_requests_at_once(
    toy_taxonomy, tmp_path, threads: int
) -> None:
    settings = Settings(
        cache_dir=tmp_path / "cache", data_dir=tmp_path / "data", worker_threads=threads
    )
    app = toy_app(settings, toy_taxonomy)
    with TestClient(app) as client:
        limiter = client.portal.call(_thread_limiter)
        assert limiter.total_tokens == threads
        assert client.get("/health").status_code == 200


async def _thread_limiter():
    return to_thread.current_default_thread_limiter()
