"""Small builders for matching tests: records from toy-skill keys, the toy skill vectors."""

from __future__ import annotations

from pathlib import Path

from matcher.records import Profile, SkillClaim, SkillRequirement, Vacancy
from matcher.vectors.skill_vectors import SkillVectors
from models.embedding_cache import EmbeddingCache
from taxonomy.taxonomy import Taxonomy
from tests.esco_fixture import SKILL
from tests.fakes import FakeEncoder


def uri(key: str) -> str:
    return SKILL[key].uri


def profile(profile_id: str, *skill_keys: str, **fields) -> Profile:
    """A profile with the given toy skills (keys of ``tests.esco_fixture.SKILL``)."""
    return Profile(id=profile_id, skills=[SkillClaim(uri=uri(k)) for k in skill_keys], **fields)


def vacancy(
    vacancy_id: str,
    essential: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    *,
    title: str | None = None,
    **fields,
) -> Vacancy:
    """A vacancy with the given essential and optional toy skills."""
    return Vacancy(
        id=vacancy_id,
        title=title or vacancy_id,
        essential_skills=[SkillRequirement(uri=uri(k)) for k in essential],
        optional_skills=[SkillRequirement(uri=uri(k)) for k in optional],
        **fields,
    )


def toy_skill_vectors(taxonomy: Taxonomy, cache_dir: Path) -> SkillVectors:
    """Skill vectors of the toy taxonomy from the deterministic fake encoder."""
    return SkillVectors.build(taxonomy, FakeEncoder(), EmbeddingCache(cache_dir))
