"""Load on the HTTP service over loopback: match requests (vacancy → top-20 candidates) with 1, 8
and 32 concurrent clients over 10k and 100k stored profiles, next to the engine's in-process
latency for the same queries measured in the same run.

    .venv/bin/python bench/service_load.py [--sizes 10000 100000] [--requests 400] [--workers 2]

The service runs as ``make run`` does (uvicorn, SQLite in a temp folder, the real model and
taxonomy; one process, or ``skillmatch serve --workers N`` as a subprocess with ``--workers``),
with a consultant key whose organisation every synthetic profile consented
to (so consent filtering is part of every query). Profiles and vacancies are the synthetic ESCO
pools of ``bench/match_scale.py``. Target: p95 <= 100 ms at 8 clients for 100k profiles.
Writes ``bench/results/service_load.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import numpy as np
from _common import markdown_table, provenance, write_result
from match_scale import profile_dicts, vacancies
from pool_scale import CHUNK, Occupations, busy_note, role_matrix

from api.app import create_app
from api.db.database import open_database
from api.db.tables import profile_consents
from api.runtime import Runtime
from api.services.principal import Principal, Role
from api.services.record_pools import pool_index_folder
from api.settings import Settings
from matcher.records import Profile, Vacancy
from matcher.storage.pool_index import PoolIndex
from matcher.storage.sql_store import SqlRecordStore
from tests.api.live_server import free_port, live_server

ORGANISATION = "Bench WSP"
CONCURRENCY = (1, 8, 32)
N_VACANCIES = 50


def build_database(folder: Path, n: int, runtime: Runtime) -> tuple[Settings, list[str]]:
    """A service database with ``n`` consented synthetic profiles, their saved index, and
    stored vacancies; returns the settings that point at it and the vacancy ids."""
    settings = Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'bench.db'}",
        rate_limit="100000000/minute",
        index_save_interval_s=3600,
    )
    engine = open_database(settings.resolved_database_url)
    skill_vectors = runtime.skill_vectors
    occ = Occupations.from_taxonomy(runtime.taxonomy, skill_vectors)
    dicts, rows = profile_dicts(n, occ, skill_vectors.uris, seed=n)
    store = SqlRecordStore(engine, Profile)
    now = datetime.now(UTC)
    for lo in range(0, n, 20_000):
        chunk = dicts[lo : lo + 20_000]
        store.import_json(json.dumps(chunk))
        with engine.begin() as conn:
            conn.execute(
                profile_consents.insert(),
                [
                    {
                        "profile_id": d["id"],
                        "organisation": ORGANISATION,
                        "purpose": "matching",
                        "granted_at": now,
                    }
                    for d in chunk
                ],
            )
    vectoriser = runtime.matcher.vectorise
    index = PoolIndex(
        pool_index_folder(settings.resolved_index_dir, vectoriser.model_id, "profiles"),
        model_id=vectoriser.model_id,
        dim=vectoriser.dim,
    )
    vectors = np.empty((n, vectoriser.dim), dtype=np.float32)
    for lo in range(0, n, CHUNK):
        vectors[lo : lo + CHUNK] = vectoriser.matrix(
            role_matrix(rows[lo : lo + CHUNK], len(skill_vectors.uris))
        )
    index.upsert([d["id"] for d in dicts], [1] * n, vectors)
    index.save()
    jobs = vacancies(N_VACANCIES, occ, skill_vectors.uris, seed=7)
    SqlRecordStore(engine, Vacancy).import_json(
        json.dumps([v.model_dump(mode="json", exclude_none=True) for v in jobs])
    )
    engine.dispose()
    return settings, [v.id for v in jobs]


@contextlib.contextmanager
def serve_processes(settings: Settings, workers: int, timeout: float = 1800):
    """``skillmatch serve --workers N`` on the bench database; yields its base URL once every
    worker answers ``/ready`` (each one opens both pools)."""
    port = free_port()
    env = {
        **os.environ,
        "SKILLMATCH_DATA_DIR": str(settings.data_dir),
        "SKILLMATCH_DATABASE_URL": str(settings.database_url),
        "SKILLMATCH_RATE_LIMIT": settings.rate_limit,
        "SKILLMATCH_INDEX_SAVE_INTERVAL_S": str(settings.index_save_interval_s),
    }
    command = [str(Path(sys.executable).parent / "skillmatch"), "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline, ready = time.monotonic() + timeout, 0
    try:
        while ready < 4 * workers:  # consecutive answers: every worker has started
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the service processes did not start")
            try:
                ready = ready + 1 if httpx.get(f"{base}/ready", timeout=5).status_code == 200 else 0
            except httpx.HTTPError:
                ready = 0
            time.sleep(0.5 if ready == 0 else 0.05)
        yield base
    finally:
        process.terminate()
        process.wait(60)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q)) if values else float("nan")


def http_round(base: str, token: str, vacancy_ids: list[str], clients: int, total: int):
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def client_loop() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, headers={"X-API-Key": token}, timeout=120) as client:
            for i in counter:
                vid = vacancy_ids[i % len(vacancy_ids)]
                t0 = time.perf_counter()
                r = client.get(f"/v1/vacancies/{vid}/candidates", params={"limit": 20})
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors += r.status_code != 200

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client_loop) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    return latencies, errors, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=400, help="per concurrency level")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1], help="service processes (one round each)"
    )
    parser.add_argument("--name", default="service_load", help="results file name")
    args = parser.parse_args()
    load_before = busy_note()
    base_runtime = Runtime(Settings())
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="service-load-") as tmp:
            print(f"size {n:,}: building the database", file=sys.stderr)
            settings, vacancy_ids = build_database(Path(tmp), n, base_runtime)
            runtime = Runtime(settings)
            app = create_app(settings, runtime=runtime, warm_up=True, run_jobs=False)
            t0 = time.perf_counter()
            with live_server(app, timeout=1800) as base:
                start_s = time.perf_counter() - t0
                services = app.state.services
                token = services.keys.create("consultant", organisation=ORGANISATION).token
                who = Principal("bench", Role.CONSULTANT, ORGANISATION)
                for vid in vacancy_ids[:5]:  # warm caches (consent set, filter table)
                    services.matching.candidates(who, vid, limit=20)
                in_process = []
                for i in range(args.requests // 2):
                    t1 = time.perf_counter()
                    services.matching.candidates(who, vacancy_ids[i % len(vacancy_ids)], limit=20)
                    in_process.append((time.perf_counter() - t1) * 1000)
                engine_p50, engine_p95 = percentile(in_process, 50), percentile(in_process, 95)
                rows.append(
                    [
                        f"{n:,}",
                        "in-process (engine + consent, baseline)",
                        1,
                        len(in_process),
                        "-",
                        f"{engine_p50:.1f}",
                        f"{engine_p95:.1f}",
                        f"{percentile(in_process, 99):.1f}",
                        "1.00",
                        0,
                    ]
                )
                measured, n_requests = [], args.requests
                for workers in args.workers:
                    served = (
                        serve_processes(settings, workers)
                        if workers > 1
                        else contextlib.nullcontext(base)
                    )
                    with served as http_base:
                        measured += [
                            (workers, c, *http_round(http_base, token, vacancy_ids, c, n_requests))
                            for c in CONCURRENCY
                        ]
                for workers, clients, latencies, errors, wall in measured:
                    p95 = percentile(latencies, 95)
                    rows.append(
                        [
                            f"{n:,}",
                            f"HTTP over loopback, {workers} process{'es' if workers > 1 else ''}",
                            clients,
                            len(latencies),
                            f"{len(latencies) / wall:.1f}",
                            f"{percentile(latencies, 50):.1f}",
                            f"{p95:.1f}",
                            f"{percentile(latencies, 99):.1f}",
                            f"{p95 / engine_p95:.2f}",
                            errors,
                        ]
                    )
                    print(rows[-1], file=sys.stderr)
            print(f"  service start (open pools, warm-up): {start_s:.1f} s", file=sys.stderr)
    headers = [
        "profiles",
        "path",
        "clients",
        "requests",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "p95 ÷ in-process p95",
        "errors",
    ]
    text = "\n".join(
        [
            "# Service load: vacancy → top-20 candidates over HTTP",
            "",
            provenance(),
            "",
            f"Machine load before: {load_before}; after: {busy_note()}. "
            + "One uvicorn process in the bench (the in-process baseline and 1 process), and "
            "`skillmatch serve --workers N` as a subprocess for N > 1; SQLite, real model and "
            "taxonomy; every profile consented to the consultant's "
            "organisation. Target: p95 <= 100 ms at 8 clients for 100k profiles.",
            "",
            markdown_table(headers, rows),
            "",
        ]
    )
    print(text)
    write_result(args.name, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
