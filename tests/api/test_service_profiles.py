"""Profiles through the service: versions, consent, deletion, export, audit (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from api.app import create_app
from api.db.tables import profile_consents
from api.runtime import Runtime
from matcher.records import Profile, SkillClaim
from matcher.skills import extraction as skill_extraction
from matcher.storage.database import create_database_engine
from matcher.storage.sql_store import SqlRecordStore
from tests.api.conftest import service_settings
from tests.api.service_helpers import NOORD, create_profile, create_vacancy, profile_body
from tests.fakes import FakeEncoder
from tests.matcher.match_helpers import uri
from tests.matcher.skill_helpers import FAKE_CALIBRATION


def test_every_v1_request_needs_a_valid_key(service):
    assert service.client.get("/v1/taxonomy").status_code == 401
    bad = service.client.get("/v1/taxonomy", headers={"X-API-Key": "sm_0000000000000000_nope"})
    assert bad.status_code == 401
    assert bad.json()["error"]["code"] == "unauthorized"
    assert service.client.get("/v1/taxonomy", headers=service.headers("analyst")).status_code == 200


def test_a_profile_is_created_read_and_updated_with_its_version(service):
    created = create_profile(service, "consultant", "cooking_techniques")
    pid = created["id"]
    read = service.client.get(f"/v1/profiles/{pid}", headers=service.headers("consultant"))
    assert read.status_code == 200
    assert read.headers["etag"] == '"1"'
    assert [s["uri"] for s in read.json()["profile"]["skills"]] == [uri("cooking_techniques")]
    body = {"skills": [{"uri": uri("cooking_techniques")}, {"uri": uri("food_safety")}]}
    updated = service.client.put(
        f"/v1/profiles/{pid}",
        json=body,
        headers=service.headers("consultant", **{"If-Match": '"1"'}),
    )
    assert updated.status_code == 200 and updated.json()["version"] == 2
    stale = service.client.put(
        f"/v1/profiles/{pid}",
        json=body,
        headers=service.headers("consultant", **{"If-Match": '"1"'}),
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["details"]["version"] == 2
    unversioned = service.client.put(
        f"/v1/profiles/{pid}", json=body, headers=service.headers("consultant")
    )
    assert unversioned.status_code == 428


def test_a_consultant_must_name_their_own_organisation_in_the_consent(service):
    r = service.client.post(
        "/v1/profiles",
        json=profile_body("cooking_techniques", consent=[{"organisation": "WSP Zuid"}]),
        headers=service.headers("consultant"),
    )
    assert r.status_code == 422
    assert "WSP Noord" in r.json()["error"]["message"]


def test_a_profile_without_consent_for_an_organisation_is_invisible_to_it(service):
    pid = create_profile(service, "consultant", "cooking_techniques")["id"]
    other = service.client.get(f"/v1/profiles/{pid}", headers=service.headers("other_consultant"))
    assert other.status_code == 404
    listed = service.client.get("/v1/profiles", headers=service.headers("other_consultant")).json()
    assert listed["items"] == []
    mine = service.client.get("/v1/profiles", headers=service.headers("consultant")).json()
    assert [p["id"] for p in mine["items"]] == [pid]


def test_a_jobseeker_has_one_own_profile_and_controls_its_consent(service):
    own = create_profile(service, "jobseeker", "cooking_techniques", consent=[])
    pid = own["id"]
    again = service.client.post(
        "/v1/profiles",
        json=profile_body("food_safety", consent=[]),
        headers=service.headers("jobseeker"),
    )
    assert again.status_code == 409
    assert (
        service.client.get(f"/v1/profiles/{pid}", headers=service.headers("consultant")).status_code
        == 404
    )
    assert (
        service.client.get(
            f"/v1/profiles/{pid}", headers=service.headers("other_jobseeker")
        ).status_code
        == 404
    )
    granted = service.client.put(
        f"/v1/profiles/{pid}/consent", json={"consent": NOORD}, headers=service.headers("jobseeker")
    )
    assert granted.status_code == 200
    assert (
        service.client.get(f"/v1/profiles/{pid}", headers=service.headers("consultant")).status_code
        == 200
    )
    # the consultant cannot change the person's consent
    assert (
        service.client.put(
            f"/v1/profiles/{pid}/consent",
            json={"consent": []},
            headers=service.headers("consultant"),
        ).status_code
        == 403
    )


def test_candidates_come_only_from_consented_profiles_and_count_only_them(service):
    vid = create_vacancy(service, "kok", essential=("cooking_techniques", "food_safety"))["id"]
    seen = create_profile(service, "consultant", "cooking_techniques", "food_safety")["id"]
    hidden = create_profile(
        service, "other_consultant", "cooking_techniques", "food_safety",
        consent=[{"organisation": "WSP Zuid"}],
    )["id"]  # fmt: skip
    page = service.client.get(
        f"/v1/vacancies/{vid}/candidates", headers=service.headers("consultant")
    ).json()
    assert [m["id"] for m in page["matches"]] == [seen]
    assert page["total"] == 1
    zuid = service.client.get(
        f"/v1/vacancies/{vid}/candidates", headers=service.headers("other_consultant")
    ).json()
    assert [m["id"] for m in zuid["matches"]] == [hidden]
    admin = service.client.get(
        f"/v1/vacancies/{vid}/candidates", headers=service.headers("admin")
    ).json()
    assert {m["id"] for m in admin["matches"]} == {seen, hidden}


def test_skills_are_confirmed_added_and_removed(service):
    pid = create_profile(service, "consultant", "cooking_techniques")["id"]
    h = service.headers("consultant", **{"If-Match": '"1"'})
    confirmed = service.client.post(
        f"/v1/profiles/{pid}/skills", json={"uri": uri("cooking_techniques")}, headers=h
    ).json()
    assert confirmed["profile"]["skills"][0]["confirmed"] is True
    h2 = service.headers("consultant", **{"If-Match": '"2"'})
    added = service.client.post(
        f"/v1/profiles/{pid}/skills", json={"uri": uri("food_safety")}, headers=h2
    )
    assert [s["source"] for s in added.json()["profile"]["skills"]] == ["manual", "manual"]
    h3 = service.headers("consultant", **{"If-Match": '"3"'})
    removed = service.client.delete(
        f"/v1/profiles/{pid}/skills", params={"uri": uri("cooking_techniques")}, headers=h3
    )
    assert [s["uri"] for s in removed.json()["profile"]["skills"]] == [uri("food_safety")]
    unknown = service.client.post(
        f"/v1/profiles/{pid}/skills",
        json={"uri": "http://x/unknown"},
        headers=service.headers("consultant", **{"If-Match": '"4"'}),
    )
    assert unknown.status_code == 422


def test_deleting_a_profile_removes_it_from_every_endpoint_search_and_match(service):
    vid = create_vacancy(service, "kok", essential=("cooking_techniques",))["id"]
    pid = create_profile(service, "jobseeker", "cooking_techniques", consent=NOORD)["id"]
    assert (
        service.client.delete(
            f"/v1/profiles/{pid}", headers=service.headers("jobseeker")
        ).status_code
        == 204
    )
    for who in ("jobseeker", "consultant", "admin"):
        assert (
            service.client.get(f"/v1/profiles/{pid}", headers=service.headers(who)).status_code
            == 404
        )
        for path in ("export", "vacancies", "transitions"):
            assert service.client.get(
                f"/v1/profiles/{pid}/{path}", headers=service.headers(who)
            ).status_code in (403, 404)
    for who in ("consultant", "admin"):
        page = service.client.get(
            f"/v1/vacancies/{vid}/candidates", headers=service.headers(who)
        ).json()
        assert pid not in [m["id"] for m in page["matches"]]
        listed = service.client.get("/v1/profiles", headers=service.headers(who)).json()
        assert pid not in [p["id"] for p in listed["items"]]
    pools = service.services.pools
    assert pid not in pools.profiles.index
    assert pools.profiles.verify().ok
    # the saved index files no longer hold the id
    folder = pools.profiles.index.folder
    assert not any(pid in p.read_text(errors="ignore") for p in folder.glob("ids-*.json"))


def test_export_gives_the_person_their_data_and_who_accessed_it(service):
    pid = create_profile(service, "jobseeker", "cooking_techniques", consent=NOORD)["id"]
    service.client.get(f"/v1/profiles/{pid}", headers=service.headers("consultant"))
    exported = service.client.get(
        f"/v1/profiles/{pid}/export", headers=service.headers("jobseeker")
    ).json()
    assert exported["profile"]["id"] == pid
    assert exported["consent"][0]["organisation"] == "WSP Noord"
    actions = [(e["action"], e["organisation"]) for e in exported["access_log"]]
    assert ("read", "WSP Noord") in actions
    assert (
        service.client.get(
            f"/v1/profiles/{pid}/export", headers=service.headers("consultant")
        ).status_code
        == 403
    )


def test_the_audit_log_records_who_did_what_for_which_purpose(service):
    pid = create_profile(service, "consultant", "cooking_techniques")["id"]
    service.client.get(
        f"/v1/profiles/{pid}", params={"purpose": "matching"}, headers=service.headers("consultant")
    )
    events = service.client.get(
        "/v1/audit", params={"resource_id": pid}, headers=service.headers("admin")
    ).json()
    assert [(e["action"], e["role"], e["organisation"]) for e in events] == [
        ("create", "consultant", "WSP Noord"),
        ("read", "consultant", "WSP Noord"),
    ]
    assert events[1]["purpose"] == "matching"
    assert service.client.get("/v1/audit", headers=service.headers("consultant")).status_code == 403


def test_skill_autocomplete_prefers_labels_that_start_with_what_was_typed(service):
    r = service.client.get(
        "/v1/taxonomy/skills/search",
        params={"q": "analytisch"},
        headers=service.headers("jobseeker"),
    )
    assert r.status_code == 200
    assert r.json()[0]["uri"] == uri("think_analytically")
    assert r.json()[0]["label"] == "analytisch denken"
    typo = service.client.get(
        "/v1/taxonomy/skills/search",
        params={"q": "computerprogramering"},
        headers=service.headers("jobseeker"),
    )
    assert typo.json()[0]["uri"] == uri("computer_programming")
    english = service.client.get(
        "/v1/taxonomy/skills/search",
        params={"q": "use cook", "lang": "en"},
        headers=service.headers("jobseeker"),
    )
    assert english.json()[0]["label"] == "use cooking techniques"


def test_analysts_get_aggregates_of_groups_of_at_least_five_only(service):
    for _ in range(5):
        create_profile(service, "consultant", "cooking_techniques")
    create_profile(service, "consultant", "nursing_principles")
    create_vacancy(service, "kok", essential=("cooking_techniques", "food_safety"))
    stats = service.client.get("/v1/stats", headers=service.headers("analyst")).json()
    assert (stats["profiles"], stats["vacancies"]) == (6, 1)
    counted = {s["uri"]: s["count"] for s in stats["profile_skills"]}
    assert counted == {uri("cooking_techniques"): 5}  # the single nurse is not reported
    assert {s["uri"] for s in stats["shortages"]} == {uri("food_safety")}


def test_writes_of_another_process_are_picked_up_before_matching(service):
    vid = create_vacancy(service, "kok", essential=("cooking_techniques",))["id"]
    services = service.services
    # another process (the CLI, a second worker) writes to the same database
    other_engine = create_database_engine(services.settings.resolved_database_url)
    SqlRecordStore(other_engine, Profile).add(
        Profile(id="from-cli", skills=[SkillClaim(uri=uri("cooking_techniques"))])
    )
    with other_engine.begin() as conn:
        conn.execute(
            profile_consents.insert().values(
                profile_id="from-cli",
                organisation="WSP Noord",
                purpose="matching",
                granted_at=datetime.now(UTC),
            )
        )
    other_engine.dispose()
    services.pools._checked = 0.0  # the next query checks at once (normally within a second)
    page = service.client.get(
        f"/v1/vacancies/{vid}/candidates", headers=service.headers("consultant")
    ).json()
    assert [m["id"] for m in page["matches"]] == ["from-cli"]
    assert services.pools.profiles.verify().ok


def test_a_new_model_gets_its_own_index_built_from_the_database(
    toy_taxonomy, tmp_path, database_url, monkeypatch
):
    monkeypatch.setitem(skill_extraction.CALIBRATIONS, "fake-trigram", FAKE_CALIBRATION)
    settings = service_settings(tmp_path, database_url)

    def start(encoder: FakeEncoder):
        runtime = Runtime(settings, taxonomy=toy_taxonomy, encoder=encoder)
        return create_app(settings, runtime=runtime, warm_up=False, run_jobs=False)

    first = start(FakeEncoder())
    with TestClient(first) as client:
        token = first.state.services.keys.create("admin").token
        r = client.post(
            "/v1/profiles", json=profile_body("cooking_techniques"), headers={"X-API-Key": token}
        )
        pid = r.json()["id"]
        old = first.state.services.pools.profiles.index
    second = start(FakeEncoder(dim=128, name="other-model"))
    with TestClient(second) as client:
        pools = second.state.services.pools
        new = pools.profiles.index
        assert new.model_id != old.model_id and new.folder != old.folder
        assert pid in new and new.dim == 128  # re-vectorised from the database
        assert pools.profiles.verify().ok
