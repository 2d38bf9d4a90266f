"""A text → skills engine on the toy taxonomy with the deterministic fake encoder."""

from __future__ import annotations

from pathlib import Path

from matcher.search.occupation_search import OccupationSearch
from matcher.skills.engine import build_skill_extractor
from matcher.skills.extraction import ScoreCalibration, SkillExtractor
from models.embedding_cache import EmbeddingCache
from tests.fakes import FakeEncoder

#: The fake encoder's cosines are not e5's: a skill named verbatim fuses to about 0.5-0.85,
#: unrelated skills to 0.1-0.3. This calibration puts p = 0.5 at a fused score of 0.4.
FAKE_CALIBRATION = ScoreCalibration(slope=20.0, intercept=-8.0, threshold=0.5)


def fake_extractor(taxonomy, cache_dir: Path, **kwargs) -> SkillExtractor:
    encoder = FakeEncoder()
    cache = EmbeddingCache(cache_dir)
    occupations = OccupationSearch.build(taxonomy, encoder, cache)
    extractor = build_skill_extractor(
        taxonomy,
        encoder,
        cache,
        occupations=occupations,
        calibration=kwargs.pop("calibration", FAKE_CALIBRATION),
    )
    for name, value in kwargs.items():  # SkillExtractor parameters, e.g. max_per_evidence
        setattr(extractor, name, value)
    return extractor
