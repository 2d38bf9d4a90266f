"""Reading small text files that users supply (catalogues, labour-market tables)."""

from __future__ import annotations

from pathlib import Path

from taxonomy.errors import BadInputError


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
