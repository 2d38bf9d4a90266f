"""Helpers every CLI command shares: input lines, output formats, progress."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from tqdm import tqdm

from matcher.user_files import MAX_BATCH_INPUT_BYTES, read_user_text
from taxonomy.errors import BadInputError

T = TypeVar("T")


class OutputFormat(StrEnum):
    TEXT = "text"
    JSONL = "jsonl"


def read_queries(input_path: str | None, single: str | None) -> list[str]:
    """Lines from ``--input FILE`` (``-`` is stdin) or the single positional query.

    Empty lines are kept (the batch contract is one output line per input line).
    """
    if input_path is None and single is None:
        raise BadInputError("give a query as an argument or --input FILE (- for stdin)")
    if input_path is not None and single is not None:
        raise BadInputError("give either a query argument or --input, not both")
    if single is not None:
        return [single]
    if input_path == "-":
        text = sys.stdin.read()
    else:
        text = read_user_text(Path(input_path), "input file", MAX_BATCH_INPUT_BYTES)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def progress(
    items: Iterable[T], *, total: int | None, desc: str, quiet: bool, fmt: OutputFormat
) -> Iterator[T]:
    """A progress bar on stderr for text output; silent with --quiet or --format jsonl."""
    if quiet or fmt is OutputFormat.JSONL or not sys.stderr.isatty():
        yield from items
        return
    yield from tqdm(items, total=total, desc=desc, unit="it", file=sys.stderr)


class ProgressReporter:
    """A callback for library functions that report ``(done, total)``.

    Text format shows a tqdm bar on stderr; jsonl format writes progress events to stderr;
    quiet shows nothing.
    """

    def __init__(self, desc: str, *, quiet: bool, fmt: OutputFormat) -> None:
        self.desc = desc
        self.quiet = quiet
        self.fmt = fmt
        self._bar: tqdm | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        if self.fmt is OutputFormat.JSONL:
            sys.stderr.write(
                json.dumps({"event": "progress", "task": self.desc, "done": done, "total": total})
                + "\n"
            )
            return
        if self._bar is None:
            self._bar = tqdm(total=total, desc=self.desc, file=sys.stderr, unit="it")
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def summary(message: str, *, quiet: bool, fmt: OutputFormat, **fields: Any) -> None:
    """The one-line summary that ends long work (stdout)."""
    if quiet:
        return
    if fmt is OutputFormat.JSONL:
        emit_json({"event": "done", "message": message, **fields})
    else:
        print(message)
