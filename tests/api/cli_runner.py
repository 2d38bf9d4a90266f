"""Run the real ``skillmatch`` entry point in-process and capture what it prints."""

from __future__ import annotations

import sys

import pytest

import api.cli


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """``skillmatch ARGS``: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["skillmatch", *args])
    with pytest.raises(SystemExit) as exit_info:
        api.cli.main()
        raise SystemExit(0)
    out = capsys.readouterr()
    return exit_info.value.code or 0, out.out, out.err
