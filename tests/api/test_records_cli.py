"""``skillmatch profiles|vacancies``: CVs and vacancy texts into the stored pool ``match`` uses."""

from __future__ import annotations

import json
import sys

import pytest

import api.cli
import api.runtime
from matcher.records import Profile
from tests.document_files import make_docx
from tests.esco_fixture import OCCUPATION, SKILL
from tests.matcher.match_helpers import profile, vacancy

KEYS = ("cook", "nurse", "truck_driver", "software_developer")
CV = (
    "Jan de Vries\n"
    "Kok\n\n"
    "Werkervaring:\n"
    "Ik werk sinds 2019 in een restaurant in Utrecht.\n"
    "Daarnaast programmeer ik in Python en JavaScript.\n"
)


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["skillmatch", *args])
    with pytest.raises(SystemExit) as exit_info:
        api.cli.main()
        raise SystemExit(0)
    out = capsys.readouterr()
    return exit_info.value.code or 0, out.out, out.err


def occupation_profile(key: str) -> Profile:
    return profile(f"p-{key}", *OCCUPATION[key].essential)


def occupation_vacancy(key: str, **fields):
    occ = OCCUPATION[key]
    return vacancy(f"v-{key}", occ.essential, occ.optional, title=occ.en, **fields)


def write_jsonl(path, records) -> str:
    path.write_text(
        "".join(r.model_dump_json(exclude_none=True) + "\n" for r in records), encoding="utf-8"
    )
    return str(path)


def match_ids(monkeypatch, capsys, direction: str, target: str) -> list[str]:
    code, out, err = run_cli(monkeypatch, capsys, "match", direction, target, "-f", "jsonl")
    assert code == 0, err
    return [r["id"] for r in json.loads(out)["results"]]


def test_a_cv_becomes_a_stored_indexed_profile(toy_env, monkeypatch, capsys):
    cv = toy_env / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    code, out, err = run_cli(monkeypatch, capsys, "profiles", "add", "--cv", str(cv), "--id", "jan")
    assert code == 0, err
    assert out.startswith("jan\t") and "skills" in out
    code, out, _ = run_cli(monkeypatch, capsys, "profiles", "show", "jan", "-f", "jsonl")
    stored = Profile.model_validate_json(out)
    by_uri = {c.uri: c for c in stored.skills}
    assert by_uri[SKILL["python"].uri].source == "cv"
    assert by_uri[SKILL["python"].uri].evidence == "Python"
    assert stored.current_occupations == [OCCUPATION["cook"].uri]
    assert stored.cv_text is None
    # the profile is in the pool match uses
    job = toy_env / "dev.json"
    job.write_text(occupation_vacancy("software_developer").model_dump_json())
    assert match_ids(monkeypatch, capsys, "vacancy", str(job)) == ["jan"]


def test_a_docx_cv_is_read_and_the_count_printed_as_jsonl(toy_env, monkeypatch, capsys):
    cv = toy_env / "cv.docx"
    cv.write_bytes(make_docx(["Kok", "Ik programmeer in Python."]))
    code, out, err = run_cli(monkeypatch, capsys, "profiles", "add", "--cv", str(cv), "-f", "jsonl")
    assert code == 0, err
    row = json.loads(out)
    assert row["skills"] >= 1 and len(row["id"]) == 32


def test_a_vacancy_text_gets_skills_and_a_linked_occupation(toy_env, monkeypatch, capsys):
    text = toy_env / "vacature.txt"
    text.write_text("Wat vragen wij:\n- Je hebt ervaring met Python.\n", encoding="utf-8")
    code, out, err = run_cli(
        monkeypatch, capsys, "vacancies", "add", "--title", "Kok", "--text-file", str(text),
        "--id", "v1", "-f", "jsonl",
    )  # fmt: skip
    assert code == 0, err
    row = json.loads(out)
    assert row == {"id": "v1", "essential": 1, "optional": 0, "occupation": OCCUPATION["cook"].uri}


