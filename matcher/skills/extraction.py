"""Text → skills: a CV or vacancy text becomes a set of taxonomy skills with evidence.

Pipeline (each stage its own module, so each can be measured alone):

1. :func:`matcher.text.segmentation.segment_text` — headings, list items and sentences with offsets;
2. :class:`matcher.text.boilerplate.BoilerplateFilter` — benefits, about-us, diversity and
   application segments are skipped;
3. :class:`matcher.skills.ranking.SkillRanker` — every skill scored per segment (phrase
   windows, lexical label hits, an occupation prior from the document's title-like lines);
4. here: fused scores become probabilities (:class:`ScoreCalibration`), skills at or above the
   calibrated threshold are kept (at most ``max_per_segment`` per segment), and each skill keeps
   its best segment as evidence: the label found verbatim, else the phrase window that matched
   best.

Scores are calibrated per embedding model (cosine ranges differ between models):
:data:`E5_SMALL_CALIBRATION` was fitted on TECH validation (``bench/skill_extraction.py
--calibrate``) and is used for any model without its own entry in :data:`CALIBRATIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from matcher.skills.ranking import SkillRanker, TextScores
from matcher.text.boilerplate import BoilerplateFilter, BoilerplateKind
from matcher.text.language import detect_language
from matcher.text.segmentation import Segment, SegmentKind, segment_text
from taxonomy.concepts import DEFAULT_LANGS
from taxonomy.errors import BadInputError

ProgressCallback = Callable[[int, int], None]

#: Most skills one segment can yield (a sentence rarely names more).
MAX_SKILLS_PER_SEGMENT = 5
#: Most skills one evidence span can yield: a generic word ("planning") otherwise brings in
#: every skill that contains it (urban planning, airport planning, ...). Measured: precision
#: TECH 0.43 → 0.46 and HOUSE 0.52 → 0.56 at unchanged recall (no cap / 2).
MAX_SKILLS_PER_EVIDENCE = 2
#: Segments of at most this many words (and headings) are searched as occupation titles.
MAX_TITLE_WORDS = 6
#: At most this many title-like lines per document feed the occupation prior.
MAX_TITLES = 5
#: A segment naming a skill label at least this specific (see matcher.skills.lexicon) is never
#: skipped as boilerplate on embedding similarity alone.
PROTECTING_SPECIFICITY = 0.5


@dataclass(frozen=True)
class ScoreCalibration:
    """``p = 1 / (1 + exp(-(slope · (fused + shift[lang]) + intercept)))``; kept when
    ``p ≥ threshold``.

    ``slope``/``intercept`` are a logistic fit of "is a gold skill" on the fused score of each
    TECH sentence's 30 best skills; ``threshold`` maximises micro-F1 of the extracted sets.
    Dutch text scores lower than English text with the same content (most skills have English
    labels only: the match is cross-lingual), so ``language_shift`` moves a Dutch text's fused
    scores to where its English translation's would be: the median difference for the gold
    skills of 200 occupation descriptions in both languages (``bench/skill_extraction.py
    --calibrate``).
    """

    slope: float
    intercept: float
    threshold: float
    language_shift: dict[str, float] = field(default_factory=dict)
    fitted_on: str = ""

    def probability(self, fused: np.ndarray, lang: str | None = None) -> np.ndarray:
        shifted = np.asarray(fused, dtype=np.float64) + self.language_shift.get(lang or "", 0.0)
        z = np.clip(self.slope * shifted + self.intercept, -50, 50)
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)


#: Fitted on TECH validation (75 distinct sentences) with multilingual-e5-small and the default
#: RankingWeights: the F1-best threshold keeps a skill at p ≥ 0.10 (TECH top-5 candidates:
#: precision 0.46, recall 0.48; the gold sets are incomplete, so true precision is higher).
E5_SMALL_CALIBRATION = ScoreCalibration(
    slope=62.78,
    intercept=-58.94,
    threshold=0.10,
    language_shift={"nl": 0.030},
    fitted_on="TECH validation + occupation descriptions nl/en, multilingual-e5-small",
)
#: Model id prefix → calibration.
CALIBRATIONS: dict[str, ScoreCalibration] = {"multilingual-e5-small": E5_SMALL_CALIBRATION}


def calibration_for(model_id: str) -> ScoreCalibration:
    """The calibration of ``model_id``: the one of its longest matching prefix (the e5-small one
    for a model without its own)."""
    for prefix in sorted(CALIBRATIONS, key=len, reverse=True):
        if model_id.startswith(prefix):
            return CALIBRATIONS[prefix]
    return E5_SMALL_CALIBRATION


@dataclass(frozen=True)
class Evidence:
    """Where in the text a skill was found: ``text == source[start:end]``."""

    text: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class ExtractedSkill:
    """A skill found in a text."""

    uri: str
    label: str
    lang: str  # language of ``label``: nl where the taxonomy has a Dutch label, else en
    type: str  # kennis | vaardigheden | soft skills
    score: float  # calibrated probability in [0, 1]
    evidence: Evidence
    segment: Evidence  # the whole sentence, list item or heading

    def as_dict(self) -> dict:
        return {
            "uri": self.uri,
            "label": self.label,
            "lang": self.lang,
            "type": self.type,
            "score": round(float(self.score), 6),
            "evidence": self.evidence.as_dict(),
        }


@dataclass(frozen=True)
class SkippedSegment:
    segment: Segment
    kind: BoilerplateKind


@dataclass(frozen=True)
class ExtractionResult:
    """The skills of one text, best first, and what was looked at and skipped."""

    text: str
    skills: tuple[ExtractedSkill, ...]
    segments: tuple[Segment, ...]
    skipped: tuple[SkippedSegment, ...]


@dataclass(frozen=True)
class RankedSkill:
    """One skill of a full ranking (``skills rank``)."""

    uri: str
    label: str
    lang: str
    type: str
    score: float

    def as_dict(self) -> dict:
        return {
            "uri": self.uri,
            "label": self.label,
            "lang": self.lang,
            "type": self.type,
            "score": round(float(self.score), 6),
        }


class SkillExtractor:
    """Extracts skills from texts. ``fit`` takes a fitted ranker and boilerplate filter."""

    def __init__(
        self,
        calibration: ScoreCalibration | None = None,
        max_per_segment: int = MAX_SKILLS_PER_SEGMENT,
        use_occupation_prior: bool = True,
        max_per_evidence: int = MAX_SKILLS_PER_EVIDENCE,
    ) -> None:
        self.calibration = calibration
        self.max_per_segment = max_per_segment
        self.max_per_evidence = max_per_evidence
        self.use_occupation_prior = use_occupation_prior

    def fit(self, ranker: SkillRanker, boilerplate: BoilerplateFilter) -> SkillExtractor:
        self.ranker_ = ranker
        self.boilerplate_ = boilerplate
        encoder = ranker.encoder_
        self.calibration_ = self.calibration or calibration_for(
            encoder.model_id if encoder is not None else ""
        )
        return self

    def rank(
        self,
        texts: Sequence[str],
        top: int = 10,
        langs: tuple[str, ...] = DEFAULT_LANGS,
        progress: ProgressCallback | None = None,
    ) -> list[list[RankedSkill]]:
        """The ``top`` skills per text, best first, with calibrated scores; no threshold and no
        boilerplate filter (a ranking for evaluation and inspection). An empty text gets [].
        A title-like text (at most :data:`MAX_TITLE_WORDS` words) gets the occupation prior."""
        if top < 1:
            raise BadInputError("top must be at least 1")
        ranker = self.ranker_
        priors = [
            ranker.occupation_prior([t])
            if self.use_occupation_prior and 0 < len(t.split()) <= MAX_TITLE_WORDS
            else None
            for t in texts
        ]
        out: list[list[RankedSkill]] = []
        scored = ranker.score(texts, priors=priors, progress=progress)
        for text, scores in zip(texts, scored, strict=True):
            if scores is None:
                out.append([])
                continue
            rows = scores.top(top)
            probabilities = self.calibration_.probability(scores.fused[rows], detect_language(text))
            out.append(
                [
                    self._ranked(int(r), float(p), langs)
                    for r, p in zip(rows, probabilities, strict=True)
                ]
            )
        return out

    def _ranked(self, row: int, score: float, langs: tuple[str, ...]) -> RankedSkill:
        skill = self.ranker_.taxonomy_.skills[self.ranker_.uris[row]]
        label = skill.label(langs)
        return RankedSkill(skill.uri, label.text, label.lang, skill.skill_type.value, score)

    def extract(
        self,
        text: str,
        langs: tuple[str, ...] = DEFAULT_LANGS,
        progress: ProgressCallback | None = None,
    ) -> ExtractionResult:
        return self.extract_many([text], langs, progress)[0]

    def extract_many(
        self,
        texts: Sequence[str],
        langs: tuple[str, ...] = DEFAULT_LANGS,
        progress: ProgressCallback | None = None,
    ) -> list[ExtractionResult]:
        """One result per text, in order; every embedding of the batch is computed in one go."""
        segmented = [segment_text(text) for text in texts]
        ranker = self.ranker_
        strings = ranker.strings_to_embed([s.text for segs in segmented for s in segs])
        strings += [s.text for segs in segmented for s in segs]  # for the boilerplate filter
        vectors = ranker.embed(strings, progress) if ranker.encoder_ is not None else {}
        return [
            self._extract_one(text, segments, vectors, langs)
            for text, segments in zip(texts, segmented, strict=True)
        ]

    def _extract_one(
        self,
        text: str,
        segments: list[Segment],
        vectors: dict[str, np.ndarray],
        langs: tuple[str, ...],
    ) -> ExtractionResult:
        segment_vectors = (
            np.stack([vectors[s.text[:2000]] for s in segments]) if segments and vectors else None
        )
        kinds = self.boilerplate_.classify(
            segments, segment_vectors, [self.names_a_skill(s.text) for s in segments]
        )
        kept = [s for s, kind in zip(segments, kinds, strict=True) if kind is None]
        skipped = tuple(
            SkippedSegment(s, kind) for s, kind in zip(segments, kinds, strict=True) if kind
        )
        titles = [
            s.text
            for s in kept
            if s.kind is SegmentKind.HEADING or len(s.text.split()) <= MAX_TITLE_WORDS
        ][:MAX_TITLES]
        prior = self.ranker_.occupation_prior(titles) if self.use_occupation_prior else None
        scored = self.ranker_.score(
            [s.text for s in kept], vectors=vectors, priors=[prior] * len(kept)
        )
        document_lang = detect_language(text)
        best: dict[int, tuple[float, Segment, TextScores]] = {}
        for segment, scores in zip(kept, scored, strict=True):
            if scores is None:
                continue
            rows = scores.top(self.max_per_segment)
            lang = detect_language(segment.text) or document_lang
            probabilities = self.calibration_.probability(scores.fused[rows], lang)
            for row, p in zip(rows, probabilities, strict=True):
                if p >= self.calibration_.threshold and p > best.get(int(row), (-1.0,))[0]:
                    best[int(row)] = (float(p), segment, scores)
        skills = [
            self._skill(row, p, segment, scores, langs)
            for row, (p, segment, scores) in best.items()
        ]
        skills.sort(key=lambda s: (-s.score, s.uri))
        per_span: dict[tuple[int, int], int] = {}
        kept_skills = []
        for skill in skills:  # best first: the best few per evidence span survive
            span = (skill.evidence.start, skill.evidence.end)
            per_span[span] = per_span.get(span, 0) + 1
            if per_span[span] <= self.max_per_evidence:
                kept_skills.append(skill)
        return ExtractionResult(text, tuple(kept_skills), tuple(segments), skipped)

    def names_a_skill(self, text: str) -> bool:
        """Whether ``text`` names a specific skill label verbatim (protects it from being
        skipped as boilerplate on embedding similarity alone)."""
        lexicon = self.ranker_.lexicon_
        return lexicon is not None and any(
            hit.specificity >= PROTECTING_SPECIFICITY and hit.channel != "en-alternative"
            for hit in lexicon.find(text)
        )

    def _skill(
        self, row: int, score: float, segment: Segment, scores: TextScores, langs: tuple[str, ...]
    ) -> ExtractedSkill:
        skill = self.ranker_.taxonomy_.skills[self.ranker_.uris[row]]
        label = skill.label(langs)
        return ExtractedSkill(
            uri=skill.uri,
            label=label.text,
            lang=label.lang,
            type=skill.skill_type.value,
            score=score,
            evidence=evidence_for(row, segment, scores),
            segment=Evidence(segment.text, segment.start, segment.end),
        )


def evidence_for(row: int, segment: Segment, scores: TextScores) -> Evidence:
    """The verbatim label hit, else the best phrase window, else the segment; document offsets."""
    hit = scores.lexical_hits.get(row)
    if hit is not None:
        start, end = hit.start, hit.end
    elif scores.mentions and scores.best_mention[row] >= 0:
        mention = scores.mentions[int(scores.best_mention[row])]
        start, end = mention.start, mention.end
    else:
        start, end = 0, len(segment.text)
    return Evidence(segment.text[start:end], segment.start + start, segment.start + end)
