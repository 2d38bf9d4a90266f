"""Hard filters: conditions a vacancy sets that a person must meet to be a result at all.

They are checked before any ranking, over the whole pool, and become an id allow-list for the
vector search, so a filtered-out record is never a result and never shifts a page. The same rules
serve both directions (candidates for a vacancy, vacancies for a candidate).
:meth:`HardFilters.check` decides one pair, with the filters that passed only for lack of data
(for the explanation); over a whole pool the same rules run vectorised on the pool's
:class:`~matcher.ranking.filter_table.FilterTable`.

========================  ==================================================================
filter                    passes when
========================  ==================================================================
``hours``                 the person's hours per week lie within the vacancy's min-max
``driving_licence``       the person holds every required licence category, counting the
                          categories a licence includes (CE includes C, C1E, C1, BE and B)
``language``              for each required language the person's CEFR level is at least the
                          required one (A1 < A2 < B1 < B2 < C1 < C2)
``education``             the person's level is at least the minimum, in the order of
                          ``matcher.records.EDUCATION_LEVELS``
``location``              with ``max_distance_km`` and both postcodes: within that distance by
                          the :class:`~matcher.ranking.location.Proximity` rule (postcode areas
                          unless
                          a coordinate table is plugged in); otherwise, with both regions:
                          the same arbeidsmarktregio (case-insensitive)
========================  ==================================================================

Unknown is not a failure: when the person (or the vacancy) does not state what a filter needs
(no hours, no education level, no location, a proximity rule that cannot tell) the filter passes
and is reported as *unverified*, so the consultant sees what still needs checking. Required
licences and languages are lists: a person who lists none has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from matcher.ranking.location import PostcodeAreaProximity, Proximity
from matcher.records import CEFR_LEVELS, EDUCATION_LEVELS, Profile, Vacancy

#: Licence categories each category includes (Dutch/EU rules: a higher category includes the
#: lower one, and the trailer "E" categories include BE; C/D require B, so holders have B).
LICENCE_INCLUDES: dict[str, frozenset[str]] = {
    "AM": frozenset(),
    "A1": frozenset({"AM"}),
    "A2": frozenset({"A1", "AM"}),
    "A": frozenset({"A2", "A1", "AM"}),
    "B": frozenset({"AM"}),
    "BE": frozenset({"B", "AM"}),
    "C1": frozenset({"B", "AM"}),
    "C1E": frozenset({"C1", "BE", "B", "AM"}),
    "C": frozenset({"C1", "B", "AM"}),
    "CE": frozenset({"C", "C1E", "C1", "BE", "B", "AM"}),
    "D1": frozenset({"B", "AM"}),
    "D1E": frozenset({"D1", "BE", "B", "AM"}),
    "D": frozenset({"D1", "B", "AM"}),
    "DE": frozenset({"D", "D1E", "D1", "BE", "B", "AM"}),
    "T": frozenset({"AM"}),
}


class FilterName(StrEnum):
    """The hard filters, as named in exclusion counts and explanations."""

    HOURS = "hours"
    DRIVING_LICENCE = "driving_licence"
    LANGUAGE = "language"
    EDUCATION = "education"
    LOCATION = "location"


@dataclass(frozen=True)
class FilterOutcome:
    """Which filters a vacancy/person pair fails, and which passed only for lack of data."""

    failed: tuple[FilterName, ...] = ()
    unverified: tuple[FilterName, ...] = ()

    @property
    def passes(self) -> bool:
        return not self.failed


def held_licences(licences: Iterable[str]) -> set[str]:
    """The licence categories someone may drive with, including the included ones."""
    held: set[str] = set()
    for licence in licences:
        held.add(licence)
        held |= LICENCE_INCLUDES.get(licence, frozenset())
    return held


class HardFilters:
    """Checks a vacancy's hard requirements against a profile."""

    def __init__(self, proximity: Proximity | None = None) -> None:
        self.proximity = proximity

    def check(self, vacancy: Vacancy, profile: Profile) -> FilterOutcome:
        failed: list[FilterName] = []
        unverified: list[FilterName] = []
        for name, verdict in (
            (FilterName.HOURS, self.hours_fit(vacancy, profile)),
            (FilterName.DRIVING_LICENCE, self.licences_held(vacancy, profile)),
            (FilterName.LANGUAGE, self.languages_spoken(vacancy, profile)),
            (FilterName.EDUCATION, self.education_reached(vacancy, profile)),
            (FilterName.LOCATION, self.close_enough(vacancy, profile)),
        ):
            if verdict is False:
                failed.append(name)
            elif verdict is None:
                unverified.append(name)
        return FilterOutcome(tuple(failed), tuple(unverified))

    # Each rule: True (met), False (not met), None (cannot tell); a vacancy without the
    # requirement is met by everyone.

    @staticmethod
    def hours_fit(vacancy: Vacancy, profile: Profile) -> bool | None:
        low, high = vacancy.hours_per_week_min, vacancy.hours_per_week_max
        if low is None and high is None:
            return True
        hours = profile.hours_per_week
        if hours is None:
            return None
        return (low is None or hours >= low) and (high is None or hours <= high)

    @staticmethod
    def licences_held(vacancy: Vacancy, profile: Profile) -> bool:
        return set(vacancy.required_driving_licences) <= held_licences(profile.driving_licences)

    @staticmethod
    def languages_spoken(vacancy: Vacancy, profile: Profile) -> bool:
        for required in vacancy.required_languages:
            level = profile.language_level(required.language)
            if level is None or CEFR_LEVELS.index(level) < CEFR_LEVELS.index(required.level):
                return False
        return True

    @staticmethod
    def education_reached(vacancy: Vacancy, profile: Profile) -> bool | None:
        if vacancy.min_education_level is None:
            return True
        if profile.education_level is None:
            return None
        return EDUCATION_LEVELS.index(profile.education_level) >= EDUCATION_LEVELS.index(
            vacancy.min_education_level
        )

    def close_enough(self, vacancy: Vacancy, profile: Profile) -> bool | None:
        job, home = vacancy.location, profile.location
        max_km = vacancy.max_distance_km
        by_distance = job is not None and job.postcode is not None and max_km is not None
        by_region = job is not None and job.region is not None
        if not by_distance and not by_region:
            return True
        if home is None:
            return None
        if by_distance and home.postcode:
            proximity = self.proximity or PostcodeAreaProximity()
            verdict = proximity.within(job.postcode, home.postcode, max_km)
            if verdict is not None:
                return verdict
        if by_region and home.region:
            return job.region.casefold() == home.region.casefold()
        return None
