"""Checks of a profile or vacancy against the taxonomy: every URI it names must exist."""

from __future__ import annotations

from matcher.records import Profile, Vacancy
from taxonomy.errors import BadInputError
from taxonomy.taxonomy import Taxonomy


def skill_uris(record: Profile | Vacancy) -> list[str]:
    """The skill URIs a record names (a profile's claims, a vacancy's requirements)."""
    if isinstance(record, Profile):
        return [s.uri for s in record.skills]
    return [s.uri for s in (*record.essential_skills, *record.optional_skills)]


def occupation_uris(record: Profile | Vacancy) -> list[str]:
    if isinstance(record, Profile):
        return [*record.current_occupations, *record.past_occupations]
    return [record.occupation] if record.occupation else []


def check_skills(record: Profile | Vacancy, taxonomy: Taxonomy, where: str = "") -> None:
    """BadInputError naming the first skill URI the taxonomy does not know."""
    prefix = f"{where}: " if where else ""
    for uri in skill_uris(record):
        if uri not in taxonomy.skills:
            raise BadInputError(
                f"{prefix}unknown skill {uri} (not in taxonomy {taxonomy.version})",
                details={"uri": uri},
            )


def check_record(record: Profile | Vacancy, taxonomy: Taxonomy, where: str = "") -> None:
    """BadInputError naming the first skill or occupation URI the taxonomy does not know."""
    check_skills(record, taxonomy, where)
    prefix = f"{where}: " if where else ""
    for uri in occupation_uris(record):
        if uri not in taxonomy.occupations:
            raise BadInputError(
                f"{prefix}unknown occupation {uri} (not in taxonomy {taxonomy.version})",
                details={"uri": uri},
            )
