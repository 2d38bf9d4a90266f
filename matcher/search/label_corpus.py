"""The label corpus: every label of every concept, as rows the search indexes are built on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from taxonomy.concepts import Labels


@dataclass(frozen=True)
class LabelEntry:
    """One label of one concept."""

    concept_uri: str
    text: str
    lang: str
    preferred: bool


@dataclass(frozen=True)
class LabelCorpus:
    """Labels with the concept each belongs to, in a fixed order (row i ↔ vector i)."""

    entries: tuple[LabelEntry, ...]

    @classmethod
    def from_labels(
        cls, concepts: Iterable[tuple[str, Labels]], langs: tuple[str, ...] | None = None
    ) -> LabelCorpus:
        """Build the corpus from ``(uri, labels)`` pairs, optionally limited to ``langs``."""
        entries: list[LabelEntry] = []
        for uri, labels in concepts:
            preferred = {(lang, text.casefold()) for lang, text in labels.preferred.items()}
            for label in labels.all_labels():
                if langs is not None and label.lang not in langs:
                    continue
                is_pref = (label.lang, label.text.casefold()) in preferred
                entries.append(LabelEntry(uri, label.text, label.lang, is_pref))
        return cls(tuple(entries))

    @property
    def texts(self) -> list[str]:
        return [entry.text for entry in self.entries]

    @property
    def concept_uris(self) -> list[str]:
        return [entry.concept_uri for entry in self.entries]

    def __len__(self) -> int:
        return len(self.entries)
