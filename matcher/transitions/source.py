"""Where a transition starts: an ESCO occupation or a person's profile, as skills held.

A :class:`TransitionSource` holds each skill with how surely the source has it (in (0, 1]):

- **an occupation**: its essential skills surely (1); its optional skills with
  ``optional_credit`` (default 0.5), because ESCO lists as optional what *some* jobs of the
  occupation need, so only some of its workers have it;
- **a profile**: the skills on the profile surely, plus the essential skills of its current and
  past occupations (what anyone who did that work has), also surely.

Its ISCO skill level is the occupation's; for a profile the highest level among its current and
past occupations, else the level its education gives access to
(:data:`~matcher.transitions.skill_level_jump.EDUCATION_SKILL_LEVEL`), else unknown.
``occupations`` are the
occupations the source *is*: they and their trivial variants are never proposed as a transition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.records import Profile
from matcher.transitions.isco_levels import isco_skill_level
from matcher.transitions.skill_level_jump import EDUCATION_SKILL_LEVEL
from taxonomy.concepts import DEFAULT_LANGS
from taxonomy.errors import BadInputError, NotFoundError
from taxonomy.taxonomy import Taxonomy

#: How surely a worker of an occupation has one of its optional skills (see the module docstring).
OPTIONAL_SKILL_CREDIT = 0.5


@dataclass(frozen=True)
class TransitionSource:
    """The starting point of a transition: skills held (URI → how surely) and the rest."""

    label: str
    skills: dict[str, float]
    occupations: tuple[str, ...] = ()
    skill_level: int | None = None
    uri: str | None = None  # the occupation URI when the source is one occupation
    profile_id: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def skill_uris(self) -> list[str]:
        return sorted(self.skills)


def occupation_source(
    taxonomy: Taxonomy,
    uri: str,
    *,
    optional_credit: float = OPTIONAL_SKILL_CREDIT,
    langs: tuple[str, ...] = DEFAULT_LANGS,
) -> TransitionSource:
    """The source for "a worker in this occupation"; NotFoundError for an unknown URI."""
    if not 0 < optional_credit <= 1:
        raise ValueError("optional_credit must lie in (0, 1]")
    occupation = taxonomy.occupations.get(uri)
    if occupation is None:
        raise NotFoundError(f"no occupation with URI {uri} in taxonomy {taxonomy.version}")
    skills = {s: optional_credit for s in occupation.optional_skills if s in taxonomy.skills}
    skills |= {s: 1.0 for s in occupation.essential_skills if s in taxonomy.skills}
    return TransitionSource(
        label=occupation.label(langs).text,
        skills=skills,
        occupations=(uri,),
        skill_level=isco_skill_level(occupation.isco_code),
        uri=uri,
    )


def profile_source(
    taxonomy: Taxonomy, profile: Profile, *, langs: tuple[str, ...] = DEFAULT_LANGS
) -> TransitionSource:
    """The source for a person: profile skills plus the essential skills of their occupations."""
    occupations = tuple(dict.fromkeys([*profile.current_occupations, *profile.past_occupations]))
    unknown = [u for u in occupations if u not in taxonomy.occupations]
    if unknown:
        raise NotFoundError(f"profile names an unknown occupation: {unknown[0]}")
    skills = {uri: 1.0 for uri in profile_skill_uris(taxonomy, profile)}
    if not skills:
        raise BadInputError("the profile has no skills and no occupations to start from")
    levels = [isco_skill_level(taxonomy.occupations[u].isco_code) for u in occupations]
    known = [level for level in levels if level is not None]
    notes: list[str] = []
    if known:
        level: int | None = max(known)
    else:
        level = EDUCATION_SKILL_LEVEL.get(profile.education_level or "")
        notes.append("skill level from education" if level is not None else "skill level unknown")
    return TransitionSource(
        label=_profile_label(taxonomy, profile, langs),
        skills=skills,
        occupations=occupations,
        skill_level=level,
        profile_id=profile.id,
        notes=tuple(notes),
    )


def profile_skill_uris(taxonomy: Taxonomy, profile: Profile) -> list[str]:
    """The profile's skills plus the essential skills of its current and past occupations."""
    uris = dict.fromkeys(profile.skill_uris)
    for occupation_uri in [*profile.current_occupations, *profile.past_occupations]:
        occupation = taxonomy.occupations.get(occupation_uri)
        if occupation is not None:
            uris |= dict.fromkeys(occupation.essential_skills)
    unknown = [u for u in uris if u not in taxonomy.skills]
    if unknown:
        raise NotFoundError(f"profile names an unknown skill: {unknown[0]}")
    return list(uris)


def _profile_label(taxonomy: Taxonomy, profile: Profile, langs: tuple[str, ...]) -> str:
    word = "profile" if langs[:1] == ("en",) else "profiel"
    name = f"{word} {profile.id}" if profile.id else word
    if profile.current_occupations:
        current = taxonomy.occupations[profile.current_occupations[0]].label(langs).text
        return f"{name} ({current})"
    return name
