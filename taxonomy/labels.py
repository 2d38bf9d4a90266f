"""Parsing of ESCO label cells."""

from __future__ import annotations

import re

# Most ESCO files separate altLabels by newlines; the collection files (and some v1.2 files,
# e.g. researchOccupationsCollection_nl.csv) use " | ". No ESCO label contains " | ".
_ALT_SEPARATOR = re.compile(r"\r?\n| \| ")


def split_alt_labels(cell: str) -> list[str]:
    """The alternative labels in one ESCO ``altLabels`` cell, stripped, empty ones dropped."""
    if not cell:
        return []
    return [part.strip() for part in _ALT_SEPARATOR.split(cell) if part.strip()]


def clean_text(cell: str) -> str:
    """A label or description cell with surrounding whitespace removed."""
    return cell.strip() if cell else ""
