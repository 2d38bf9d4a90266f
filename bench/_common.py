"""Shared bits of the benchmark scripts: locating dev data, writing result tables."""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEV = ROOT.parent / "shared" / "data" / "dev"


def markdown_table(headers: list[str], rows: list[list[object]]) -> str:
    def fmt(value: object) -> str:
        return f"{value:.4f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def provenance() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        commit = "?"
    return (
        f"_Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit or '(uncommitted)'}, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}._"
    )


def write_result(name: str, text: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text(text + "\n", encoding="utf-8")
    return path
