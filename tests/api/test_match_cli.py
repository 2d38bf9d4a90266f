"""``skillmatch match``: the batch contract, both directions, the stored pool, one-line errors."""

from __future__ import annotations

import json

import pytest

from api.cli.stored_pools import record_store
from api.settings import get_settings
from matcher.records import Profile, Vacancy
from tests.api.cli_runner import run_cli
from tests.esco_fixture import OCCUPATION
from tests.matcher.match_helpers import profile, vacancy

KEYS = ("cook", "nurse", "truck_driver", "software_developer")


def occupation_vacancy(key: str, **fields) -> Vacancy:
    occ = OCCUPATION[key]
    return vacancy(f"v-{key}", occ.essential, occ.optional, title=occ.en, **fields)


def occupation_profile(key: str, **fields) -> Profile:
    return profile(f"p-{key}", *OCCUPATION[key].essential, **fields)


def write_jsonl(path, records) -> str:
    path.write_text(
        "".join(r.model_dump_json(exclude_none=True) + "\n" for r in records), encoding="utf-8"
    )
    return str(path)


@pytest.fixture
def profile_pool(toy_env) -> str:
    people = [occupation_profile(k, hours_per_week=36) for k in KEYS]
    people.append(profile("p-cook-part-time", *OCCUPATION["cook"].essential, hours_per_week=16))
    return write_jsonl(toy_env / "profiles.jsonl", people)


def test_batch_jsonl_gives_one_line_per_input_line_in_order(
    toy_env, profile_pool, monkeypatch, capsys
):
    queries = toy_env / "vacancies.jsonl"
    lines = [occupation_vacancy(k).model_dump_json() for k in ("nurse", "cook")]
    queries.write_text(f"{lines[0]}\n\n{lines[1]}\n", encoding="utf-8")
    code, out, err = run_cli(
        monkeypatch, capsys, "match", "vacancy", "--input", str(queries),
        "--pool", profile_pool, "--top", "2", "--format", "jsonl",
    )  # fmt: skip
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["v-nurse", None, "v-cook"]
    assert rows[0]["title"] == OCCUPATION["nurse"].en
    assert rows[1]["results"] == []
    assert all(len(r["results"]) <= 2 for r in rows)
    assert rows[0]["results"][0]["id"] == "p-nurse"
    first = rows[2]["results"][0]
    assert first["id"] in {"p-cook", "p-cook-part-time"}
    assert {"id", "score", "te_maken", "matched", "missing_essential", "missing_optional"} <= set(
        first
    )
    assert {m["kind"] for m in first["matched"]} == {"exact"}


def test_hard_filters_apply_in_the_cli(toy_env, profile_pool, monkeypatch, capsys):
    job = toy_env / "cook.json"
    job.write_text(occupation_vacancy("cook", hours_per_week_min=32).model_dump_json())
    code, out, _ = run_cli(
        monkeypatch, capsys, "match", "vacancy", str(job), "--pool", profile_pool,
        "--top", "10", "--format", "jsonl",
    )  # fmt: skip
    assert code == 0
    (row,) = [json.loads(line) for line in out.splitlines()]
    ids = [r["id"] for r in row["results"]]
    assert "p-cook-part-time" not in ids and ids[0] == "p-cook"
    assert row["total"] == len(KEYS) and row["excluded"] == {"hours": 1}


def test_candidate_direction_from_a_file(toy_env, monkeypatch, capsys):
    pool = write_jsonl(toy_env / "vacancies.jsonl", [occupation_vacancy(k) for k in KEYS])
    me = toy_env / "me.json"
    me.write_text(occupation_profile("truck_driver").model_dump_json())
    code, out, _ = run_cli(
        monkeypatch, capsys, "match", "candidate", str(me), "--pool", pool, "--format", "jsonl"
    )
    assert code == 0
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["id"] == "p-truck_driver" and "title" not in row
    assert row["results"][0]["id"] == "v-truck_driver"
    assert row["results"][0]["title"] == OCCUPATION["truck_driver"].en
    assert len(row["results"]) == len(KEYS)


