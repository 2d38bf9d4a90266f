"""A SIGKILL in the middle of a bulk ingest leaves database and index consistent after restart,
and the interrupted job finishes with every item applied exactly once (a real subprocess)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from api.db.tables import job_items
from api.services.principal import Principal, Role
from tests.api.crash_worker import build_services

N_ITEMS = 400
ROOT = Path(__file__).resolve().parents[2]


def _done_items(database_url: str) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).where(job_items.c.status == "done")
            ).scalar_one()
    except sa.exc.SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def test_sigkill_during_ingest_leaves_database_and_index_consistent(tmp_path, database_url):
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.api.crash_worker", database_url, str(tmp_path), str(N_ITEMS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        job_id = worker.stdout.readline().strip()
        assert job_id, worker.stderr.read()
        deadline = time.monotonic() + 120
        while _done_items(database_url) < 30:  # well into the ingest, past some index saves
            assert worker.poll() is None, worker.stderr.read()
            assert time.monotonic() < deadline, "the worker made no progress"
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL
    done_at_kill = _done_items(database_url)
    assert 30 <= done_at_kill < N_ITEMS

    services = build_services(database_url, tmp_path)
    services.start(jobs=False)  # opening repairs the index against the database
    try:
        profiles = services.pools.profiles
        assert profiles.verify().ok
        assert profiles.store.count() == done_at_kill == len(profiles.index)
        services.jobs.run_pending()  # the restarted service resumes the job
        status = services.jobs.status(Principal("admin", Role.ADMIN), job_id)
        assert (status["status"], status["done"], status["failed"]) == ("done", N_ITEMS, 0)
        assert profiles.store.count() == N_ITEMS
        assert profiles.verify().ok
        record_ids = [item["record_id"] for item in status["items"]]
        assert len(set(record_ids)) == N_ITEMS  # every item once, none twice
    finally:
        services.stop()
