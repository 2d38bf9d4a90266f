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
    from models.shipped import SHIPPED_MODEL_NAME

    settings = Settings()
    if settings.model not in (DEFAULT_MODEL_NAME, SHIPPED_MODEL_NAME):
        return None
    folders = sorted((settings.cache_dir / "models").glob(f"{settings.model}-*"))
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
    assert manifest.cosine_scale is not None and 0 < manifest.cosine_scale <= 1
    assert manifest.model_id in _outputs(notebook)
    assert manifest.build["training"]["run"]["steps"] > 0


def test_evaluate_notebook_scores_the_active_model(tmp_path):
    if _provisioned_model() is None:
        pytest.skip("the default model is not provisioned (run `make test` or `make run` first)")
    from tests.dev_fixture import write_toy_dev_sets

    env = {
        "SKILLMATCH_NB_DEV_DIR": str(write_toy_dev_sets(tmp_path / "dev")),
        "SKILLMATCH_NB_TRANSITION_SAMPLE": "20",
    }
    text = _outputs(_run("02_evaluate.ipynb", env, tmp_path))
    assert "skipped: nothing" in text
    for row in ("occupation_linking", "skill_ranking", "transitions", "melo_map", "rp@5"):
        assert row in text
    assert "multilingual-e5-small" in text


def test_export_notebook_compares_records_and_ships(tmp_path, toy_taxonomy):
    """The whole export path on a tiny model and the toy taxonomy (seconds, not hours)."""
    pytest.importorskip("sentence_transformers")
    from models.export import save_finetuned
    from models.finetune import FinetuneConfig, finetune, load_trainable
    from models.manifest import ModelManifest
    from models.training_pairs import build_training_pairs, count_by_kind
    from taxonomy.store import save_taxonomy
    from tests.dev_fixture import write_toy_dev_sets
    from tests.models.tiny_model import write_tiny_model

    pairs = build_training_pairs(toy_taxonomy)
    texts = [t for p in pairs for t in (p.anchor, p.positive)]
    for concept in [*toy_taxonomy.skills.values(), *toy_taxonomy.occupations.values()]:
        texts += [*concept.labels.preferred.values()]
        texts += [alt for alts in concept.labels.alternative.values() for alt in alts]
    write_tiny_model(tmp_path / "tiny", texts, float16=True)
    base = tmp_path / "tiny" / "base"
    config = FinetuneConfig(max_steps=3, batch_size=8)
    model = load_trainable(base)
    result = finetune(model, pairs, config)
    tuned = tmp_path / "runs" / "tiny-ft"
    save_finetuned(
        model,
        tuned,
        base,
        tag="nb",
        taxonomy=toy_taxonomy.version,
        pair_counts=count_by_kind(pairs),
        config=config,
        result=result,
    )
    save_taxonomy(toy_taxonomy, tmp_path / "taxonomy")
    env = {
        "SKILLMATCH_TAXONOMY": str(tmp_path / "taxonomy"),
        "SKILLMATCH_CACHE_DIR": str(tmp_path / "cache"),
        "SKILLMATCH_DATA_DIR": str(tmp_path / "data"),
        "SKILLMATCH_NB_BASE_MODEL": str(base),
        "SKILLMATCH_NB_MODEL": str(tuned),
        "SKILLMATCH_NB_DEV_DIR": str(write_toy_dev_sets(tmp_path / "dev")),
        "SKILLMATCH_NB_TRANSITION_SAMPLE": "5",
        "SKILLMATCH_NB_SHIP_TO": str(tmp_path / "shipped"),
        "SKILLMATCH_NB_SHIP": "always",
    }
    text = _outputs(_run("04_export.ipynb", env, tmp_path))
    manifest = ModelManifest.read(tuned)
    scores = manifest.build["dev_scores"]
    assert set(scores) == {"base", "fine-tuned"}
    assert "occupation_linking/melo_bel/embeddings/melo_map" in scores["fine-tuned"]
    assert "occupation_linking/melo_bel/embeddings/melo_map" in (tuned / "README.md").read_text()
    assert ("the fine-tuned model wins" in text) or ("no win:" in text)
    pointer = (tmp_path / "shipped" / "current.json").read_text()
    assert manifest.model_id in pointer and f"shipped {manifest.model_id}" in text
