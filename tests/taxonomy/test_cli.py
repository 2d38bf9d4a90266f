"""``skillmatch taxonomy …`` through typer's CliRunner and through the real ``main()``."""

import json
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import api.cli
from api.cli import taxonomy_cmd
from api.settings import get_settings
from taxonomy.store import save_taxonomy
from tests.esco_fixture import (
    N_SKILLS,
    OCCUPATION,
    SKILL,
    write_dutch,
    write_english,
    write_relations,
    zip_folder,
)

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """Settings pointing at an empty data dir, no SKILLMATCH_TAXONOMY override."""
    monkeypatch.setenv("SKILLMATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SKILLMATCH_TAXONOMY", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


@pytest.fixture
def active_toy(toy_taxonomy, tmp_path, monkeypatch, data_dir) -> Path:
    """The toy taxonomy as the active one (through SKILLMATCH_TAXONOMY)."""
    folder = tmp_path / "toy"
    save_taxonomy(toy_taxonomy, folder)
    monkeypatch.setenv("SKILLMATCH_TAXONOMY", str(folder))
    get_settings.cache_clear()
    return folder


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run the real entry point (its error translation) with only the taxonomy commands."""
    root = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
    root.add_typer(taxonomy_cmd.app, name="taxonomy")
    monkeypatch.setattr(api.cli, "app", root)
    monkeypatch.setattr(api.cli, "_register", lambda: None)
    monkeypatch.setattr(sys, "argv", ["skillmatch", *args])
    code = 0
    try:
        api.cli.main()
    except SystemExit as done:
        code = done.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_writes_the_data_dir_and_stats_then_reads_it(data_dir, tmp_path):
    en = zip_folder(write_english(tmp_path / "en"), tmp_path / "esco-v1.2.0-en-csv.zip")
    nl = write_dutch(tmp_path / "ESCO dataset - v1.2.0 - nl", full=True)
    result = runner.invoke(taxonomy_cmd.app, ["import", "--esco", str(en), "--esco", str(nl)])
    assert result.exit_code == 0, result.output
    assert "it is now the active taxonomy" in result.stdout
    assert (data_dir / "taxonomy" / "manifest.json").is_file()

    result = runner.invoke(taxonomy_cmd.app, ["stats", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["path"] == str(data_dir / "taxonomy")
    assert stats["version"] == "esco-v1.2.0"
    assert stats["skills"] == N_SKILLS
    assert stats["label_coverage"]["skills"]["fraction"] == 1.0

    text = runner.invoke(taxonomy_cmd.app, ["stats"]).stdout
    assert f"skills          {N_SKILLS:>8,}" in text and "labels in 'nl'" in text


def test_import_jsonl_summary_reports_counts(data_dir, tmp_path):
    en, rel = write_english(tmp_path / "en"), write_relations(tmp_path / "rel")
    result = runner.invoke(
        taxonomy_cmd.app,
        ["import", "--esco", str(en), "--esco", str(rel), "--format", "jsonl", "--quiet"],
    )
    assert result.exit_code == 0 and result.stdout == ""  # --quiet: no summary
    result = runner.invoke(
        taxonomy_cmd.app, ["import", "--esco", str(en), "--esco", str(rel), "--format", "jsonl"]
    )
    done = json.loads(result.stdout.strip().splitlines()[-1])
    assert done["event"] == "done" and done["active"] is True and done["skills"] == N_SKILLS


def test_import_of_a_bad_path_exits_2_with_one_line(data_dir, tmp_path, monkeypatch, capsys):
    code, out, err = run_main(
        monkeypatch, capsys, "taxonomy", "import", "--esco", str(tmp_path / "nope.zip")
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("skillmatch: ESCO source not found")
    assert not (data_dir / "taxonomy").exists()


def test_show_occupation_lists_its_skills_with_type_and_label_language(active_toy):
    result = runner.invoke(taxonomy_cmd.app, ["show", OCCUPATION["shop_assistant"].uri])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "winkelmedewerker [nl]  (occupation)"
    assert "  essential skills (4):" in lines
    assert "    kennis        product comprehension [en]" in lines
    assert "    vaardigheden  operate cash register [en]" in lines
    assert "    [en] shop assistant  (preferred)" in lines


def test_show_skill_in_english_gives_type_and_occupations_needing_it(active_toy):
    uri = SKILL["food_safety"].uri
    result = runner.invoke(taxonomy_cmd.app, ["show", uri, "--lang", "en", "--format", "jsonl"])
    record = json.loads(result.stdout)
    assert record["kind"] == "skill" and record["type"] == "vaardigheden"
    assert record["label"] == {"text": "comply with food safety and hygiene", "lang": "en"}
    assert record["essential_for"]["count"] == 2
    assert [o["label"] for o in record["essential_for"]["examples"]] == ["cook", "flight attendant"]

    soft = runner.invoke(taxonomy_cmd.app, ["show", SKILL["customer_orientation"].uri]).stdout
    assert soft.splitlines()[0] == "ensure customer orientation [en]  (skill)"
    assert "  type: soft skills (ESCO: skill/competence, transversal)" in soft


def test_show_of_an_unknown_uri_exits_nonzero_with_one_line(active_toy, monkeypatch, capsys):
    uri = "http://data.europa.eu/esco/skill/no-such-skill"
    code, out, err = run_main(monkeypatch, capsys, "taxonomy", "show", uri)
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and uri in err


def test_build_command_writes_the_taxonomy_and_a_jsonl_summary(esco_reference_dir, tmp_path):
    out = tmp_path / "default"
    result = runner.invoke(
        taxonomy_cmd.app,
        ["build", "--esco-dir", str(esco_reference_dir), "--out", str(out), "--format", "jsonl"],
    )
    assert result.exit_code == 0, result.output
    done = json.loads(result.stdout.strip().splitlines()[-1])
    assert done["version"] == "esco-v1.1.1+nl-v1.2" and done["skills"] == N_SKILLS
    assert done["bytes"] > 0 and (out / "manifest.json").is_file()
    progress = [json.loads(line) for line in result.stderr.splitlines()]
    assert progress[-1]["done"] == progress[-1]["total"]
