"""Builders for transition and gap tests: toy taxonomies with extra occupations, fitted finders."""

from __future__ import annotations

from pathlib import Path

from matcher.ranking.near_skills import NearSkillCredit
from matcher.transitions.finder import TransitionFinder
from taxonomy.concepts import Labels, Occupation
from taxonomy.taxonomy import Taxonomy
from tests.esco_fixture import OCCUPATION_NS, SKILL
from tests.matcher.match_helpers import toy_skill_vectors

#: Near-skill credit that never fires: only exact skills count.
EXACT_ONLY = NearSkillCredit(threshold=1.01)


def extra_occupation(
    key: str,
    essential: tuple[str, ...],
    optional: tuple[str, ...] = (),
    *,
    isco: str = "5120",
    broader: tuple[str, ...] = (),
) -> Occupation:
    """An extra occupation (URI ``…/occupation/test-<key>``) with toy skills by key."""
    return Occupation(
        uri=f"{OCCUPATION_NS}test-{key}",
        labels=Labels(preferred={"en": f"test {key}", "nl": f"test {key}"}),
        isco_code=isco,
        essential_skills=tuple(SKILL[k].uri for k in essential),
        optional_skills=tuple(SKILL[k].uri for k in optional),
        broader=broader,
    )


def taxonomy_with(base: Taxonomy, *extra: Occupation) -> Taxonomy:
    """The toy taxonomy plus ``extra`` occupations (a new Taxonomy; ``base`` is untouched)."""
    return Taxonomy(
        skills=base.skills,
        occupations={**base.occupations, **{o.uri: o for o in extra}},
        isco_groups=base.isco_groups,
        skill_groups=base.skill_groups,
        version=f"{base.version}+test",
    )


def fitted_finder(
    taxonomy: Taxonomy, cache_dir: Path, near: NearSkillCredit | None = None, **params
) -> TransitionFinder:
    """A finder on ``taxonomy`` with fake-encoder skill vectors.

    The toy taxonomy has only 666 skill pairs, so the default 0.999 quantile is nearly their
    maximum; 0.99 lets near credit fire for the closest pairs.
    """
    near = near or NearSkillCredit(random_quantile=0.99)
    vectors = toy_skill_vectors(taxonomy, cache_dir)
    return TransitionFinder(near_credit=near, **params).fit(taxonomy, vectors)
