"""Load on the HTTP service over loopback: match requests (vacancy → top-20 candidates) with 1, 8
and 32 concurrent clients over 10k and 100k stored profiles, next to the engine's in-process
latency for the same queries measured in the same run.

    .venv/bin/python bench/service_load.py [--sizes 10000 100000] [--seconds 15] [--workers 1 2]
        [--threads 1]

The service runs as ``make run`` does (``skillmatch serve --workers N`` as a subprocess: uvicorn,
SQLite in a temp folder, the real model and taxonomy) and is loaded by wrk (``apt-get install
wrk``; C, one thread, so the load generator takes little of the cores the service needs), with a
consultant key whose organisation every synthetic profile consented
to (so consent filtering is part of every query). Profiles and vacancies are the synthetic ESCO
pools of ``bench/match_scale.py``. Target: p95 <= 100 ms at 8 clients for 100k profiles.
Writes ``bench/results/service_load.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
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
from tests.api.live_server import free_port

ORGANISATION = "Bench WSP"
CONCURRENCY = (1, 8, 32)
N_VACANCIES = 50
WARM_UP_SECONDS = 10
#: Pause after a round: requests wrk left in flight are answered before the next round starts
#: (else the first requests of a 1-client round wait behind a 32-client backlog).
SETTLE_SECONDS = 3


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
def serve_processes(settings: Settings, workers: int, threads: int = 1, timeout: float = 1800):
    """``skillmatch serve --workers N`` with ``SKILLMATCH_WORKER_THREADS`` = ``threads`` on the
    bench database; yields its base URL once every worker answers ``/ready`` (each one opens
    both pools)."""
    port = free_port()
    env = {
        **os.environ,
        "SKILLMATCH_DATA_DIR": str(settings.data_dir),
        "SKILLMATCH_DATABASE_URL": str(settings.database_url),
        "SKILLMATCH_RATE_LIMIT": settings.rate_limit,
        "SKILLMATCH_INDEX_SAVE_INTERVAL_S": str(settings.index_save_interval_s),
        "SKILLMATCH_WORKER_THREADS": str(threads),
    }
    command = [str(Path(sys.executable).parent / "skillmatch"), "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline, ready = time.monotonic() + timeout, set()
    try:
        # every worker must answer: one that is still loading takes a core from the others
        while len(ready) < workers:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the service processes did not start")
            with contextlib.suppress(httpx.HTTPError):
                answer = httpx.get(f"{base}/ready", timeout=5)
                if answer.status_code == 200:
                    ready.add(answer.json()["worker"])
            time.sleep(0.5 if not ready else 0.05)
        yield base
    finally:
        process.terminate()
        process.wait(60)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q)) if values else float("nan")


WRK_SCRIPT = """
local ids = {%(ids)s}
local n = 0
request = function()
  n = n + 1
  local path = "/v1/vacancies/" .. ids[(n %% #ids) + 1] .. "/candidates?limit=20"
  return wrk.format("GET", path, {["X-API-Key"] = "%(token)s"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %%d, \\"seconds\\": %%f, \\"errors\\": %%d, "
    .. "\\"p50\\": %%f, \\"p95\\": %%f, \\"p99\\": %%f}\\n",
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def http_round(
    base: str, token: str, vacancy_ids: list[str], clients: int, seconds: float
) -> dict[str, float]:
    """``clients`` connections kept busy for ``seconds`` by wrk (one thread, C: the load
    generator takes little of the two cores the service runs on); latency percentiles in ms."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        ids = ", ".join(f'"{v}"' for v in vacancy_ids)
        script.write(WRK_SCRIPT % {"ids": ids, "token": token})
    try:
        command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "60s"]
        done = subprocess.run(
            [*command, "-s", script.name, base], capture_output=True, text=True, check=True
        )
    finally:
        os.unlink(script.name)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seconds", type=float, default=15, help="per concurrency level")
    parser.add_argument("--requests", type=int, default=200, help="in-process baseline")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="service processes (one round each)"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="requests each process runs at once (WORKER_THREADS)"
    )
    parser.add_argument("--name", default="service_load", help="results file name")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("error: wrk not found (the load generator; apt-get install wrk)", file=sys.stderr)
        return 2
    load_before = busy_note()
    base_runtime = Runtime(Settings())
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="service-load-") as tmp:
            print(f"size {n:,}: building the database", file=sys.stderr)
            settings, vacancy_ids = build_database(Path(tmp), n, base_runtime)
            app = create_app(settings, runtime=Runtime(settings), warm_up=True, run_jobs=False)
            services = app.state.services
            token = services.keys.create("consultant", organisation=ORGANISATION).token
            who = Principal("bench", Role.CONSULTANT, ORGANISATION)
            for vid in vacancy_ids[:5]:  # warm caches (consent set, filter table)
                services.matching.candidates(who, vid, limit=20)
            in_process = []
            for i in range(args.requests):
                t1 = time.perf_counter()
                services.matching.candidates(who, vacancy_ids[i % len(vacancy_ids)], limit=20)
                in_process.append((time.perf_counter() - t1) * 1000)
            del app, services
            gc.collect()
            engine_p95 = percentile(in_process, 95)
            rows.append(
                [f"{n:,}", "in-process (engine + consent, baseline)", 1, len(in_process), "-",
                 f"{percentile(in_process, 50):.1f}", f"{engine_p95:.1f}",
                 f"{percentile(in_process, 99):.1f}", "1.00", 0]
            )  # fmt: skip
            for workers in args.workers:
                with serve_processes(settings, workers, args.threads) as base:
                    # unmeasured: each worker's first requests fill its caches (consent set,
                    # prepared requirements, index and database pages)
                    http_round(base, token, vacancy_ids, max(CONCURRENCY), WARM_UP_SECONDS)
                    time.sleep(SETTLE_SECONDS)
                    for clients in CONCURRENCY:
                        r = http_round(base, token, vacancy_ids, clients, args.seconds)
                        rows.append(
                            [f"{n:,}", f"HTTP, {workers} process{'es' if workers > 1 else ''} "
                             f"× {args.threads} thread{'s' if args.threads > 1 else ''}",
                             clients, r["requests"], f"{r['requests'] / r['seconds']:.1f}",
                             f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['p99']:.1f}",
                             f"{r['p95'] / engine_p95:.2f}", r["errors"]]
                        )  # fmt: skip
                        print(rows[-1], file=sys.stderr)
                        time.sleep(SETTLE_SECONDS)
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
            + "The in-process baseline calls the match service in the bench process; HTTP "
            "rounds run `skillmatch serve --workers N` as a subprocess (uvicorn, SQLite, real "
            f"model and taxonomy) loaded by wrk (one thread, {args.seconds:g} s per level, closed "
            "loop: each connection sends its next request when its last one is answered); every "
            "profile consented to the consultant's organisation. Each process runs "
            f"{args.threads} request(s) at once (`SKILLMATCH_WORKER_THREADS`); with several "
            "processes a busy one sheds connections to the others (`api/balance.py`). A round "
            f"starts {SETTLE_SECONDS} s after the last one. Target: p95 <= 100 ms at 8 clients "
            "for 100k profiles.",
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
