"""``skillmatch skills``: the batch contract and document input, through the real ``main()``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.api.cli_runner import run_cli
from tests.document_files import make_docx, make_pdf
from tests.esco_fixture import SKILL

SKILL_NS = "http://data.europa.eu/esco/skill/"


LINES = [
    "Ervaring met Python en JavaScript.",
    "",
    "Wij bieden een goed salaris en een leaseauto.",
    "You debug software every day.",
]


def test_rank_jsonl_gives_one_line_per_input_line_in_order(toy_env, tmp_path, monkeypatch, capsys):
    path = tmp_path / "texts.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    code, out, _ = run_cli(
        monkeypatch, capsys, "skills", "rank", "--input", str(path), "--top", "3",
        "--format", "jsonl", "--lang", "en", "--quiet",
    )  # fmt: skip
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in rows] == LINES
    assert rows[1]["results"] == []
    for row in (rows[0], rows[2], rows[3]):
        assert len(row["results"]) == 3
        assert all(r["uri"].startswith(SKILL_NS) for r in row["results"])
        assert all(set(r) >= {"uri", "label", "type", "score"} for r in row["results"])
        scores = [r["score"] for r in row["results"]]
        assert scores == sorted(scores, reverse=True)
    assert rows[0]["results"][0]["label"] in {"Python (computer programming)", "JavaScript"}
    assert rows[3]["results"][0]["uri"] == SKILL["debug_software"].uri


def test_extract_jsonl_from_stdin_keeps_order_empty_lines_and_skips_benefits(
    toy_env, monkeypatch, capsys
):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(LINES) + "\n"))
    code, out, _ = run_cli(
        monkeypatch, capsys, "skills", "extract", "--input", "-", "--format", "jsonl", "-q"
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in rows] == LINES
    assert rows[1]["skills"] == [] and rows[2]["skills"] == []
    first = {s["uri"]: s for s in rows[0]["skills"]}
    python = first[SKILL["python"].uri]
    assert python["label"] == "Python (computerprogrammering)" and python["lang"] == "nl"
    assert python["type"] == "kennis"
    evidence = python["evidence"]
    assert LINES[0][evidence["start"] : evidence["end"]] == evidence["text"] == "Python"


@pytest.mark.parametrize("kind", ["pdf", "docx", "txt"])
def test_extract_reads_one_document(toy_env, tmp_path, monkeypatch, capsys, kind):
    lines = ["Profiel", "Ik programmeer in Python en JavaScript."]
    path = tmp_path / f"cv.{kind}"
    if kind == "pdf":
        path.write_bytes(make_pdf([lines]))
    elif kind == "docx":
        path.write_bytes(make_docx(lines))
    else:
        path.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run_cli(
        monkeypatch, capsys, "skills", "extract", "--file", str(path), "--format", "jsonl", "-q"
    )
    assert code == 0
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["format"] == kind
    uris = {s["uri"] for s in row["skills"]}
    assert {SKILL["python"].uri, SKILL["javascript"].uri} <= uris
    code, out, _ = run_cli(monkeypatch, capsys, "skills", "extract", "--file", str(path), "-q")
    assert code == 0 and "Python (computerprogrammering) [nl]" in out


def test_single_text_argument_prints_a_readable_list(toy_env, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "skills", "extract", "Ervaring met Python.", "-q")
    assert code == 0
    assert out.splitlines()[0] == "Ervaring met Python."
    assert "Python (computerprogrammering) [nl]" in out and '"Python"' in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "--file", "{tmp}/leeg.txt"], "leeg / the file is empty"),
        (["extract", "--file", "{tmp}/scan.pdf"], "no text layer"),
        (["extract", "--file", "{tmp}/missing.docx"], "not found"),
        (["extract"], "give a query"),
        (["rank", "Python", "--lang", "de"], "nl or en"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(
    toy_env, tmp_path, monkeypatch, capsys, args, message
):
    (tmp_path / "leeg.txt").write_bytes(b"")
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[]]))
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = run_cli(monkeypatch, capsys, "skills", *args)
    assert code != 0
    assert message in err
    assert out == ""
    assert len(err.strip().splitlines()) <= 3


@pytest.mark.model
def test_real_cli_follows_the_contract_on_the_bundled_default(tmp_path):
    """The real model and the bundled taxonomy, as `make run` uses them."""
    lines = [
        "Experience with Python and SQL databases is required.",
        "",
        "Je bent klantvriendelijk en kunt goed samenwerken in een team.",
    ]
    path = tmp_path / "q.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "skills", "rank",
         "--input", str(path), "--top", "20", "--format", "jsonl", "--lang", "en"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["text"] for r in rows] == lines
    assert rows[1]["results"] == []
    labels = [r["label"] for r in rows[0]["results"][:5]]
    assert "Python (computer programming)" in labels and "SQL" in labels
