"""The skill labels the extractor matches against, in channels, with their cached embeddings.

A *channel* is one kind of label: English preferred labels (every skill has one), English
alternative labels, Dutch labels (preferred and alternative; about 16% of skills in the bundled
default). Channels are kept apart because their cosines are not comparable: alternative labels
are noisier than preferred ones, and Dutch text scores higher against Dutch labels than against
English ones (../shared/data/README.md, "Measured pitfall"). The ranker calibrates each channel
before taking a skill's best label (see :mod:`matcher.skills.ranking`).

Rows of a channel are grouped by skill in the order of ``SkillLabelIndex.uris`` (sorted URIs),
so a per-skill maximum is one ``np.maximum.reduceat``. The English preferred channel uses the
same texts and cache namespace as :class:`matcher.vectors.skill_vectors.SkillVectors`, so the two
share
one cached matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from models.embedding_cache import EmbeddingCache
from models.encoder import TextEncoder
from taxonomy.taxonomy import Taxonomy

ProgressCallback = Callable[[int, int], None]

#: Channel name → (label language, cache namespace).
CHANNELS: dict[str, tuple[str, str]] = {
    "en-preferred": ("en", "skill-preferred-en"),
    "en-alternative": ("en", "skill-alternative-en"),
    "nl": ("nl", "skill-labels-nl"),
}


@dataclass(frozen=True)
class LabelChannel:
    """The labels of one channel: text, owning skill (row in ``uris``), vector."""

    name: str
    lang: str
    texts: tuple[str, ...]
    skill_rows: np.ndarray  # (n_labels,) int, non-decreasing
    vectors: np.ndarray | None  # (n_labels, dim) float32, or None for a lexical-only index

    def __len__(self) -> int:
        return len(self.texts)

    def per_skill_max(self, label_scores: np.ndarray, n_skills: int, fill: float) -> np.ndarray:
        """Reduce ``(n_queries, n_labels)`` label scores to ``(n_queries, n_skills)`` maxima.

        Skills without a label in this channel get ``fill``.
        """
        out = np.full((label_scores.shape[0], n_skills), fill, dtype=np.float32)
        if not len(self):
            return out
        starts = np.flatnonzero(np.r_[True, self.skill_rows[1:] != self.skill_rows[:-1]])
        out[:, self.skill_rows[starts]] = np.maximum.reduceat(label_scores, starts, axis=1)
        return out


def channel_labels(taxonomy: Taxonomy, uris: Sequence[str], channel: str) -> list[tuple[int, str]]:
    """``(skill row, label text)`` of one channel, grouped by skill in ``uris`` order."""
    out: list[tuple[int, str]] = []
    for row, uri in enumerate(uris):
        skill = taxonomy.skills[uri]
        if channel == "en-preferred":
            out.append((row, skill.label(("en", "nl")).text))
        elif channel == "en-alternative":
            preferred = skill.labels.preferred.get("en", "").casefold()
            seen = {preferred}
            for text in skill.labels.alternative.get("en", ()):
                if text.casefold() not in seen:
                    seen.add(text.casefold())
                    out.append((row, text))
        elif channel == "nl":
            seen = set()
            texts = [skill.labels.preferred.get("nl", ""), *skill.labels.alternative.get("nl", ())]
            for text in texts:
                if text and text.casefold() not in seen:
                    seen.add(text.casefold())
                    out.append((row, text))
        else:
            raise ValueError(f"unknown label channel {channel!r}; known: {sorted(CHANNELS)}")
    return out


class SkillLabelIndex:
    """All label channels of a taxonomy's skills, with embeddings from the cache."""

    def __init__(self, uris: tuple[str, ...], channels: dict[str, LabelChannel]) -> None:
        self.uris = uris
        self.channels = channels
        self.row = {uri: i for i, uri in enumerate(uris)}

    @classmethod
    def build(
        cls,
        taxonomy: Taxonomy,
        encoder: TextEncoder | None,
        cache: EmbeddingCache | None,
        *,
        channels: Sequence[str] = tuple(CHANNELS),
        progress: ProgressCallback | None = None,
    ) -> SkillLabelIndex:
        """Collect the labels of ``channels``; embed them (cached) unless ``encoder`` is None.

        ``progress(done, total)`` counts labels over all channels.
        """
        uris = tuple(sorted(taxonomy.skills))
        collected = {name: channel_labels(taxonomy, uris, name) for name in channels}
        total = sum(len(v) for v in collected.values())
        done = 0
        out: dict[str, LabelChannel] = {}
        for name, pairs in collected.items():
            lang, namespace = CHANNELS[name]
            texts = [text for _, text in pairs]
            vectors = None
            if encoder is not None:
                if cache is None:
                    raise ValueError("an embedding cache is needed with an encoder")
                offset = done

                def report(d: int, _t: int, offset: int = offset) -> None:
                    if progress:
                        progress(offset + d, total)

                vectors = cache.get_or_compute(
                    encoder,
                    texts,
                    namespace=namespace,
                    version_key=taxonomy.checksum,
                    progress=report,
                )
            done += len(texts)
            out[name] = LabelChannel(
                name=name,
                lang=lang,
                texts=tuple(texts),
                skill_rows=np.fromiter((r for r, _ in pairs), dtype=np.int64, count=len(pairs)),
                vectors=vectors,
            )
        if progress:
            progress(total, total)
        return cls(uris, out)

    def __len__(self) -> int:
        return len(self.uris)
