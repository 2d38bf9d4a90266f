"""Reading text files that users supply (records, pools, catalogues, labour-market tables)."""

from __future__ import annotations

from pathlib import Path

from taxonomy.errors import BadInputError

#: One profile or vacancy as JSON (its texts are capped at 200,000 characters each).
MAX_RECORD_FILE_BYTES = 5 * 1024 * 1024
#: A batch input of one text per line (``--input FILE``).
MAX_BATCH_INPUT_BYTES = 1024 * 1024 * 1024
#: A pool of records (JSON list or JSONL) given on the command line.
MAX_POOL_FILE_BYTES = 1024 * 1024 * 1024


def read_user_text(path: Path, what: str, max_bytes: int) -> str:
    """The UTF-8 text of ``path`` (a BOM is dropped); BadInputError naming ``what`` otherwise."""
    if not path.is_file():
        raise BadInputError(f"{what} not found: {path}")
    if path.stat().st_size > max_bytes:
        raise BadInputError(f"{what} too large (max {max_bytes} bytes)")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise BadInputError(f"{what} is not UTF-8 text: {path}") from err
