"""``skillmatch model use``: the chosen model becomes the active one unless the environment says
otherwise."""

from __future__ import annotations

from api.settings import Settings, active_model_file
from tests.api.cli_runner import run_cli


def test_model_use_makes_a_folder_the_active_model(toy_env, monkeypatch, capsys, tmp_path):
    folder = tmp_path / "my-finetuned-model"
    folder.mkdir()
    code, out, err = run_cli(monkeypatch, capsys, "model", "use", str(folder))
    assert code == 0, err
    assert "active model" in out
    data_dir = toy_env / "data"
    assert active_model_file(data_dir).read_text().strip() == str(folder.resolve())
    monkeypatch.delenv("SKILLMATCH_MODEL", raising=False)
    assert Settings(data_dir=data_dir).model == str(folder.resolve())
    monkeypatch.setenv("SKILLMATCH_MODEL", "multilingual-e5-small")
    assert Settings(data_dir=data_dir).model == "multilingual-e5-small"  # the environment wins
