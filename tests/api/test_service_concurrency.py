"""Many writers and readers at once on loopback: nothing lost, no duplicate ids, no lost
updates, and index and database agree afterwards (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from api.app import create_app
from api.runtime import Runtime
from matcher.skills import extraction as skill_extraction
from tests.api.conftest import service_settings, toy_app
from tests.api.live_server import live_server
from tests.api.service_helpers import NOORD, profile_body, vacancy_body
from tests.esco_fixture import OCCUPATION
from tests.fakes import FakeEncoder
from tests.matcher.skill_helpers import FAKE_CALIBRATION

WRITERS = 6
CREATES_PER_WRITER = 8
INCREMENTS_PER_WRITER = 5
READERS = 3
READS_PER_READER = 15


def test_parallel_writers_and_readers_lose_nothing(
    toy_taxonomy, tmp_path, database_url, monkeypatch
):
    monkeypatch.setitem(skill_extraction.CALIBRATIONS, "fake-trigram", FAKE_CALIBRATION)
    settings = service_settings(tmp_path, database_url, rate_limit="100000/minute")
    runtime = Runtime(settings, taxonomy=toy_taxonomy, encoder=FakeEncoder())
    app = create_app(settings, runtime=runtime, warm_up=False, run_jobs=False)
    with live_server(app) as base:
        services = app.state.services
        key = {"X-API-Key": services.keys.create("consultant", organisation="WSP Noord").token}
        with httpx.Client(base_url=base, headers=key, timeout=60) as client:
            shared = client.post(
                "/v1/profiles", json=profile_body("cooking_techniques", hours_per_week=1)
            ).json()
            vacancy = client.post(
                "/v1/vacancies",
                json=vacancy_body(
                    "kok", ("cooking_techniques",), occupation=OCCUPATION["cook"].uri
                ),
            ).json()

        def writer(n: int) -> tuple[list[str], int, list[int]]:
            created, increments, statuses = [], 0, []
            with httpx.Client(base_url=base, headers=key, timeout=60) as c:
                for i in range(CREATES_PER_WRITER):
                    r = c.post("/v1/profiles", json=profile_body("food_safety", consent=NOORD))
                    statuses.append(r.status_code)
                    if r.status_code == 201:
                        created.append(r.json()["id"])
                    if i < INCREMENTS_PER_WRITER:
                        while True:  # read-modify-write with If-Match; retry on a conflict
                            got = c.get(f"/v1/profiles/{shared['id']}")
                            body = got.json()["profile"]
                            body["hours_per_week"] += 1
                            put = c.put(
                                f"/v1/profiles/{shared['id']}", json=body,
                                headers={"If-Match": got.headers["etag"]},
                            )  # fmt: skip
                            statuses.append(put.status_code)
                            if put.status_code == 200:
                                increments += 1
                                break
                            assert put.status_code == 409, put.text
            return created, increments, statuses

        def reader(n: int) -> list[int]:
            with httpx.Client(base_url=base, headers=key, timeout=60) as c:
                return [
                    c.get(
                        f"/v1/vacancies/{vacancy['id']}/candidates", params={"limit": 20}
                    ).status_code
                    for _ in range(READS_PER_READER)
                ]

        with ThreadPoolExecutor(WRITERS + READERS) as pool:
            writes = [pool.submit(writer, n) for n in range(WRITERS)]
            reads = [pool.submit(reader, n) for n in range(READERS)]
            results = [w.result() for w in writes]
            read_statuses = [s for r in reads for s in r.result()]

        created = [pid for ids, _, _ in results for pid in ids]
        statuses = [s for _, _, st in results for s in st] + read_statuses
        assert all(s < 500 for s in statuses), sorted(set(statuses))
        assert set(read_statuses) == {200}
        assert len(created) == WRITERS * CREATES_PER_WRITER == len(set(created))
        with httpx.Client(base_url=base, headers=key, timeout=60) as client:
            final = client.get(f"/v1/profiles/{shared['id']}").json()
            assert final["profile"]["hours_per_week"] == 1 + WRITERS * INCREMENTS_PER_WRITER
            assert final["version"] == 1 + WRITERS * INCREMENTS_PER_WRITER
            listed, after = [], None
            while True:
                page = client.get(
                    "/v1/profiles", params={"limit": 200, **({"after": after} if after else {})}
                ).json()
                listed += [p["id"] for p in page["items"]]
                if not page["next_after"]:
                    break
                after = page["next_after"]
        assert set(created) | {shared["id"]} == set(listed)
        pools = services.pools
        assert pools.profiles.verify().ok
        assert pools.profiles.store.count() == len(pools.profiles.index) == len(created) + 1


def test_a_profile_deleted_through_one_worker_disappears_from_the_others(
    toy_taxonomy, tmp_path, database_url, monkeypatch
):
    """Two workers (two apps over one database and index folder, as ``serve --workers 2``):
    a profile deleted through one is found by no search of the other within a second, and the
    other's index save does not write its vector back."""
    import time

    from matcher.storage.pool_index import PoolIndex

    monkeypatch.setitem(skill_extraction.CALIBRATIONS, "fake-trigram", FAKE_CALIBRATION)
    settings = service_settings(tmp_path, database_url, rate_limit="100000/minute")
    apps = [toy_app(settings, toy_taxonomy, run_jobs=False) for _ in range(2)]
    with live_server(apps[0]) as base_a, live_server(apps[1]) as base_b:
        key = {
            "X-API-Key": apps[0]
            .state.services.keys.create("consultant", organisation="WSP Noord")
            .token
        }
        a = httpx.Client(base_url=base_a, headers=key, timeout=60)
        b = httpx.Client(base_url=base_b, headers=key, timeout=60)
        skills = ("cooking_techniques", "food_safety")
        pid = a.post("/v1/profiles", json=profile_body(*skills)).json()["id"]
        vid = a.post(
            "/v1/vacancies",
            json=vacancy_body("kok", essential=skills, occupation=OCCUPATION["cook"].uri),
        ).json()["id"]

        def candidates_of_b() -> list[str]:
            page = b.get(f"/v1/vacancies/{vid}/candidates").json()
            return [m["id"] for m in page["matches"]]

        deadline = time.monotonic() + 10
        while pid not in candidates_of_b():  # worker b picks up a's write
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert a.delete(f"/v1/profiles/{pid}").status_code == 204
        a.post("/v1/profiles", json=profile_body(*skills))  # same count as before the delete
        time.sleep(1.2)
        assert pid not in candidates_of_b()
        assert b.get(f"/v1/profiles/{pid}").status_code == 404
        services_b = apps[1].state.services
        assert pid not in services_b.pools.profiles.index
        services_b.pools.profiles.dirty = True
        services_b.pools.save()
        folder = services_b.pools.profiles.index.folder
        saved = PoolIndex.open(folder, model_id=FakeEncoder().model_id, dim=FakeEncoder().dim)
        assert pid not in saved
        a.close()
        b.close()
