"""The documented JSON schemas in docs/schema/ match the records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.records import Profile, Vacancy

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schema"


@pytest.mark.parametrize(("name", "model"), [("profile", Profile), ("vacancy", Vacancy)])
def test_committed_schema_is_current(name, model):
    committed = json.loads((DOCS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == model.model_json_schema(), f"regenerate docs/schema/{name}.schema.json"
