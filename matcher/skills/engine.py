"""Builds the text → skills engine of a taxonomy: label index, lexicon, ranker, extractor.

Cold start embeds the skill labels the ranker scores (13,896 English preferred labels, shared
with :class:`matcher.vectors.skill_vectors.SkillVectors`, and about 5,300 Dutch labels) and a few
dozen
boilerplate prototypes; every matrix is cached by :class:`models.embedding_cache.EmbeddingCache`
under the model id and taxonomy checksum, so later starts only read files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from matcher.search.occupation_search import OccupationSearch
from matcher.skills.extraction import ScoreCalibration, SkillExtractor
from matcher.skills.labels import SkillLabelIndex
from matcher.skills.lexicon import SkillLexicon
from matcher.skills.ranking import RankingWeights, SkillRanker
from matcher.text.boilerplate import BoilerplateFilter
from models.embedding_cache import EmbeddingCache
from models.encoder import TextEncoder
from taxonomy.taxonomy import Taxonomy

ProgressCallback = Callable[[int, int], None]

#: Bump when the boilerplate prototypes change meaning (their texts are part of the key anyway).
_PROTOTYPE_VERSION = "boilerplate-1"


def background_texts(taxonomy: Taxonomy) -> Iterator[str]:
    """Skill and occupation descriptions: the corpus that tells generic labels from specific."""
    for skill in taxonomy.skills.values():
        yield from skill.description.values()
    for occupation in taxonomy.occupations.values():
        yield from occupation.description.values()


def build_skill_ranker(
    taxonomy: Taxonomy,
    encoder: TextEncoder | None,
    cache: EmbeddingCache | None,
    *,
    weights: RankingWeights | None = None,
    occupations: OccupationSearch | None = None,
    progress: ProgressCallback | None = None,
) -> SkillRanker:
    """A fitted ranker; with ``encoder=None`` it is lexical only."""
    weights = weights or RankingWeights()
    if encoder is None:
        weights = RankingWeights(sentence=0.0, mention=0.0, lexical=1.0, channels=())
    embedded = set(weights.channels) if encoder is not None else set()
    labels = SkillLabelIndex.build(taxonomy, None, None)
    if embedded:
        with_vectors = SkillLabelIndex.build(
            taxonomy, encoder, cache, channels=sorted(embedded), progress=progress
        )
        labels.channels.update(with_vectors.channels)
    lexicon = (
        SkillLexicon().fit(labels, background_texts(taxonomy)) if weights.lexical > 0 else None
    )
    return SkillRanker(weights).fit(taxonomy, encoder, labels, lexicon, occupations)


def build_boilerplate_filter(
    encoder: TextEncoder | None, cache: EmbeddingCache | None
) -> BoilerplateFilter:
    """The filter with its prototype embeddings (rules only without an encoder)."""
    flt = BoilerplateFilter()
    if encoder is None or cache is None:
        return flt
    texts, _, content = flt.prototype_texts()
    vectors = cache.get_or_compute(
        encoder, texts + content, namespace="boilerplate-prototypes", version_key=_PROTOTYPE_VERSION
    )
    return flt.fit(vectors[: len(texts)], vectors[len(texts) :])


def build_skill_extractor(
    taxonomy: Taxonomy,
    encoder: TextEncoder | None,
    cache: EmbeddingCache | None,
    *,
    occupations: OccupationSearch | None = None,
    weights: RankingWeights | None = None,
    calibration: ScoreCalibration | None = None,
    progress: ProgressCallback | None = None,
) -> SkillExtractor:
    """The extractor the CLI and the service use (its ``ranker_`` serves ``skills rank``)."""
    ranker = build_skill_ranker(
        taxonomy, encoder, cache, weights=weights, occupations=occupations, progress=progress
    )
    return SkillExtractor(calibration).fit(ranker, build_boilerplate_filter(encoder, cache))
