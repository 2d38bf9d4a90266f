"""Skill autocomplete: what a person types ("kass", "excel", "klantvr") → taxonomy skills.

For forms where someone adds a skill by hand, so it is lexical and instant (no model): every
preferred and alternative label of every skill (Dutch and English) is a candidate: the label
itself, then a label that starts with the query, then one with the query as a whole word, then one
with a word that starts with it; only when no label has such a word, fuzzy matches (rapidfuzz,
which tolerates typos) are offered. Labels in the requested
language win ties, and each skill appears once, with its best label in the requested language.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from taxonomy.errors import BadInputError
from taxonomy.taxonomy import Taxonomy

#: Longest query accepted.
MAX_QUERY_CHARS = 100
#: Lowest fuzzy score (0-100) a label must reach when no word starts with the query.
MIN_FUZZY_SCORE = 85
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SkillSuggestion:
    uri: str
    label: str  # the skill's preferred label in the requested language (else English)
    lang: str
    type: str  # kennis | vaardigheden | soft skills
    matched_label: str  # the label the query matched
    score: float  # 0-1

    def as_dict(self) -> dict:
        return {
            "uri": self.uri,
            "label": self.label,
            "lang": self.lang,
            "type": self.type,
            "matched_label": self.matched_label,
            "score": round(self.score, 4),
        }


class SkillAutocomplete:
    """Built once per taxonomy (``fit``); ``suggest`` answers in milliseconds."""

    def fit(self, taxonomy: Taxonomy) -> SkillAutocomplete:
        texts, rows, langs = [], [], []
        self.uris_ = sorted(taxonomy.skills)
        for row, uri in enumerate(self.uris_):
            for label in taxonomy.skills[uri].labels.all_labels():
                texts.append(label.text.casefold())
                rows.append(row)
                langs.append(label.lang)
        self.texts_ = texts
        self.original_ = [
            label.text for uri in self.uris_ for label in taxonomy.skills[uri].labels.all_labels()
        ]
        self.rows_ = np.array(rows, dtype=np.int64)
        self.langs_ = langs
        self.taxonomy_ = taxonomy
        words: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            for word in set(_WORD.findall(text)):
                words.setdefault(word, []).append(i)
        self.vocabulary_ = sorted(words)
        self.labels_of_word_ = [words[w] for w in self.vocabulary_]
        return self

    def _labels_with_a_word_starting(self, prefix: str) -> set[int]:
        start = bisect.bisect_left(self.vocabulary_, prefix)
        out: set[int] = set()
        for k in range(start, len(self.vocabulary_)):
            if not self.vocabulary_[k].startswith(prefix):
                break
            out.update(self.labels_of_word_[k])
        return out

    def suggest(self, query: str, *, lang: str = "nl", limit: int = 10) -> list[SkillSuggestion]:
        q = " ".join(query.casefold().split())
        if not q:
            raise BadInputError("the query is empty")
        if len(q) > MAX_QUERY_CHARS:
            raise BadInputError(f"the query is longer than {MAX_QUERY_CHARS} characters")
        langs = (lang, "en") if lang != "en" else ("en", "nl")
        best: dict[int, tuple[float, int]] = {}  # skill row → (score, label index)
        first = (_WORD.findall(q) or [q])[0]
        for i in self._labels_with_a_word_starting(first):
            text = self.texts_[i]
            if text == q:
                score = 1.0
            elif text.startswith(q):
                score = 0.95
            elif re.search(rf"\b{re.escape(q)}\b", text):
                score = 0.93
            elif f" {q}" in f" {text}":
                score = 0.9
            else:
                continue
            self._keep(best, i, score, lang)
        if not best:  # no label has a word that starts with it: allow typos
            for _, score, i in process.extract(
                q,
                self.texts_,
                scorer=fuzz.ratio if len(q) < 5 else fuzz.partial_ratio,
                limit=limit * 5,
                score_cutoff=MIN_FUZZY_SCORE,
                processor=None,
            ):
                if len(self.texts_[i]) >= len(q) - 1:
                    self._keep(best, i, 0.8 * score / 100, lang)
        order = sorted(best.items(), key=lambda item: (-item[1][0], self.uris_[item[0]]))[:limit]
        out = []
        for row, (score, i) in order:
            skill = self.taxonomy_.skills[self.uris_[row]]
            label = skill.label(langs)
            out.append(
                SkillSuggestion(
                    skill.uri,
                    label.text,
                    label.lang,
                    skill.skill_type.value,
                    self.original_[i],
                    score,
                )
            )
        return out

    def _keep(self, best: dict[int, tuple[float, int]], i: int, score: float, lang: str) -> None:
        if self.langs_[i] == lang:
            score += 0.01  # labels in the asked language win ties
        row = int(self.rows_[i])
        if row not in best or score > best[row][0]:
            best[row] = (min(score, 1.0), i)