def test_a_vacancy_json_without_occupation_gets_one(toy_env, monkeypatch, capsys):
    file = toy_env / "v.json"
    file.write_text(occupation_vacancy("nurse").model_dump_json(exclude_none=True))
    code, _, err = run_cli(monkeypatch, capsys, "vacancies", "add", "--file", str(file))
    assert code == 0, err
    code, out, _ = run_cli(monkeypatch, capsys, "vacancies", "show", "v-nurse")
    assert json.loads(out)["occupation"] == OCCUPATION["nurse"].uri


def test_import_export_round_trip_and_delete_removes_from_matches(toy_env, monkeypatch, capsys):
    people = write_jsonl(toy_env / "people.jsonl", [occupation_profile(k) for k in KEYS])
    code, out, err = run_cli(monkeypatch, capsys, "profiles", "import", people)
    assert code == 0, err
    assert out.strip() == f"imported {len(KEYS)} profiles from {people}"
    jobs = write_jsonl(toy_env / "jobs.jsonl", [occupation_vacancy(k) for k in KEYS])
    code, out, err = run_cli(monkeypatch, capsys, "vacancies", "import", jobs, "-f", "jsonl")
    assert code == 0, err
    done = json.loads(out.splitlines()[-1])
    assert done["imported"] == len(KEYS) and done["linked"] == len(KEYS)

    code, exported, _ = run_cli(monkeypatch, capsys, "profiles", "export")
    assert sorted(p["id"] for p in json.loads(exported)) == sorted(f"p-{k}" for k in KEYS)
    copy = toy_env / "export.json"
    copy.write_text(exported, encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "profiles", "import", str(copy))
    assert code != 0 and "already exists" in err  # all or nothing, ids kept
    code, _, err = run_cli(monkeypatch, capsys, "profiles", "import", str(copy), "--replace", "-q")
    assert code == 0, err
    code, again, _ = run_cli(monkeypatch, capsys, "profiles", "export")
    assert json.loads(again) == json.loads(exported)

    code, out, _ = run_cli(monkeypatch, capsys, "profiles", "list", "-f", "jsonl")
    assert [json.loads(line)["id"] for line in out.splitlines()] == sorted(f"p-{k}" for k in KEYS)

    assert match_ids(monkeypatch, capsys, "vacancy", "v-cook")[0] == "p-cook"
    code, out, err = run_cli(monkeypatch, capsys, "profiles", "delete", "p-cook")
    assert code == 0 and "deleted p-cook" in out, err
    assert "p-cook" not in match_ids(monkeypatch, capsys, "vacancy", "v-cook")
    code, _, err = run_cli(monkeypatch, capsys, "profiles", "show", "p-cook")
    assert code == 3 and "no profile with id p-cook" in err


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["profiles", "add", "--cv"], None, "file not found"),
        (["profiles", "add", "--cv"], b"", "the file is empty"),
        (["profiles", "add", "--cv"], b"not a pdf at all", "not a PDF file"),
        (["profiles", "import"], b'{"id": "a", "hours_per_week": 99}\n', "line 1: hours_per_week"),
        (["profiles", "import"], b"[]", "no records"),
        (["vacancies", "import"], b'[{"id": "v"}]', "record 0: title"),
        (["vacancies", "add", "--file"], b'{"title": ', "not valid JSON"),
    ],
)
def test_bad_files_end_with_one_line(toy_env, monkeypatch, capsys, args, content, message):
    suffix = ".pdf" if b"pdf" in (content or b"") else ".json"
    path = toy_env / f"input{suffix}"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run_cli(monkeypatch, capsys, *args, str(path))
    assert code == 2, err
    assert message in err and len(err.strip().splitlines()) == 1 and out == ""


def test_vacancy_add_needs_title_and_text_or_a_file(toy_env, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "vacancies", "add", "--title", "Kok")
    assert code == 2 and "--text-file" in err
    code, _, err = run_cli(monkeypatch, capsys, "profiles", "delete", "nobody")
    assert code == 3 and "no profile with id nobody" in err
