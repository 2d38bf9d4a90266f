"""Training pairs for the embedding model, built from the taxonomy alone (never the dev sets).

Four kinds, each an (anchor, positive) pair of texts, with a hard negative from a sibling concept:

- ``alt_label``: a Dutch or English alternative label → the preferred label in the same language
  (occupations and skills);
- ``translation``: the Dutch preferred label ↔ the English one, where a concept has both;
- ``description``: a skill's description → its preferred label;
- ``essential_skill``: an occupation's preferred label → the label of one of its essential skills.

Siblings are the concepts closest in the taxonomy: occupations in the same ISCO group (widening to
the parent group when the unit group has no other member), skills under the same broader skill
group (else of the same skill type). Building is deterministic for a seed, drops pairs whose two
sides are the same text, deduplicates (anchor, positive) and caps each kind.

**Fragment negatives.** A model trained on these pairs learns that a short phrase belongs with
the longer labels that contain its words, so the skill ranker's phrase windows ("languages",
"ORGANIZATION") start to beat the exact skill a text names. ``fragment_negatives`` gives that
share of the skill pairs a *generic fragment* of their positive as hard negative instead of a
sibling: one to three words of the label, never the whole label, whose words each occur in at
least :data:`GENERIC_WORD_LABELS` skill labels ("query languages" → "languages"), so a specific
word ("Python") is never taught to be far from its own skill.

Occupation pairs come first: occupation labels are what job titles are matched against (the
MELO target), and they are outnumbered by skill pairs (88k skill alt labels against 50k
occupation ones). ``skill_ratio`` keeps skill pairs (every kind that names a skill) at that many
per occupation pair, so the skill side keeps being trained without drowning the occupations
(bench/results/model_comparison.md: the documented run with ``skill_ratio=0.5`` gained +0.077
MELO MAP; an earlier hour on a mix dominated by skill pairs gained +0.003).
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from enum import StrEnum

from taxonomy import Occupation, Skill, Taxonomy

#: A word in at least this many skill preferred labels (of any language) is generic.
GENERIC_WORD_LABELS = 20
#: The longest fragment, in words.
MAX_FRAGMENT_WORDS = 3
#: Words a fragment neither starts nor ends with.
_STOPWORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the"}
    | {"to", "with", "aan", "als", "bij", "de", "den", "der", "een", "en", "het", "met", "naar"}
    | {"om", "op", "te", "tot", "van", "voor"}
)
_WORD = re.compile(r"\w[\w'-]*")


class PairKind(StrEnum):
    ALT_LABEL = "alt_label"
    TRANSLATION = "translation"
    DESCRIPTION = "description"
    ESSENTIAL_SKILL = "essential_skill"


@dataclass(frozen=True)
class TrainingPair:
    """One training example: ``anchor`` should embed near ``positive`` and far from ``negative``.

    ``concept_uri`` is the concept the positive names; a batch must not hold two examples of
    the same concept, or one's positive becomes the other's false in-batch negative.
    """

    anchor: str
    positive: str
    kind: PairKind
    concept_uri: str
    negative: str | None = None


@dataclass(frozen=True)
class PairOptions:
    """What :func:`build_training_pairs` builds. ``max_per_kind=None`` keeps every pair."""

    seed: int = 13
    max_per_kind: int | None = 20_000
    langs: tuple[str, ...] = ("nl", "en")
    skills_per_occupation: int = 2
    max_description_chars: int = 300
    hard_negatives: bool = True
    #: Skill pairs kept per occupation pair (``None``: no balancing).
    skill_ratio: float | None = 0.5
    #: The kinds built (all four by default).
    kinds: tuple[PairKind, ...] = tuple(PairKind)
    #: Share of skill pairs whose hard negative is a generic fragment of the positive.
    fragment_negatives: float = 0.0
    #: A word in at least this many skill preferred labels (of any language) is generic.
    generic_word_labels: int = GENERIC_WORD_LABELS


def build_training_pairs(
    taxonomy: Taxonomy, options: PairOptions = PairOptions()
) -> list[TrainingPair]:
    """All kinds of pairs, each kind shuffled with ``options.seed`` and capped, skill pairs
    balanced against occupation pairs, in kind order."""
    rng = random.Random(options.seed)
    skills = [taxonomy.skills[uri] for uri in sorted(taxonomy.skills)]
    occupations = [taxonomy.occupations[uri] for uri in sorted(taxonomy.occupations)]
    siblings = _Siblings(skills, occupations)
    raw: dict[PairKind, list[TrainingPair]] = {
        PairKind.ALT_LABEL: [
            *_alt_label_pairs(occupations, options.langs),
            *_alt_label_pairs(skills, options.langs),
        ],
        PairKind.TRANSLATION: [*_translation_pairs(occupations), *_translation_pairs(skills)],
        PairKind.DESCRIPTION: list(_description_pairs(skills, options)),
        PairKind.ESSENTIAL_SKILL: list(_essential_skill_pairs(taxonomy, occupations, options, rng)),
    }
    out: list[TrainingPair] = []
    for kind, pairs in raw.items():
        pairs = _dedupe(pairs)
        rng.shuffle(pairs)  # every kind, so a choice of kinds leaves the others' order as is
        if kind not in options.kinds:
            continue
        if options.max_per_kind is not None:
            pairs = pairs[: options.max_per_kind]
        out.extend(pairs)
    if options.skill_ratio is not None:
        out = _balance(out, taxonomy, options.skill_ratio, rng)
    if options.hard_negatives:
        out = [siblings.with_negative(taxonomy, pair, rng) for pair in out]
    if options.fragment_negatives > 0:
        fragments = _Fragments(skills, options.generic_word_labels, random.Random(options.seed))
        out = [
            fragments.with_negative(pair, options.fragment_negatives)
            if pair.concept_uri in taxonomy.skills
            else pair
            for pair in out
        ]
    return out


def skill_phrases(taxonomy: Taxonomy, generic_word_labels: int = GENERIC_WORD_LABELS) -> list[str]:
    """Every skill preferred label and every generic fragment of one, sorted: the kind of text
    the skill ranker compares (labels against phrase windows)."""
    skills = [taxonomy.skills[uri] for uri in sorted(taxonomy.skills)]
    fragments = _Fragments(skills, generic_word_labels, random.Random(0))
    out: set[str] = set()
    for skill in skills:
        for label in skill.labels.preferred.values():
            out.add(label)
            out.update(fragments.of(label))
    return sorted(out)


def count_fragment_negatives(pairs: Iterable[TrainingPair]) -> int:
    """How many pairs have a fragment of their positive as hard negative."""
    return sum(1 for pair in pairs if pair.negative and _is_fragment(pair.negative, pair.positive))


def count_by_kind(pairs: Iterable[TrainingPair]) -> dict[str, int]:
    """Kind → number of pairs, for every kind (zero included)."""
    counts = Counter(pair.kind.value for pair in pairs)
    return {kind.value: counts.get(kind.value, 0) for kind in PairKind}


# -- the four kinds ------------------------------------------------------------------------------
def _alt_label_pairs(
    concepts: Sequence[Skill | Occupation], langs: tuple[str, ...]
) -> Iterable[TrainingPair]:
    for concept in concepts:
        for lang in langs:
            preferred = concept.labels.preferred.get(lang)
            if not preferred:
                continue
            for alt in concept.labels.alternative.get(lang, ()):
                yield TrainingPair(alt, preferred, PairKind.ALT_LABEL, concept.uri)


def _translation_pairs(concepts: Sequence[Skill | Occupation]) -> Iterable[TrainingPair]:
    for concept in concepts:
        nl, en = concept.labels.preferred.get("nl"), concept.labels.preferred.get("en")
        if nl and en:
            yield TrainingPair(nl, en, PairKind.TRANSLATION, concept.uri)
            yield TrainingPair(en, nl, PairKind.TRANSLATION, concept.uri)


def _description_pairs(skills: Sequence[Skill], options: PairOptions) -> Iterable[TrainingPair]:
    for skill in skills:
        for lang in options.langs:
            description = " ".join(skill.description.get(lang, "").split())
            label = skill.labels.preferred.get(lang)
            if description and label:
                text = _shorten(description, options.max_description_chars)
                yield TrainingPair(text, label, PairKind.DESCRIPTION, skill.uri)


def _essential_skill_pairs(
    taxonomy: Taxonomy,
    occupations: Sequence[Occupation],
    options: PairOptions,
    rng: random.Random,
) -> Iterable[TrainingPair]:
    for occupation in occupations:
        essential = [uri for uri in occupation.essential_skills if uri in taxonomy.skills]
        picked = rng.sample(essential, min(options.skills_per_occupation, len(essential)))
        for skill_uri in picked:
            label = taxonomy.skills[skill_uri].labels.best()
            anchor = occupation.labels.best((label.lang, "en")).text
            yield TrainingPair(anchor, label.text, PairKind.ESSENTIAL_SKILL, skill_uri)


# -- helpers -------------------------------------------------------------------------------------
def _balance(
    pairs: list[TrainingPair], taxonomy: Taxonomy, skill_ratio: float, rng: random.Random
) -> list[TrainingPair]:
    """Every occupation pair, and a random ``skill_ratio`` per occupation pair of the rest."""
    skill_rows = [i for i, pair in enumerate(pairs) if pair.concept_uri not in taxonomy.occupations]
    keep = round(skill_ratio * (len(pairs) - len(skill_rows)))
    dropped = set(skill_rows) - set(rng.sample(skill_rows, min(keep, len(skill_rows))))
    return [pair for i, pair in enumerate(pairs) if i not in dropped]


def _shorten(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return text[:max_chars].rsplit(" ", 1)[0]


def _dedupe(pairs: Iterable[TrainingPair]) -> list[TrainingPair]:
    seen: set[tuple[str, str]] = set()
    out = []
    for pair in pairs:
        key = (pair.anchor.casefold().strip(), pair.positive.casefold().strip())
        if key[0] == key[1] or not key[0] or not key[1] or key in seen:
            continue
        seen.add(key)
        out.append(pair)
    return out


class _Siblings:
    """Sibling concepts of a skill or occupation, and hard negatives drawn from them."""

    def __init__(self, skills: Sequence[Skill], occupations: Sequence[Occupation]) -> None:
        self._by_group: dict[str, list[str]] = defaultdict(list)
        for skill in skills:
            self._by_group[_skill_group(skill)].append(skill.uri)
            self._by_group[f"type:{skill.skill_type.value}"].append(skill.uri)
        for occupation in occupations:
            code = occupation.isco_code
            for depth in range(len(code), 0, -1):
                self._by_group[f"isco:{code[:depth]}"].append(occupation.uri)
        self._group_keys: dict[str, list[str]] = {}
        for skill in skills:
            self._group_keys[skill.uri] = [_skill_group(skill), f"type:{skill.skill_type.value}"]
        for occupation in occupations:
            code = occupation.isco_code
            self._group_keys[occupation.uri] = [
                f"isco:{code[:depth]}" for depth in range(len(code), 0, -1)
            ]

    def of(self, uri: str) -> list[str]:
        """The nearest non-empty sibling set (the concept itself excluded)."""
        for key in self._group_keys.get(uri, ()):
            others = [other for other in self._by_group[key] if other != uri]
            if others:
                return others
        return []

    def with_negative(
        self, taxonomy: Taxonomy, pair: TrainingPair, rng: random.Random
    ) -> TrainingPair:
        """``pair`` with the label of a random sibling, in the positive's language if it has one."""
        lang = _language_of(taxonomy, pair)
        positive = pair.positive.casefold()
        candidates = self.of(pair.concept_uri)
        for uri in rng.sample(candidates, min(5, len(candidates))):
            text = taxonomy.get(uri).labels.best((lang, "en")).text
            if text and text.casefold() != positive:
                return TrainingPair(pair.anchor, pair.positive, pair.kind, pair.concept_uri, text)
        return pair


