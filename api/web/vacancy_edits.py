"""Changes a consultant makes to a vacancy on its page: skills and hard filters.

Pure functions from a :class:`~matcher.records.Vacancy` to a new one; the route reads the
current version, applies one of them and writes it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.web.i18n import N_
from matcher.ingest import LINK_MIN_SCORE
from matcher.records import (
    CEFR_LEVELS,
    LanguageAbility,
    Location,
    SkillRequirement,
    SkillSource,
    Vacancy,
)
from matcher.search.occupation_search import OccupationSearch
from taxonomy.taxonomy import Taxonomy


def add_skill(vacancy: Vacancy, uri: str, *, essential: bool) -> Vacancy:
    """The vacancy with ``uri`` required (moved to the other list when it is already there)."""
    vacancy = remove_skill(vacancy, uri)
    skill = SkillRequirement(uri=uri, source=SkillSource.MANUAL)
    key = "essential_skills" if essential else "optional_skills"
    return vacancy.model_copy(update={key: [*getattr(vacancy, key), skill]})


def remove_skill(vacancy: Vacancy, uri: str) -> Vacancy:
    return vacancy.model_copy(
        update={
            "essential_skills": [s for s in vacancy.essential_skills if s.uri != uri],
            "optional_skills": [s for s in vacancy.optional_skills if s.uri != uri],
        }
    )


def move_skill(vacancy: Vacancy, uri: str) -> Vacancy:
    """Essential becomes optional and back (evidence and source are kept)."""
    for skill in vacancy.essential_skills:
        if skill.uri == uri:
            return vacancy.model_copy(
                update={
                    "essential_skills": [s for s in vacancy.essential_skills if s.uri != uri],
                    "optional_skills": [*vacancy.optional_skills, skill],
                }
            )
    for skill in vacancy.optional_skills:
        if skill.uri == uri:
            return vacancy.model_copy(
                update={
                    "optional_skills": [s for s in vacancy.optional_skills if s.uri != uri],
                    "essential_skills": [*vacancy.essential_skills, skill],
                }
            )
    return vacancy


@dataclass(frozen=True)
class FilterForm:
    """The filter fields as typed (strings), and their checks."""

    region: str = ""
    hours_min: str = ""
    hours_max: str = ""
    dutch_level: str = ""

    @classmethod
    def of(cls, vacancy: Vacancy) -> FilterForm:
        dutch = next((a.level for a in vacancy.required_languages if a.language == "nl"), "")
        return cls(
            region=(vacancy.location.region or "") if vacancy.location else "",
            hours_min=str(vacancy.hours_per_week_min or ""),
            hours_max=str(vacancy.hours_per_week_max or ""),
            dutch_level=dutch,
        )

    def errors(self) -> dict[str, str]:
        """Field errors in Dutch (the page translates them)."""
        errors = {}
        hours = {}
        for field, text in (("uren_min", self.hours_min), ("uren_max", self.hours_max)):
            try:
                hours[field] = _hours(text)
            except ValueError:
                errors[field] = N_("Vul een heel aantal uren in tussen 1 en 60.")
        low, high = hours.get("uren_min"), hours.get("uren_max")
        if low is not None and high is not None and low > high:
            errors["uren_max"] = N_("Het maximum is kleiner dan het minimum.")
        if self.dutch_level and self.dutch_level not in CEFR_LEVELS:
            errors["nederlands"] = N_("Kies een niveau uit de lijst.")
        if len(self.region) > 100:
            errors["regio"] = N_("Gebruik hoogstens 100 tekens.")
        return errors

    def apply(self, vacancy: Vacancy) -> Vacancy:
        """The vacancy with these filters (call only when :meth:`errors` is empty)."""
        region = " ".join(self.region.split()) or None
        postcode = vacancy.location.postcode if vacancy.location else None
        location = Location(postcode=postcode, region=region) if (postcode or region) else None
        languages = [a for a in vacancy.required_languages if a.language != "nl"]
        if self.dutch_level:
            languages.append(LanguageAbility(language="nl", level=self.dutch_level))
        return vacancy.model_copy(
            update={
                "location": location,
                "hours_per_week_min": _hours(self.hours_min),
                "hours_per_week_max": _hours(self.hours_max),
                "required_languages": languages,
            }
        )


def _hours(text: str) -> int | None:
    """None when empty; ValueError unless a whole number of hours in 1..60."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 60:
        raise ValueError(f"not a number of hours: {text!r}")
    return int(text)


def vacancy_from_title(title: str, taxonomy: Taxonomy, search: OccupationSearch) -> Vacancy:
    """A vacancy from a title alone: the occupation it names, with that occupation's ESCO
    essential and optional skills (source ``occupation``) as a starting point to edit."""
    (hits,) = search.search([title[:300]], top=1)
    vacancy = Vacancy(title=title)
    if not hits or hits[0].score < LINK_MIN_SCORE:
        return vacancy
    occupation = taxonomy.occupations[hits[0].uri]

    def requirements(uris: tuple[str, ...]) -> list[SkillRequirement]:
        return [
            SkillRequirement(uri=u, source=SkillSource.OCCUPATION)
            for u in uris
            if u in taxonomy.skills
        ]

    essential = requirements(occupation.essential_skills)
    essential_uris = {s.uri for s in essential}
    optional = [s for s in requirements(occupation.optional_skills) if s.uri not in essential_uris]
    return vacancy.model_copy(
        update={
            "occupation": occupation.uri,
            "essential_skills": essential,
            "optional_skills": optional,
        }
    )
