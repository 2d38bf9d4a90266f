"""Mapping stage of text → skills: every taxonomy skill scored for a short text (a sentence).

The fusion rule, for a text t (a sentence, list item or heading), its phrase windows
m ∈ M(t) (:mod:`matcher.skills.mentions`) and a skill s:

    f(t, s) = w_sentence · e(t, s) + w_mention · max_m e(m, s) + w_lexical · lex(t, s)
              [+ w_occupation · occupation score, see below]
    e(x, s) = max( cos(x, English preferred label of s),
                   cos(x, Dutch labels of s) − dutch_offset )

``cos`` is the e5 cosine with "query: " on both sides; ``lex`` is the specificity of the best
verbatim label match (alternative labels count ``alternative_lexical`` times as much;
:mod:`matcher.skills.lexicon`). Scoring phrase windows as well as the whole sentence is what
matters most: a sentence embedding is a blend of everything the sentence says, a window such as
"SQL" or "troubleshoot websites" names one skill (TECH validation MRR 0.51 → 0.82, see
bench/results/skill_extraction.md).

Measured choices (TECH/HOUSE validation; Dutch check on taxonomy occupation descriptions):

- **English alternative labels are matched lexically only.** Adding their embeddings (max per
  skill, penalties 0-0.05) lowered TECH MRR (0.83 → 0.78-0.82) and left HOUSE unchanged: a skill
  with many alternative labels gets many chances of a lucky cosine. It also saves embedding
  85k labels on first use.
- **Dutch labels get a calibrated offset.** Dutch sentences score higher against Dutch labels
  than against English ones; without an offset the 16% of skills with Dutch labels took 76% of
  the top-10 places for Dutch occupation descriptions and MRR fell from 0.43 to 0.30.
  :data:`DUTCH_LABEL_OFFSET` is the smallest offset at which their share of the top 10 is back
  at their share of the gold skills (0.17 vs 0.15); English text is unaffected.
- A hubness correction (subtracting a skill's mean similarity to its nearest labels) and a
  penalty on one-word windows were tried and lowered MRR on both sets; they are not used.

**Occupation prior.** :meth:`SkillRanker.occupation_prior` turns title-like lines (headings,
short lines of the same document) into a per-skill boost: the occupations they name with a
search score of at least :data:`OCCUPATION_PRIOR_MIN_SCORE` add ``w_occupation × score`` to their
*essential* skills, but only to skills already among the text's :data:`PRIOR_CANDIDATES` best:
the prior re-orders skills the text supports and never introduces one the text does not mention.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from matcher.search.occupation_search import OccupationSearch
from matcher.skills.labels import SkillLabelIndex
from matcher.skills.lexicon import LexicalHit, SkillLexicon
from matcher.skills.mentions import Mention, candidate_mentions
from models.encoder import TextEncoder
from taxonomy.taxonomy import Taxonomy

ProgressCallback = Callable[[int, int], None]

#: Subtracted from cosines against Dutch labels (calibrated, see the module docstring).
DUTCH_LABEL_OFFSET = 0.06
#: Lowest occupation-search score that counts as "the text names this occupation". On MELO
#: (Belgian-Dutch job titles) the top-1 occupation is right for 71% of titles scoring at least
#: this, against 56% over all titles.
OCCUPATION_PRIOR_MIN_SCORE = 0.80
#: The prior only re-orders skills among the text's best this many.
PRIOR_CANDIDATES = 50
#: Texts longer than this are cut before embedding (e5 reads 512 tokens at most).
MAX_TEXT_CHARS = 2000


@dataclass(frozen=True)
class RankingWeights:
    """Parameters of the fusion rule (see the module docstring)."""

    sentence: float = 0.5
    mention: float = 0.5
    lexical: float = 0.05
    alternative_lexical: float = 0.5
    dutch_offset: float = DUTCH_LABEL_OFFSET
    occupation: float = 0.02
    max_mention_tokens: int = 4
    #: Label channels whose embeddings are scored ("en-preferred", "nl").
    channels: tuple[str, ...] = ("en-preferred", "nl")

    @classmethod
    def zero_shot(cls) -> RankingWeights:
        """The baseline: the whole text against English preferred labels, nothing else."""
        return cls(
            sentence=1.0, mention=0.0, lexical=0.0, occupation=0.0, channels=("en-preferred",)
        )


@dataclass
class TextScores:
    """Fused scores of every skill for one text, with what each score rests on."""

    fused: np.ndarray  # (n_skills,) float32
    mentions: list[Mention]
    #: Per skill: index into ``mentions`` of its best window, or -1 (no windows scored).
    best_mention: np.ndarray
    lexical_hits: dict[int, LexicalHit] = field(default_factory=dict)

    def top(self, k: int) -> np.ndarray:
        """Rows of the ``k`` best skills, best first (ties broken by row)."""
        k = min(k, len(self.fused))
        part = np.argpartition(-self.fused, k - 1)[:k] if k < len(self.fused) else np.arange(k)
        return part[np.lexsort((part, -self.fused[part]))]


class SkillRanker:
    """Scores taxonomy skills for short texts. ``fit`` wires the fitted indexes together."""

    def __init__(
        self,
        weights: RankingWeights | None = None,
        batch_size: int = 64,
        prior_candidates: int = PRIOR_CANDIDATES,
    ) -> None:
        self.weights = weights or RankingWeights()
        self.batch_size = batch_size
        self.prior_candidates = prior_candidates

    def fit(
        self,
        taxonomy: Taxonomy,
        encoder: TextEncoder | None,
        labels: SkillLabelIndex,
        lexicon: SkillLexicon | None = None,
        occupations: OccupationSearch | None = None,
    ) -> SkillRanker:
        w = self.weights
        uses_embeddings = w.sentence > 0 or w.mention > 0
        if uses_embeddings and encoder is None:
            raise ValueError("an encoder is needed when embedding weights are > 0")
        missing = [
            c for c in w.channels if c not in labels.channels or labels.channels[c].vectors is None
        ]
        if uses_embeddings and missing:
            raise ValueError(f"label channels without embeddings: {', '.join(missing)}")
        if w.lexical > 0 and lexicon is None:
            raise ValueError("a fitted SkillLexicon is needed when the lexical weight is > 0")
        self.taxonomy_ = taxonomy
        self.encoder_ = encoder
        self.labels_ = labels
        self.lexicon_ = lexicon
        self.occupations_ = occupations
        self.essential_rows_ = {
            uri: np.array(
                [labels.row[s] for s in occ.essential_skills if s in labels.row], dtype=np.int64
            )
            for uri, occ in taxonomy.occupations.items()
        }
        return self

    @property
    def n_skills(self) -> int:
        return len(self.labels_)

    @property
    def uris(self) -> tuple[str, ...]:
        return self.labels_.uris

    # -- embedding ------------------------------------------------------------------------------
    def embed(
        self, strings: Sequence[str], progress: ProgressCallback | None = None
    ) -> dict[str, np.ndarray]:
        """Vectors of the distinct non-empty ``strings`` ("query" prompt), keyed by string."""
        distinct = list(dict.fromkeys(s[:MAX_TEXT_CHARS] for s in strings if s.strip()))
        if not distinct or self.encoder_ is None:
            return {}
        vectors = self.encoder_.encode(
            distinct, prompt="query", batch_size=self.batch_size, progress=progress
        )
        return dict(zip(distinct, vectors, strict=True))

    def strings_to_embed(self, texts: Sequence[str]) -> list[str]:
        """Every string :meth:`score` needs a vector for: the texts and their windows."""
        w = self.weights
        out: list[str] = []
        for text in texts:
            if not text.strip():
                continue
            if w.sentence > 0:
                out.append(text[:MAX_TEXT_CHARS])
            if w.mention > 0:
                out.extend(m.text for m in self._mentions(text))
        return out

    # -- scoring --------------------------------------------------------------------------------
    def score(
        self,
        texts: Sequence[str],
        *,
        vectors: dict[str, np.ndarray] | None = None,
        priors: Sequence[np.ndarray | None] | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[TextScores | None]:
        """Scores per text (None for an empty text).

        ``vectors`` may hold precomputed embeddings (from :meth:`embed`); missing ones are
        computed here. ``priors`` (one per text, from :meth:`occupation_prior`) add the
        occupation prior.
        """
        w = self.weights
        if priors is not None and len(priors) != len(texts):
            raise ValueError(f"{len(priors)} priors for {len(texts)} texts")
        needed = self.strings_to_embed(texts)
        if w.sentence > 0 or w.mention > 0:
            known = vectors or {}
            todo = [s for s in needed if s[:MAX_TEXT_CHARS] not in known]
            vectors = {**known, **self.embed(todo, progress)} if todo else known
        return [
            self._score_one(text, vectors or {}, priors[i] if priors is not None else None)
            if text.strip()
            else None
            for i, text in enumerate(texts)
        ]

    def occupation_prior(self, titles: Sequence[str]) -> np.ndarray | None:
        """Per-skill boost from the occupations ``titles`` name (None when there is none)."""
        w = self.weights
        titles = [t.strip()[:300] for t in titles if t.strip()]
        if not titles or w.occupation <= 0 or self.occupations_ is None:
            return None
        boost = np.zeros(self.n_skills, dtype=np.float32)
        for hits in self.occupations_.search(titles, top=1):
            if hits and hits[0].score >= OCCUPATION_PRIOR_MIN_SCORE:
                rows = self.essential_rows_.get(hits[0].uri)
                if rows is not None and len(rows):
                    boost[rows] = np.maximum(boost[rows], w.occupation * hits[0].score)
        return boost if boost.any() else None

    def _mentions(self, text: str) -> list[Mention]:
        return candidate_mentions(text[:MAX_TEXT_CHARS], self.weights.max_mention_tokens)

    def _channel_scores(self, matrix: np.ndarray) -> np.ndarray:
        """(n, n_skills) best calibrated label cosine per skill over the scored channels."""
        w = self.weights
        out = np.full((len(matrix), self.n_skills), -1.0, dtype=np.float32)
        for name in w.channels:
            channel = self.labels_.channels[name]
            cos = channel.per_skill_max(matrix @ channel.vectors.T, self.n_skills, -1.0)
            if channel.lang == "nl":
                cos -= w.dutch_offset
            np.maximum(out, cos, out=out)
        return out

    def _score_one(
        self, text: str, vectors: dict[str, np.ndarray], prior: np.ndarray | None
    ) -> TextScores:
        w = self.weights
        n = self.n_skills
        fused = np.zeros(n, dtype=np.float32)
        if w.sentence > 0:
            sentence = vectors[text[:MAX_TEXT_CHARS]][None, :]
            fused += w.sentence * self._channel_scores(sentence)[0]
        mentions = self._mentions(text) if w.mention > 0 else []
        best = np.full(n, -1, dtype=np.int64)
        if mentions:
            per_mention = self._channel_scores(np.stack([vectors[m.text] for m in mentions]))
            best = per_mention.argmax(axis=0)
            fused += w.mention * per_mention[best, np.arange(n)]
        elif w.mention > 0 and w.sentence > 0:
            fused += w.mention * self._channel_scores(vectors[text[:MAX_TEXT_CHARS]][None, :])[0]
        hits: dict[int, LexicalHit] = {}
        if w.lexical > 0 and self.lexicon_ is not None:
            lexical = np.zeros(n, dtype=np.float32)
            for hit in self.lexicon_.find(text):
                factor = w.alternative_lexical if hit.channel == "en-alternative" else 1.0
                value = factor * hit.specificity
                if hit.skill_row not in hits or value > lexical[hit.skill_row]:
                    lexical[hit.skill_row] = value
                    hits[hit.skill_row] = hit
            fused += w.lexical * lexical
        scores = TextScores(fused, mentions, best, hits)
        if prior is not None:
            candidates = scores.top(self.prior_candidates)
            fused[candidates] += prior[candidates]
        return scores
