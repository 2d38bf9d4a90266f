"""The consent registry's cache of allowed ids: one database read per cold (organisation,
purpose), however many requests ask at once, and a fresh read after every change."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from api.db.database import open_database
from api.services.consent import ConsentGrant, ConsentRegistry
from api.services.principal import Purpose
from matcher.records import Profile
from matcher.storage.sql_store import SqlRecordStore

WSP = "WSP Noord"


def registry_with_consents(database_url: str, consenting: dict[str, list[str]]) -> ConsentRegistry:
    """Profiles ``p0..`` stored, each consenting to the organisations listed for it."""
    engine = open_database(database_url)
    store = SqlRecordStore(engine, Profile)
    registry = ConsentRegistry(engine)
    for profile_id, organisations in consenting.items():
        store.add(Profile(id=profile_id))
        with engine.begin() as conn:
            registry.replace(profile_id, [ConsentGrant(organisation=o) for o in organisations],
                             conn=conn)  # fmt: skip
    return registry


def test_concurrent_cold_requests_read_the_consent_table_once(database_url, monkeypatch):
    registry = registry_with_consents(
        database_url, {"p0": [WSP], "p1": [WSP, "Ander WSP"], "p2": ["Ander WSP"]}
    )
    reads = []
    read = registry._read_allowed

    def slow_read(organisation: str, purpose: Purpose) -> frozenset[str]:
        reads.append(organisation)
        time.sleep(0.05)  # long enough for every other request to find the cache empty
        return read(organisation, purpose)

    monkeypatch.setattr(registry, "_read_allowed", slow_read)
    start = threading.Barrier(12)

    def ask(organisation: str) -> frozenset[str]:
        start.wait()
        return registry.allowed_ids(organisation, Purpose.MATCHING)

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(ask, [WSP] * 8 + ["Ander WSP"] * 4))
    try:
        assert answers[:8] == [frozenset({"p0", "p1"})] * 8
        assert answers[8:] == [frozenset({"p1", "p2"})] * 4
        assert sorted(reads) == ["Ander WSP", WSP]  # one read per organisation
    finally:
        registry.engine.dispose()


def test_a_consent_change_is_read_again(database_url):
    registry = registry_with_consents(database_url, {"p0": [WSP], "p1": []})
    try:
        assert registry.allowed_ids(WSP, Purpose.MATCHING) == {"p0"}
        with registry.engine.begin() as conn:
            registry.replace("p1", [ConsentGrant(organisation=WSP)], conn=conn)
        registry.invalidate()
        assert registry.allowed_ids(WSP, Purpose.MATCHING) == {"p0", "p1"}
    finally:
        registry.engine.dispose()


def test_grants_of_many_profiles_equal_each_profiles_own_grants(database_url):
    consenting = {"p0": [WSP], "p1": [WSP, "Ander WSP"], "p2": [], "p3": ["Ander WSP"]}
    registry = registry_with_consents(database_url, consenting)
    many = registry.grants_of(["p3", "p2", "p1", "p0", "unknown"])
    assert list(many) == ["p3", "p2", "p1", "p0", "unknown"]
    for profile_id, organisations in consenting.items():
        assert many[profile_id] == registry.grants(profile_id)
        assert [g.organisation for g in many[profile_id]] == sorted(organisations)
        assert all(g.purposes == [Purpose.MATCHING] for g in many[profile_id])  # the default
    assert many["unknown"] == [] and registry.grants_of([]) == {}


def test_organisation_names_are_stripped_once_and_control_characters_refused(service):
    body = lambda org: {"text": "Ik ben kok.", "consent": [{"organisation": org}]}  # noqa: E731
    for bad in ("\x1f", "\x00", "WSP\x00Noord", " \x1c\x85"):
        r = service.client.post(
            "/v1/profiles/from-text", json=body(bad), headers=service.headers("admin")
        )
        assert r.status_code == 422, (repr(bad), r.text)
    ok = service.client.post(
        "/v1/profiles/from-text", json=body("  WSP Noord\x1f"), headers=service.headers("admin")
    )
    assert ok.status_code == 201 and ok.json()["consent"][0]["organisation"] == "WSP Noord"
    refused = service.client.post(
        "/v1/keys",
        json={"role": "consultant", "organisation": "W\x00"},
        headers=service.headers("admin"),
    )
    assert refused.status_code in (400, 422), refused.text
