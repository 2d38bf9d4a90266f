"""The record store (SQLite and PostgreSQL): ids, versions, paging, JSON exchange."""

from __future__ import annotations

import io
import json

import pytest

from matcher.records import Profile, Vacancy
from matcher.storage.database import create_database_engine
from matcher.storage.sql_store import SqlRecordStore
from taxonomy.errors import BadInputError, ConflictError, NotFoundError
from tests.matcher.match_helpers import profile, vacancy


@pytest.fixture
def engine(database_url):
    engine = create_database_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine) -> SqlRecordStore[Profile]:
    return SqlRecordStore(engine, Profile).create_tables()


def test_add_assigns_an_id_when_absent_and_keeps_a_given_one(store):
    assigned = store.add(profile(None, "cooking_techniques"))
    kept = store.add(profile("p-1", "cooking_techniques"))
    assert len(assigned.id) == 32 and int(assigned.id, 16) >= 0
    assert kept.id == "p-1"
    assert (kept.version, store.get("p-1").version) == (1, 1)
    assert store.get(assigned.id).record == assigned.record


def test_adding_an_existing_id_conflicts(store):
    store.add(profile("p-1", "cooking_techniques"))
    with pytest.raises(ConflictError):
        store.add(profile("p-1", "nursing_principles"))


def test_get_of_an_unknown_id_is_not_found(store):
    with pytest.raises(NotFoundError, match="p-404"):
        store.get("p-404")


def test_update_bumps_the_version_and_a_stale_version_conflicts(store):
    store.add(profile("p-1", "cooking_techniques"), vector_model="m1")
    updated = store.update(
        profile("p-1", "cooking_techniques", "nursing_principles"), expected_version=1
    )
    assert updated.version == 2
    assert store.get("p-1").record.skill_uris == updated.record.skill_uris
    with pytest.raises(ConflictError) as err:
        store.update(profile("p-1", "stock_shelves"), expected_version=1)
    assert err.value.details["version"] == 2
    assert store.get("p-1").version == 2  # the stale write changed nothing


def test_update_of_a_missing_record_is_not_found(store):
    with pytest.raises(NotFoundError):
        store.update(profile("p-404", "cooking_techniques"), expected_version=1)


def test_delete_checks_the_expected_version(store):
    store.add(profile("p-1", "cooking_techniques"))
    store.update(profile("p-1", "nursing_principles"), expected_version=1)
    with pytest.raises(ConflictError):
        store.delete("p-1", expected_version=1)
    store.delete("p-1", expected_version=2)
    with pytest.raises(NotFoundError):
        store.get("p-1")
    with pytest.raises(NotFoundError):
        store.delete("p-1")


def test_list_pages_in_id_order_and_count_counts(store):
    for i in (5, 3, 9, 1, 7):
        store.add(profile(f"p-{i}", "cooking_techniques"))
    first = store.list(limit=2)
    second = store.list(limit=2, after=first[-1].id)
    third = store.list(limit=2, after=second[-1].id)
    assert [s.id for s in first + second + third] == ["p-1", "p-3", "p-5", "p-7", "p-9"]
    assert [s.id for s in store] == ["p-1", "p-3", "p-5", "p-7", "p-9"]
    assert store.count() == 5
    assert list(store.versions()) == [(f"p-{i}", 1) for i in (1, 3, 5, 7, 9)]
    with pytest.raises(BadInputError):
        store.list(limit=0)


def test_records_and_ids_survive_a_new_engine(database_url):
    first_engine = create_database_engine(database_url)
    first = SqlRecordStore(first_engine, Profile).create_tables()
    stored = first.add(profile(None, "cooking_techniques", "nursing_principles"))
    first.update(stored.record, expected_version=1, vector_model="m1")
    first_engine.dispose()
    again_engine = create_database_engine(database_url)
    reread = SqlRecordStore(again_engine, Profile).get(stored.id)
    again_engine.dispose()
    assert (reread.record, reread.version, reread.vector_model) == (stored.record, 2, "m1")
    assert reread.updated_at.tzinfo is not None


def test_sqlite_runs_in_wal_mode_with_secure_delete(tmp_path):
    engine = create_database_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_profiles_and_vacancies_live_in_separate_tables_of_one_database(engine):
    profiles = SqlRecordStore(engine, Profile).create_tables()
    jobs = SqlRecordStore(engine, Vacancy)
    profiles.add(profile("x", "cooking_techniques"))
    jobs.add(vacancy("x", ("cooking_techniques",)))
    assert (profiles.count(), jobs.count()) == (1, 1)
    assert isinstance(jobs.get("x").record, Vacancy)


def test_a_write_inside_a_failed_transaction_leaves_nothing(engine, store):
    with pytest.raises(RuntimeError), engine.begin() as conn:
        store.add(profile("p-1", "cooking_techniques"), conn=conn)
        raise RuntimeError("the caller's transaction fails after the add")
    with pytest.raises(NotFoundError):
        store.get("p-1")


def test_json_export_import_round_trip(store, tmp_path):
    store.add(profile("p-1", "cooking_techniques", education_level="mbo-2"))
    store.add(profile("p-2", "nursing_principles", "stock_shelves"))
    out = io.StringIO()
    assert store.export_json(out) == 2
    other_engine = create_database_engine(f"sqlite:///{tmp_path / 'other.db'}")
    other = SqlRecordStore(other_engine, Profile).create_tables()
    assert other.import_json(out.getvalue()) == ["p-1", "p-2"]
    assert [s.record for s in other] == [s.record for s in store]
    other_engine.dispose()


def test_export_of_an_empty_store_is_an_empty_list(store):
    out = io.StringIO()
    assert store.export_json(out) == 0
    assert json.loads(out.getvalue()) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[{", "not valid JSON"),
        ('{"id": "p-1"}', "expected a JSON list"),
        (json.dumps([{"id": "a"}, {"id": "b"}, {"id": "c", "skills": [{"uri": "x"}]}]), "record 2"),
        (json.dumps([{"id": "a"}, {"id": "a"}]), "record 1: id a appears twice"),
        (json.dumps([{"id": "a", "hours_per_week": 99}]), "record 0: hours_per_week"),
    ],
)
def test_bad_json_is_bad_input_naming_the_record(store, text, message):
    with pytest.raises(BadInputError, match=message):
        store.import_json(text)
    assert store.count() == 0


def test_import_is_all_or_nothing_and_replace_bumps_versions(store):
    store.add(profile("p-2", "cooking_techniques"))
    records = [profile("p-1", "cooking_techniques").model_dump(mode="json"), {"id": "p-2"}]
    with pytest.raises(ConflictError, match="record 1"):
        store.import_json(json.dumps(records))
    assert store.count() == 1
    assert store.import_json(io.StringIO(json.dumps(records)), replace=True) == ["p-1", "p-2"]
    assert dict(store.versions()) == {"p-1": 1, "p-2": 2}
    assert store.get("p-2").record.skills == []


def test_get_many_returns_the_records_that_exist(store):
    for i in range(3):
        store.add(profile(f"p-{i}", "cooking_techniques"))
    store.update(profile("p-1", "python"), expected_version=1)
    many = store.get_many(["p-2", "p-404", "p-1", "p-2"])
    assert sorted(many) == ["p-1", "p-2"]
    assert (many["p-1"].version, many["p-1"].record) == (2, store.get("p-1").record)
    assert store.get_many([]) == {}
