"""Fixtures shared by all test folders (the toy ESCO taxonomy lives in tests/esco_fixture.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
