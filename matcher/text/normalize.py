"""Normalisation of short texts such as job titles before lexical matching."""

from __future__ import annotations

import re
import unicodedata

# Gender and inclusivity markers in Dutch/Belgian/German/French job ads: "(m/v)", "m/v/x", "(h/f)".
_GENDER_MARKER = re.compile(
    r"\(?\b(?:m\s*/\s*v(?:\s*/\s*x)?|v\s*/\s*m|h\s*/\s*f|m\s*/\s*f|m\s*/\s*w(?:\s*/\s*d)?)\b\)?",
    re.I,
)
_NON_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """ "Verpleegkundige" stays, "coördinator" becomes "coordinator"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_title(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form of a title for lexical comparison.

    Gender markers such as "(m/v/x)" are dropped; hyphens and slashes become spaces so that
    "piercer-tatoeëerder" matches "piercer tatoeëerder".
    """
    text = _GENDER_MARKER.sub(" ", text)
    text = strip_accents(text.casefold())
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def clean_query(text: str) -> str:
    """A query as given to the embedding model: gender markers removed, whitespace collapsed."""
    return _SPACES.sub(" ", _GENDER_MARKER.sub(" ", text)).strip()
