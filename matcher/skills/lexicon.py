"""Exact phrase matches of skill labels in text ("Python", "SQL Server", "actief luisteren").

Labels and text are compared as sequences of normalised tokens (lower case, no accents), so
"Javascript," matches the label "JavaScript" and "Actief luisteren" matches "actief luisteren".
Acronym labels (all capitals, at most :data:`MAX_ACRONYM_CHARS` letters, e.g. "LESS", "SAP",
"CAD") only match text in capitals unless the text has no capitals at all, so the word "less"
does not become the stylesheet language. Labels of a single function word or a single character
are never matched. A label with a trailing qualifier also matches without it ("Python (computer
programming)" is found as "Python").

Each label gets a specificity weight in [0, 1] from how often its token sequence occurs in a
background corpus (the taxonomy's own skill and occupation descriptions):
``specificity = max(0, 1 - log(1 + df) / log(1 + GENERIC_DF))`` where ``df`` is the number of
background texts containing the label: a label in :data:`GENERIC_DF` or more of them is fully
generic (weight 0), one that never appears is fully specific (weight 1). "management" and
"communication" thus weigh less than "Python (computer programming)" or "SQL Server".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from matcher.skills.labels import SkillLabelIndex
from matcher.skills.mentions import FUNCTION_WORDS, tokenize
from matcher.text.normalize import strip_accents

#: Longest label (in tokens) that is looked up.
MAX_LABEL_TOKENS = 8
#: Acronyms up to this length match case-sensitively.
MAX_ACRONYM_CHARS = 5
#: Background document frequency at which a label counts as fully generic.
GENERIC_DF = 200


def normalize_token(token: str) -> str:
    return strip_accents(token.casefold())


@dataclass(frozen=True)
class LexicalHit:
    """A label found verbatim in the text."""

    skill_row: int
    channel: str
    label: str
    start: int
    end: int
    specificity: float


class SkillLexicon:
    """Finds skill labels verbatim in text. Scikit-learn style: ``fit`` learns the label table."""

    def __init__(
        self, max_label_tokens: int = MAX_LABEL_TOKENS, generic_df: int = GENERIC_DF
    ) -> None:
        self.max_label_tokens = max_label_tokens
        self.generic_df = generic_df

    def fit(self, index: SkillLabelIndex, background: Iterable[str] = ()) -> SkillLexicon:
        """Index every label of ``index``; ``background`` texts give the specificity weights."""
        table: dict[tuple[str, ...], list[tuple[int, str, str, str | None]]] = {}
        for name, channel in index.channels.items():
            for text, row in zip(channel.texts, channel.skill_rows, strict=True):
                for variant in _variants(text):
                    key = tuple(normalize_token(t.text) for t in tokenize(variant))
                    if not key or len(key) > self.max_label_tokens or _unmatchable(key):
                        continue
                    # an acronym must appear in this exact spelling
                    spelling = variant if _is_acronym(variant) else None
                    entries = table.setdefault(key, [])
                    if all(e[0] != int(row) for e in entries):
                        entries.append((int(row), name, text, spelling))
        self.table_ = table
        self.longest_ = max((len(k) for k in table), default=0)
        self.prefixes_ = {key[:n] for key in table for n in range(1, len(key))}
        self.document_frequency_, self.n_documents_ = self._document_frequency(background)
        return self

    def _document_frequency(
        self, background: Iterable[str]
    ) -> tuple[dict[tuple[str, ...], int], int]:
        """Background texts containing each label's token sequence, and the number of texts."""
        counts: dict[tuple[str, ...], int] = {}
        n = 0
        for text in background:
            n += 1
            tokens = [normalize_token(t.text) for t in tokenize(text)]
            found = set()
            for i in range(len(tokens)):
                for j in range(i + 1, min(i + self.longest_, len(tokens)) + 1):
                    key = tuple(tokens[i:j])
                    if key in self.table_:
                        found.add(key)
                    if key not in self.prefixes_:
                        break
            for key in found:
                counts[key] = counts.get(key, 0) + 1
        return counts, n

    def specificity(self, key: tuple[str, ...]) -> float:
        """1 for a label absent from the background, towards 0 for a generic one."""
        df = self.document_frequency_.get(key, 0)
        return float(np.clip(1.0 - math.log1p(df) / math.log1p(self.generic_df), 0.0, 1.0))

    def find(self, text: str, offset: int = 0) -> list[LexicalHit]:
        """Every label occurrence in ``text`` (offsets shifted by ``offset``), longest first at
        each position; a shorter label inside a longer match is still reported."""
        tokens = tokenize(text)
        keys = [normalize_token(t.text) for t in tokens]
        has_capitals = any(ch.isupper() for ch in text)
        hits: list[LexicalHit] = []
        for i in range(len(tokens)):
            ends = []
            for j in range(i + 1, min(len(tokens), i + self.longest_) + 1):
                key = tuple(keys[i:j])
                if key in self.table_:
                    ends.append(j)
                if key not in self.prefixes_:
                    break
            for j in reversed(ends):
                key = tuple(keys[i:j])
                entries = self.table_[key]
                surface = text[tokens[i].start : tokens[j - 1].end]
                weight = self.specificity(key)
                for row, channel, label, spelling in entries:
                    if spelling and has_capitals and surface != spelling:
                        continue
                    hits.append(
                        LexicalHit(
                            row,
                            channel,
                            label,
                            tokens[i].start + offset,
                            tokens[j - 1].end + offset,
                            weight,
                        )
                    )
        return hits


_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


def _variants(label: str) -> list[str]:
    """The label, and without a trailing qualifier: "Python (computer programming)" → "Python"."""
    bare = _QUALIFIER.sub("", label).strip()
    return [label, bare] if bare and bare != label else [label]


def _is_acronym(label: str) -> bool:
    letters = [ch for ch in label if ch.isalpha()]
    return 0 < len(letters) <= MAX_ACRONYM_CHARS and all(ch.isupper() for ch in letters)


def _unmatchable(key: tuple[str, ...]) -> bool:
    return len(key) == 1 and (key[0] in FUNCTION_WORDS or len(key[0]) < 2)
