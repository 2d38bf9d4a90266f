"""``skillmatch occupations search``: the batch contract, through the real ``main()``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.api.cli_runner import run_cli
from tests.esco_fixture import OCCUPATION


def test_jsonl_gives_one_line_per_input_line_in_order(toy_env, tmp_path, monkeypatch, capsys):
    queries = ["winkelbediende", "", "kok", "stewardess (m/v)"]
    path = tmp_path / "titles.txt"
    path.write_text("\n".join(queries) + "\n", encoding="utf-8")
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "occupations",
        "search",
        "--input",
        str(path),
        "--top",
        "2",
        "--format",
        "jsonl",
        "--mode",
        "lexical",
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["query"] for r in rows] == queries
    assert rows[0]["results"][0]["uri"] == OCCUPATION["shop_assistant"].uri
    assert rows[1]["results"] == []
    assert all(len(r["results"]) <= 2 for r in rows)
    assert set(rows[2]["results"][0]) >= {"uri", "label", "lang", "score"}


def test_single_query_argument_prints_a_readable_list(toy_env, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "occupations", "search", "kok", "--mode", "lexical")
    assert code == 0
    assert "kok" in out and OCCUPATION["cook"].uri in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "/nonexistent/titles.txt"], "input file not found"),
        ([], "give a query"),
        (["kok", "--top", "0"], "top"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(toy_env, monkeypatch, capsys, args, message):
    code, out, err = run_cli(
        monkeypatch, capsys, "occupations", "search", "--mode", "lexical", *args
    )
    assert code != 0
    assert message in err
    assert out == ""


@pytest.mark.model
def test_real_cli_follows_the_contract_on_the_bundled_default(tmp_path):
    """The installed console script, the real model and the bundled taxonomy (as `make run`)."""
    path = tmp_path / "q.txt"
    path.write_text("verpleegkundige\nvrachtwagenchauffeur\nsoftware developer\n", encoding="utf-8")
    skillmatch = [sys.executable, "-c", "from api.cli import main; main()"]
    done = subprocess.run(
        [
            *skillmatch,
            "occupations",
            "search",
            "--input",
            str(path),
            "--top",
            "5",
            "--format",
            "jsonl",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["query"] for r in rows] == path.read_text().splitlines()
    labels = [r["results"][0]["label"].lower() for r in rows]
    assert "verpleegkundige" in labels[0]
    assert "vrachtwagen" in labels[1] or "chauffeur" in labels[1]
    assert "software" in labels[2] or "ontwikkelaar" in labels[2]
