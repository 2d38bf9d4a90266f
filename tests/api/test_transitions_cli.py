"""``skillmatch transitions`` and ``skillmatch gap``: the batch contract, options and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.api.cli_runner import run_cli
from tests.esco_fixture import OCCUPATION, SKILL
from tests.matcher.match_helpers import profile, vacancy

SHOP = OCCUPATION["shop_assistant"].uri
COOK = OCCUPATION["cook"].uri
NURSE = OCCUPATION["nurse"].uri
UNKNOWN = "http://data.europa.eu/esco/occupation/00000000-0000-0000-0000-000000000000"
EXAMPLE_CATALOGUE = (
    Path(__file__).resolve().parents[2] / "docs" / "examples" / "training_catalogue.example.csv"
)


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


# -- transitions ----------------------------------------------------------------------------------


def test_jsonl_gives_one_line_per_input_line_in_order(toy_env, monkeypatch, capsys):
    lines = ["winkelbediende", SHOP, "", "kok", UNKNOWN, SKILL["python"].uri, "stewardess"]
    path = write(toy_env / "in.txt", "\n".join(lines) + "\n")
    code, out, _ = run_cli(
        monkeypatch, capsys, "transitions", "--input", path, "--top", "3", "--format", "jsonl"
    )
    assert code == 0
    rows = jsonl(out)
    assert [r["occupation"] for r in rows] == lines
    for line, row in zip(lines, rows, strict=True):
        assert row["ranking"] == "skills-only"
        if line in ("", UNKNOWN, SKILL["python"].uri):
            assert row["source"] is None and row["results"] == []
            assert row["error"]["code"] in ("bad_input", "not_found")
            continue
        assert "error" not in row
        results = row["results"]
        assert 0 < len(results) <= 3
        assert row["source"]["uri"] not in {r["uri"] for r in results}
        scores = [r["score"] for r in results]
        assert scores == sorted(scores, reverse=True)
        for r in results:
            assert r["label"] and isinstance(r["missing_essential"], list)
            assert r["demand"] is None and r["score"] == r["feasibility"]
            assert all({"uri", "label", "type"} <= set(m) for m in r["missing_essential"])
            assert r["explanation"]
    assert rows[1]["source"] == {"uri": SHOP, "label": "winkelmedewerker", "resolved_by": "uri"}
    assert rows[0]["source"]["uri"] == SHOP and rows[0]["source"]["resolved_by"] == "search"
    assert rows[3]["source"]["uri"] == COOK


def test_a_single_occupation_argument_works(toy_env, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "transitions", COOK, "--format", "jsonl")
    assert code == 0
    [row] = jsonl(out)
    assert row["occupation"] == COOK and row["results"]


def test_a_single_unknown_occupation_is_a_one_line_error(toy_env, monkeypatch, capsys):
    code, out, err = run_cli(monkeypatch, capsys, "transitions", UNKNOWN, "--format", "jsonl")
    assert code == 3
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and UNKNOWN in err


def test_text_output_says_the_ranking_is_skills_only(toy_env, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "transitions", "kok", "--lang", "en")
    assert code == 0
    assert "skills only, no labour-market table" in out
    code, out, _ = run_cli(monkeypatch, capsys, "transitions", "kok")
    assert "alleen op vaardigheden" in out


def test_labour_market_table_and_kansrijk_filter(toy_env, monkeypatch, capsys):
    table = write(toy_env / "lm.csv", f"occupation,region,score\n{SHOP},,2\n{COOK},,1\n2221,,0\n")
    args = ["transitions", OCCUPATION["flight_attendant"].uri, "--format", "jsonl", "--top", "10"]
    code, out, _ = run_cli(monkeypatch, capsys, *args, "--labour-market", table)
    assert code == 0
    [row] = jsonl(out)
    assert row["ranking"] == "skills+labour-market"
    demand = {r["uri"]: r["demand"] for r in row["results"]}
    assert demand[SHOP] == 1.0 and demand[COOK] == 0.5
    code, out, _ = run_cli(monkeypatch, capsys, *args, "--labour-market", table, "--kansrijk-only")
    [row] = jsonl(out)
    assert row["results"] and all(r["kansrijk"] for r in row["results"])
    assert {r["uri"] for r in row["results"]} <= {SHOP, COOK}


@pytest.mark.parametrize(
    "extra",
    [
        ["--kansrijk-only"],
        ["--labour-market", "does-not-exist.csv"],
        ["--lang", "de"],
        ["--profile", "does-not-exist.json"],
    ],
)
def test_bad_options_exit_2_with_one_line(toy_env, monkeypatch, capsys, extra):
    args = ["transitions"] + ([] if "--profile" in extra else [COOK])
    code, out, err = run_cli(monkeypatch, capsys, *args, *extra)
    assert code == 2
    assert out == ""
    assert err.strip()


def test_a_bad_labour_market_file_is_rejected(toy_env, monkeypatch, capsys):
    table = write(toy_env / "lm.csv", "occupation,score\nkok,hoog\n")
    code, _, err = run_cli(monkeypatch, capsys, "transitions", COOK, "--labour-market", table)
    assert code == 2 and "labour-market" in err


def test_a_profile_is_a_source(toy_env, monkeypatch, capsys):
    person = profile("p1", "first_aid", "food_safety", current_occupations=[COOK])
    path = write(toy_env / "p.json", person.model_dump_json())
    code, out, _ = run_cli(
        monkeypatch, capsys, "transitions", "--profile", path, "--format", "jsonl"
    )
    assert code == 0
    [row] = jsonl(out)
    assert row["profile"] == path
    assert row["source"]["occupations"] == [COOK]
    assert row["results"] and COOK not in {r["uri"] for r in row["results"]}


def test_english_labels_and_explanations(toy_env, monkeypatch, capsys, toy_taxonomy):
    runs = {}
    for lang in ("nl", "en"):
        code, out, _ = run_cli(
            monkeypatch, capsys, "transitions", SHOP, "--format", "jsonl", "--lang", lang
        )
        assert code == 0
        runs[lang] = jsonl(out)[0]["results"]
    assert [r["uri"] for r in runs["nl"]] == [r["uri"] for r in runs["en"]]
    for nl, en in zip(runs["nl"], runs["en"], strict=True):
        assert en["label"] == toy_taxonomy.occupations[en["uri"]].label(("en",)).text
        assert nl["explanation"] != en["explanation"]


def test_argument_and_input_together_are_refused(toy_env, monkeypatch, capsys):
    path = write(toy_env / "in.txt", "kok\n")
    code, _, err = run_cli(monkeypatch, capsys, "transitions", "kok", "--input", path)
    assert code == 2 and "one of" in err


# -- gap ------------------------------------------------------------------------------------------


def test_gap_jsonl_with_a_catalogue(toy_env, monkeypatch, capsys):
    person = profile("p1", "listen_actively", "computer_literacy")
    path = write(toy_env / "p.json", person.model_dump_json())
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "gap",
        "--profile",
        path,
        "--occupation",
        NURSE,
        "--catalogue",
        str(EXAMPLE_CATALOGUE),
        "--format",
        "jsonl",
    )
    assert code == 0
    [row] = jsonl(out)
    assert row["profile"] == path and row["target"]["uri"] == NURSE
    missing = [m["uri"] for group in row["missing_essential"].values() for m in group]
    assert SKILL["nursing_principles"].uri in missing
    assert set(row["missing_essential"]) <= {"kennis", "vaardigheden", "soft skills"}
    closed = {s["uri"] for c in row["training"]["courses"] for s in c["closes"]}
    assert SKILL["nursing_principles"].uri in closed
    assert isinstance(row["te_maken"], bool)


def test_gap_for_a_vacancy_and_a_title(toy_env, monkeypatch, capsys):
    person = write(toy_env / "p.json", profile("p1", "first_aid").model_dump_json())
    job = vacancy("v1", ("first_aid", "read_maps"), title="Bezorger")
    job_path = write(toy_env / "v.json", job.model_dump_json())
    code, out, _ = run_cli(
        monkeypatch, capsys, "gap", "--profile", person, "--vacancy", job_path, "-f", "jsonl"
    )
    assert code == 0
    [row] = jsonl(out)
    assert row["target"] == {"kind": "vacancy", "id": "v1", "label": "Bezorger"}
    code, out, _ = run_cli(
        monkeypatch, capsys, "gap", "--profile", person, "--occupation", "verpleegkundige"
    )
    assert code == 0 and "algemeen verpleegkundige" in out


@pytest.mark.parametrize(
    "targets",
    [[], ["--occupation", NURSE, "--vacancy", "v.json"]],
)
def test_gap_needs_exactly_one_target(toy_env, monkeypatch, capsys, targets):
    person = write(toy_env / "p.json", profile("p1", "first_aid").model_dump_json())
    code, out, err = run_cli(monkeypatch, capsys, "gap", "--profile", person, *targets)
    assert code == 2 and out == "" and "one target" in err


def test_gap_with_a_broken_profile_file_exits_2(toy_env, monkeypatch, capsys):
    path = write(toy_env / "p.json", '{"skills": [{"uri": "not-a-uri"}]}')
    code, _, err = run_cli(monkeypatch, capsys, "gap", "--profile", path, "--occupation", NURSE)
    assert code == 2 and "p.json" in err
