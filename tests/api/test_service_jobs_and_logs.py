"""Bulk import jobs (progress, restart), uploads, limits, readiness, metrics and log hygiene."""

from __future__ import annotations

import io
import logging
import os
import time

from fastapi.testclient import TestClient

from api.app import create_app
from api.runtime import Runtime
from tests.api.conftest import service_settings, toy_app
from tests.api.service_helpers import NOORD, create_profile
from tests.fakes import FakeEncoder

CV = (
    "Curriculum vitae\n\nKok\n\nIk werk al tien jaar als kok.\n"
    "- use cooking techniques\n- comply with food safety and hygiene\n"
)
SECRET_MARKER = "Zwanettaxyz Pietersenqq"


def _wait_for(service, job_id: str, who: str = "consultant", timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = service.client.get(f"/v1/jobs/{job_id}", headers=service.headers(who)).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def test_a_bulk_import_job_reports_progress_and_stores_every_good_item(service):
    items = [{"text": CV, "consent": NOORD}, {"text": "   \n", "consent": NOORD}]
    submitted = service.client.post(
        "/v1/jobs/profiles", json={"items": items}, headers=service.headers("consultant")
    )
    assert submitted.status_code == 422  # an empty text is refused before anything is stored
    items[1]["text"] = CV.replace("Kok", "Hulpkok")
    submitted = service.client.post(
        "/v1/jobs/profiles", json={"items": items}, headers=service.headers("consultant")
    )
    assert submitted.status_code == 202
    job = _wait_for(service, submitted.json()["id"])
    assert (job["status"], job["total"], job["done"], job["failed"]) == ("done", 2, 2, 0)
    ids = [item["record_id"] for item in job["items"]]
    for pid in ids:
        got = service.client.get(f"/v1/profiles/{pid}", headers=service.headers("consultant"))
        assert got.status_code == 200 and got.json()["profile"]["skills"]
    # another consultant cannot follow someone else's job
    other = service.client.get(f"/v1/jobs/{job['id']}", headers=service.headers("other_consultant"))
    assert other.status_code == 404


def test_a_job_interrupted_by_a_restart_is_resumed_exactly_once(
    toy_taxonomy, tmp_path, database_url
):
    settings = service_settings(tmp_path, database_url)
    # the worker never runs: the "crash" happens before any item
    first = toy_app(settings, toy_taxonomy, run_jobs=False)
    with TestClient(first) as client:
        token = first.state.services.keys.create("consultant", organisation="WSP Noord").token
        job = client.post(
            "/v1/jobs/profiles",
            json={"items": [{"text": CV, "consent": NOORD}] * 3},
            headers={"X-API-Key": token},
        ).json()
        assert job["status"] == "queued"
    second = toy_app(settings, toy_taxonomy, run_jobs=True)
    with TestClient(second) as client:
        deadline = time.monotonic() + 30
        while (status := client.get(f"/v1/jobs/{job['id']}", headers={"X-API-Key": token}).json())[
            "status"
        ] != "done":
            assert time.monotonic() < deadline, status
            time.sleep(0.05)
        assert status["done"] == 3
        listed = client.get("/v1/profiles", headers={"X-API-Key": token}).json()["items"]
        assert len(listed) == 3  # applied once each, none twice
        assert second.state.services.pools.profiles.verify().ok


def test_a_cv_upload_becomes_a_profile_and_bad_files_get_a_dutch_error(service):
    h = service.headers("consultant")
    consent = '[{"organisation": "WSP Noord", "purposes": ["matching"]}]'
    ok = service.client.post(
        "/v1/profiles/from-cv",
        files={"file": ("cv.txt", CV.encode(), "text/plain")},
        data={"consent": consent},
        headers=h,
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["profile"]["skills"]
    broken = service.client.post(
        "/v1/profiles/from-cv",
        files={"file": ("cv.pdf", b"%PDF-1.4 kapot", "application/pdf")},
        data={"consent": consent},
        headers=h,
    )
    assert broken.status_code == 422
    assert "PDF" in broken.json()["error"]["message"]
    empty = service.client.post(
        "/v1/profiles/from-cv", files={"file": ("cv.txt", b"", "text/plain")},
        data={"consent": consent}, headers=h,
    )  # fmt: skip
    assert empty.status_code == 422 and "leeg" in empty.json()["error"]["message"]


def test_an_oversized_upload_is_refused_with_413(toy_taxonomy, tmp_path, database_url):
    settings = service_settings(tmp_path, database_url, max_upload_bytes=1000)
    runtime = Runtime(settings, taxonomy=toy_taxonomy, encoder=FakeEncoder())
    app = create_app(settings, runtime=runtime, warm_up=False)
    with TestClient(app) as client:
        token = app.state.services.keys.create("jobseeker").token
        r = client.post(
            "/v1/profiles/from-cv",
            files={"file": ("cv.txt", io.BytesIO(b"koken " * 500), "text/plain")},
            headers={"X-API-Key": token},
        )
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "too_large"


def test_requests_over_the_rate_limit_get_429_with_retry_after(
    toy_taxonomy, tmp_path, database_url
):
    settings = service_settings(tmp_path, database_url, rate_limit="3/minute")
    runtime = Runtime(settings, taxonomy=toy_taxonomy, encoder=FakeEncoder())
    app = create_app(settings, runtime=runtime, warm_up=False)
    with TestClient(app) as client:
        token = app.state.services.keys.create("analyst").token
        codes = [client.get("/v1/taxonomy", headers={"X-API-Key": token}) for _ in range(4)]
        assert [c.status_code for c in codes] == [200, 200, 200, 429]
        assert int(codes[-1].headers["retry-after"]) >= 1
        other = app.state.services.keys.create("analyst").token
        assert client.get("/v1/taxonomy", headers={"X-API-Key": other}).status_code == 200


def test_ready_reports_database_indexes_and_model_and_metrics_count_routes(service):
    create_profile(service, "consultant", "cooking_techniques")
    ready = service.client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["worker"] == os.getpid()  # the test client serves in this process
    checks = ready.json()["checks"]
    assert checks["database"]["ok"] and checks["index_profiles"]["store_count"] == 1
    metrics = service.client.get("/metrics").text
    assert (
        'skillmatch_requests_total{method="POST",route="/v1/profiles",status="201"} 1.0' in metrics
    )
    assert 'skillmatch_index_records{pool="profiles"} 1.0' in metrics
    assert "fake-trigram" in metrics


def test_no_cv_text_reaches_the_application_logs(service, caplog):
    caplog.set_level(logging.DEBUG)
    text = f"{SECRET_MARKER}\n{CV}"
    h = service.headers("consultant")
    created = service.client.post(
        "/v1/profiles/from-text", json={"text": text, "consent": NOORD}, headers=h
    )
    assert created.status_code == 201
    pid = created.json()["id"]
    service.client.post(
        "/v1/profiles/from-text", json={"text": text * 10_000, "consent": NOORD}, headers=h
    )
    service.client.post("/v1/profiles/from-text", content=b"{" + text.encode(), headers=h)
    service.client.get(f"/v1/profiles/{pid}/vacancies", headers=h)
    service.client.delete(f"/v1/profiles/{pid}", headers=h)
    logged = "\n".join(r.getMessage() + str(r.args) + str(r.exc_text) for r in caplog.records)
    assert caplog.records, "the run should log something"
    assert SECRET_MARKER not in logged
    assert "use cooking techniques" not in logged


def test_two_workers_on_one_database_apply_every_job_item_once(
    toy_taxonomy, tmp_path, database_url, monkeypatch
):
    """Two service processes (here: two apps over one database and index folder) both work
    through the same job at once: each item is claimed in the transaction that stores it."""
    import threading

    from matcher.skills import extraction as skill_extraction
    from tests.api.conftest import FAKE_CALIBRATION

    monkeypatch.setitem(skill_extraction.CALIBRATIONS, "fake-trigram", FAKE_CALIBRATION)
    settings = service_settings(tmp_path, database_url)
    apps = [toy_app(settings, toy_taxonomy, run_jobs=False) for _ in range(2)]
    with TestClient(apps[0]) as first, TestClient(apps[1]) as second:
        token = apps[0].state.services.keys.create("consultant", organisation="WSP Noord").token
        items = [{"text": CV.replace("tien", str(n)), "consent": NOORD} for n in range(8)]
        job = first.post(
            "/v1/jobs/profiles", json={"items": items}, headers={"X-API-Key": token}
        ).json()
        workers = [threading.Thread(target=app.state.services.jobs.run_pending) for app in apps]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        status = second.get(f"/v1/jobs/{job['id']}", headers={"X-API-Key": token}).json()
        assert (status["status"], status["done"], status["failed"]) == ("done", 8, 0)
        listed = second.get("/v1/profiles", headers={"X-API-Key": token}).json()["items"]
        assert len(listed) == 8 == len({item["record_id"] for item in status["items"]})
