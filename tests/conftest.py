"""Fixtures shared by all test folders (the toy ESCO taxonomy lives in tests/esco_fixture.py)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import esco_fixture


@pytest.fixture(scope="session")
def toy_taxonomy(tmp_path_factory: pytest.TempPathFactory):
    """A Taxonomy of a few dozen real ESCO concepts: English v1.1.1 + partial Dutch v1.2.

    Session-scoped: treat it as read-only.
    """
    return esco_fixture.toy_taxonomy(tmp_path_factory.mktemp("esco"))


@pytest.fixture
def esco_reference_dir(tmp_path: Path) -> Path:
    """A folder laid out like ../shared/data/esco (v1.1.1 zips + v1.2-nl CSVs), toy-sized."""
    return esco_fixture.write_reference_dir(tmp_path / "esco")


# -- databases: every store and service test runs on SQLite and on PostgreSQL -----------------


POSTGRES_URL = os.environ.get(
    "SKILLMATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_available() -> str | None:
    """None when the server answers, else the reason."""
    try:
        engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
        return None
    except Exception as err:  # any failure means: no server to test against
        return f"no PostgreSQL at {POSTGRES_URL}: {type(err).__name__}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """A fresh database per test: a SQLite file, or a schema of its own in PostgreSQL that is
    dropped afterwards. PostgreSQL tests are skipped without a server, unless
    ``SKILLMATCH_REQUIRE_POSTGRES=1`` (as in .ci/run), which makes them fail instead."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'service.db'}"
        return
    reason = _postgres_available()
    if reason is not None:
        if os.environ.get("SKILLMATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"SKILLMATCH_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    schema = f"sm_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