def test_text_output_shows_rank_score_and_summary(toy_env, profile_pool, monkeypatch, capsys):
    job = toy_env / "nurse.json"
    job.write_text(occupation_vacancy("nurse").model_dump_json())
    code, out, _ = run_cli(
        monkeypatch, capsys, "match", "vacancy", str(job), "--pool", profile_pool
    )
    assert code == 0
    assert "v-nurse" in out and "p-nurse" in out
    assert "Dekt" in out  # the Dutch summary
    code, out, _ = run_cli(
        monkeypatch, capsys, "match", "vacancy", str(job), "--pool", profile_pool, "--lang", "en"
    )
    assert "Covers" in out


def test_stored_records_are_matched_by_id_against_the_stored_pool(toy_env, monkeypatch, capsys):
    settings = get_settings()  # the test's data folder: the CLI's database
    record_store(settings, Profile).import_json(
        json.dumps([occupation_profile(k).model_dump(mode="json") for k in KEYS])
    )
    record_store(settings, Vacancy).import_json(
        json.dumps([occupation_vacancy(k).model_dump(mode="json") for k in KEYS])
    )
    code, out, err = run_cli(
        monkeypatch, capsys, "match", "vacancy", "v-cook", "--format", "jsonl", "--top", "2"
    )
    assert code == 0, err
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["id"] == "v-cook" and row["results"][0]["id"] == "p-cook"
    assert row["total"] == len(KEYS)
    code, out, err = run_cli(monkeypatch, capsys, "match", "candidate", "p-nurse", "-f", "jsonl")
    assert code == 0, err
    assert json.loads(out)["results"][0]["id"] == "v-nurse"


def test_no_stored_pool_is_named(toy_env, monkeypatch, capsys):
    job = toy_env / "cook.json"
    job.write_text(occupation_vacancy("cook").model_dump_json())
    code, out, err = run_cli(monkeypatch, capsys, "match", "vacancy", str(job))
    assert code == 3 and out == ""
    assert "no stored pool" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": "v1", "title": "kok"}', '{"id": "v2", "title": '], "line 2: not valid JSON"),
        (['{"id": "v1"}'], "line 1: title: Field required"),
        (['{"title": "kok", "essential_skills": [{"uri": "x"}]}'], "not an ESCO skill URI"),
        (['{"title": "kok", "salary": 3000}'], "line 1: salary"),
        (["[1, 2]"], "line 1: expected a JSON object"),
        (
            [
                '{"title": "kok", "essential_skills": [{"uri": "http://data.europa.eu/esco/skill/x"}]}'
            ],
            "unknown skill http://data.europa.eu/esco/skill/x",
        ),
    ],
)
def test_bad_input_lines_exit_2_with_one_line_naming_the_problem(
    toy_env, profile_pool, monkeypatch, capsys, lines, message
):
    path = toy_env / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli(
        monkeypatch, capsys, "match", "vacancy", "--input", str(path), "--pool", profile_pool
    )
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert out == ""


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.json"], 2, "file not found: missing.json"),
        (["no-such-id"], 3, "no stored vacancy with id no-such-id"),
        ([], 2, "give a JSON file"),
        (["--input", "/nonexistent/q.jsonl"], 2, "input file not found"),
    ],
)
def test_missing_queries_are_named(toy_env, profile_pool, monkeypatch, capsys, args, code, message):
    got, out, err = run_cli(monkeypatch, capsys, "match", "vacancy", *args, "--pool", profile_pool)
    assert got == code and message in err and out == ""


def test_a_bad_pool_file_is_named(toy_env, monkeypatch, capsys):
    job = toy_env / "cook.json"
    job.write_text(occupation_vacancy("cook").model_dump_json())
    pool = toy_env / "pool.json"
    pool.write_text('[{"id": "a", "skills": []}, {"id": "b", "hours_per_week": 99}]')
    code, _, err = run_cli(monkeypatch, capsys, "match", "vacancy", str(job), "--pool", str(pool))
    assert code == 2 and "pool.json record 1: hours_per_week" in err
