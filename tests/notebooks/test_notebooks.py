"""The analyst notebooks run top to bottom with the small CI setting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="needs the notebooks extra (nbclient)")
nbclient = pytest.importorskip("nbclient", reason="needs the notebooks extra (nbclient)")
pytest.importorskip("matplotlib", reason="needs the notebooks extra (matplotlib)")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ROOT = NOTEBOOKS.parent


def _provisioned_model() -> Path | None:
    from api.settings import Settings
    from models.provision import DEFAULT_MODEL_NAME

    settings = Settings()
    if settings.model != DEFAULT_MODEL_NAME:
        return None
    folders = sorted((settings.cache_dir / "models").glob(f"{DEFAULT_MODEL_NAME}-*"))
    return folders[0] if folders else None


def _run(name: str, env: dict[str, str], tmp_path: Path):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    saved = dict(os.environ)
    os.environ.update({"MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT), **env})
    try:
        client = nbclient.NotebookClient(
            notebook, timeout=150, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
        )
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return notebook


def _outputs(notebook) -> str:
    return "\n".join(
        out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )


def test_taxonomy_notebook_shows_skills_of_an_occupation(tmp_path):
    notebook = _run("01_taxonomy.ipynb", {}, tmp_path)
    text = _outputs(notebook)
    assert "essential skills" in text and "dieetkok" in text


def test_finetune_notebook_exports_a_model_folder(tmp_path):
    if _provisioned_model() is None:
        pytest.skip("the default model is not provisioned (run `make test` or `make run` first)")
    env = {
        "SKILLMATCH_NB_TIME_BUDGET_S": "15",
        "SKILLMATCH_NB_MAX_PAIRS": "200",
        "SKILLMATCH_NB_TAG": "ci",
        "SKILLMATCH_NB_OUT": str(tmp_path),
    }
    notebook = _run("03_finetune.ipynb", env, tmp_path)
    from models.manifest import ModelManifest

    manifest = ModelManifest.read(tmp_path / "e5-small-ft-ci")
    assert manifest is not None and manifest.version.endswith("+ft.ci")
    assert manifest.model_id in _outputs(notebook)
    assert manifest.build["training"]["run"]["steps"] > 0
