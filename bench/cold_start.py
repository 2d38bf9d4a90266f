"""Cold-start time of the CLI and the service, next to a bare interpreter start.

    .venv/bin/python bench/cold_start.py [--repeats 3]

Measured with warm caches (provisioned model, cached label embeddings), which is the state after
`make run` or `make test` has run once: what a user waits for on every later start.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, markdown_table, provenance, write_result

BIN = Path(sys.executable).parent
CLI = [str(BIN / "skillmatch")]


def timed(argv: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(argv, check=True, capture_output=True, cwd=ROOT)
    return time.monotonic() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_start() -> tuple[float, float]:
    """Seconds until /health answers (start-up includes loading model and indexes), and until
    the first occupation search has answered."""
    port = free_port()
    started = time.monotonic()
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() - started > 300:
                    raise RuntimeError("service did not start") from None
                time.sleep(0.05)
        live = time.monotonic() - started
        urllib.request.urlopen(base + "/v1/occupations/search?q=kok", timeout=60).read()
        return live, time.monotonic() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    subprocess.run([*CLI, "occupations", "index", "--quiet"], check=True, cwd=ROOT)
    runs = {
        "python -c pass (baseline)": lambda: timed([sys.executable, "-c", "pass"]),
        "skillmatch --help": lambda: timed([*CLI, "--help"]),
        "skillmatch taxonomy stats": lambda: timed([*CLI, "taxonomy", "stats"]),
        "skillmatch occupations search kok": lambda: timed([*CLI, "occupations", "search", "kok"]),
    }
    medians = {
        name: statistics.median(run() for _ in range(args.repeats)) for name, run in runs.items()
    }
    service = [service_start() for _ in range(args.repeats)]
    medians["service: /health answers (after warm-up)"] = statistics.median(s[0] for s in service)
    medians["service: first search answered"] = statistics.median(s[1] for s in service)
    base = medians["python -c pass (baseline)"]
    table = markdown_table(
        ["what", "seconds (median)", "÷ bare interpreter"],
        [[name, secs, secs / base] for name, secs in medians.items()],
    )
    text = "\n\n".join(
        [
            "# Cold start of the CLI and the service",
            provenance(),
            f"Median of {args.repeats} runs, warm caches "
            "(model provisioned, label embeddings cached).",
            table,
        ]
    )
    print(text)
    print(f"written to {write_result('cold_start', text)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