class _Fragments:
    """Generic fragments of skill labels (see the module docstring), drawn with ``rng``."""

    def __init__(self, skills: Sequence[Skill], generic: int, rng: random.Random) -> None:
        self._rng = rng
        self._generic = generic
        self._frequency: Counter[str] = Counter()
        self._labels: dict[str, set[str]] = defaultdict(set)
        for skill in skills:
            for text in skill.labels.preferred.values():
                self._frequency.update({w.casefold() for w in _WORD.findall(text)})
            for label in skill.labels.all_labels():
                self._labels[skill.uri].add(label.text.casefold().strip())

    def of(self, label: str, own_labels: Set[str] = frozenset()) -> list[str]:
        """Every generic fragment of ``label``, none of them one of ``own_labels``."""
        words = list(_WORD.finditer(label))
        out: list[str] = []
        for size in range(1, min(MAX_FRAGMENT_WORDS, len(words) - 1) + 1):
            for start in range(len(words) - size + 1):
                span = words[start : start + size]
                first, last = span[0].group().casefold(), span[-1].group().casefold()
                if first in _STOPWORDS or last in _STOPWORDS:
                    continue
                generic = all(
                    self._frequency[w.group().casefold()] >= self._generic
                    or w.group().casefold() in _STOPWORDS
                    for w in span
                )
                text = label[span[0].start() : span[-1].end()]
                if generic and text.casefold() not in own_labels:
                    out.append(text)
        return out

    def with_negative(self, pair: TrainingPair, share: float) -> TrainingPair:
        """``pair`` with a generic fragment of its positive as negative, for ``share`` of
        pairs that have one (the others unchanged)."""
        if self._rng.random() >= share:
            return pair
        fragments = self.of(pair.positive, self._labels.get(pair.concept_uri, set()))
        fragments = [f for f in fragments if f.casefold() != pair.anchor.casefold()]
        if not fragments:
            return pair
        negative = self._rng.choice(fragments)
        return TrainingPair(pair.anchor, pair.positive, pair.kind, pair.concept_uri, negative)


def _is_fragment(text: str, label: str) -> bool:
    words, whole = _WORD.findall(text.casefold()), _WORD.findall(label.casefold())
    n = len(words)
    return 0 < n < len(whole) and any(whole[i : i + n] == words for i in range(len(whole)))


def _skill_group(skill: Skill) -> str:
    return f"group:{skill.broader[0]}" if skill.broader else f"type:{skill.skill_type.value}"


def _language_of(taxonomy: Taxonomy, pair: TrainingPair) -> str:
    labels = taxonomy.get(pair.concept_uri).labels
    for lang, text in labels.preferred.items():
        if text == pair.positive:
            return lang
    return "en"
