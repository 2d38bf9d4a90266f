"""Jobseeker profiles and vacancies: validated records with a documented JSON schema.

Both are pydantic models; ``Profile.model_json_schema()`` / ``Vacancy.model_json_schema()`` is
the documented exchange format (see README, "Profiles and vacancies"). Skills are referenced by
ESCO URI; labels are looked up in the active taxonomy when shown.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taxonomy.concepts import OCCUPATION_PREFIX, SKILL_PREFIX

SCHEMA_VERSION = 1

#: Common European Framework of Reference levels, lowest first.
CefrLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
CEFR_LEVELS: tuple[str, ...] = get_args(CefrLevel)

#: Dutch education levels, lowest first (basisonderwijs … wo-master/doctoraat).
EducationLevel = Literal[
    "basisonderwijs",
    "vmbo",
    "mbo-1",
    "mbo-2",
    "mbo-3",
    "mbo-4",
    "havo",
    "vwo",
    "hbo-bachelor",
    "wo-bachelor",
    "hbo-master",
    "wo-master",
    "doctoraat",
]
EDUCATION_LEVELS: tuple[str, ...] = get_args(EducationLevel)

#: Dutch/EU driving licence categories.
DrivingLicence = Literal[
    "AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE", "T"
]

_POSTCODE = re.compile(r"^[1-9][0-9]{3}\s?[A-Za-z]{2}$")
_LANG = re.compile(r"^[a-z]{2}$")


class SkillSource(StrEnum):
    """Where a skill on a profile or vacancy came from."""

    CV = "cv"  # extracted from an uploaded CV
    TEXT = "text"  # extracted from a vacancy text
    MANUAL = "manual"  # added or confirmed by hand
    OCCUPATION = "occupation"  # implied by a current or past occupation


def _check_uri(value: str, prefix: str, kind: str) -> str:
    if not value.startswith(prefix) or len(value) <= len(prefix):
        raise ValueError(f"not an ESCO {kind} URI: {value!r}")
    return value


SkillUri = Annotated[str, Field(description="ESCO skill URI", examples=[SKILL_PREFIX + "…"])]
OccupationUri = Annotated[str, Field(description="ESCO occupation URI")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SkillClaim(_Record):
    """A skill a person has, with where it came from."""

    uri: SkillUri
    source: SkillSource = SkillSource.MANUAL
    level: int | None = Field(None, ge=1, le=5, description="Self- or consultant-rated 1-5")
    confirmed: bool = Field(False, description="Confirmed by the person or a consultant")
    score: float | None = Field(None, ge=0, le=1, description="Extraction confidence")
    evidence: str | None = Field(None, max_length=2000, description="Text span it came from")

    @field_validator("uri")
    @classmethod
    def _skill_uri(cls, value: str) -> str:
        return _check_uri(value, SKILL_PREFIX, "skill")


class SkillRequirement(_Record):
    """A skill a vacancy asks for."""

    uri: SkillUri
    source: SkillSource = SkillSource.MANUAL
    score: float | None = Field(None, ge=0, le=1, description="Extraction confidence")
    evidence: str | None = Field(None, max_length=2000)

    @field_validator("uri")
    @classmethod
    def _skill_uri(cls, value: str) -> str:
        return _check_uri(value, SKILL_PREFIX, "skill")


class LanguageAbility(_Record):
    """A language and a CEFR level ("C2" for a mother tongue)."""

    language: str = Field(description="ISO 639-1 code", examples=["nl"])
    level: CefrLevel

    @field_validator("language")
    @classmethod
    def _iso(cls, value: str) -> str:
        value = value.lower()
        if not _LANG.match(value):
            raise ValueError(f"language must be an ISO 639-1 code such as 'nl', got {value!r}")
        return value


class Location(_Record):
    """Where someone lives or a job is: a Dutch postcode and/or an arbeidsmarktregio."""

    postcode: str | None = Field(None, examples=["3511 AB"])
    region: str | None = Field(None, max_length=100, examples=["Midden-Utrecht"])

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _POSTCODE.match(value):
            raise ValueError(f"not a Dutch postcode (1234 AB): {value!r}")
        return f"{value[:4]} {value[-2:].upper()}"


class Profile(_Record):
    """A jobseeker's skills profile (personal data: see the privacy notes in the README)."""

    schema_version: int = SCHEMA_VERSION
    id: str | None = Field(None, max_length=64)
    skills: list[SkillClaim] = Field(default_factory=list, max_length=500)
    current_occupations: list[OccupationUri] = Field(default_factory=list, max_length=10)
    past_occupations: list[OccupationUri] = Field(default_factory=list, max_length=30)
    education_level: EducationLevel | None = None
    languages: list[LanguageAbility] = Field(default_factory=list, max_length=20)
    location: Location | None = None
    hours_per_week: int | None = Field(None, ge=1, le=60, description="Hours wanted per week")
    driving_licences: list[DrivingLicence] = Field(default_factory=list)
    available_from: date | None = None
    cv_text: str | None = Field(None, max_length=200_000, description="Source text, if kept")

    @field_validator("current_occupations", "past_occupations")
    @classmethod
    def _occupation_uris(cls, values: list[str]) -> list[str]:
        return [_check_uri(v, OCCUPATION_PREFIX, "occupation") for v in values]

    @model_validator(mode="after")
    def _unique_skills(self) -> Profile:
        seen: set[str] = set()
        for claim in self.skills:
            if claim.uri in seen:
                raise ValueError(f"skill listed twice: {claim.uri}")
            seen.add(claim.uri)
        return self

    @property
    def skill_uris(self) -> list[str]:
        return [claim.uri for claim in self.skills]

    def language_level(self, language: str) -> str | None:
        return next((a.level for a in self.languages if a.language == language), None)


class Vacancy(_Record):
    """A vacancy with its essential and optional skills."""

    schema_version: int = SCHEMA_VERSION
    id: str | None = Field(None, max_length=64)
    title: str = Field(min_length=1, max_length=300)
    occupation: OccupationUri | None = Field(None, description="Linked automatically when absent")
    text: str | None = Field(None, max_length=200_000)
    essential_skills: list[SkillRequirement] = Field(default_factory=list, max_length=300)
    optional_skills: list[SkillRequirement] = Field(default_factory=list, max_length=300)
    location: Location | None = None
    max_distance_km: float | None = Field(None, gt=0, le=500)
    hours_per_week_min: int | None = Field(None, ge=1, le=60)
    hours_per_week_max: int | None = Field(None, ge=1, le=60)
    required_driving_licences: list[DrivingLicence] = Field(default_factory=list)
    required_languages: list[LanguageAbility] = Field(default_factory=list, max_length=10)
    min_education_level: EducationLevel | None = None

    @field_validator("occupation")
    @classmethod
    def _occupation_uri(cls, value: str | None) -> str | None:
        return None if value is None else _check_uri(value, OCCUPATION_PREFIX, "occupation")

    @model_validator(mode="after")
    def _consistent(self) -> Vacancy:
        if (
            self.hours_per_week_min is not None
            and self.hours_per_week_max is not None
            and self.hours_per_week_min > self.hours_per_week_max
        ):
            raise ValueError("hours_per_week_min is larger than hours_per_week_max")
        essential = {s.uri for s in self.essential_skills}
        if len(essential) != len(self.essential_skills):
            raise ValueError("an essential skill is listed twice")
        both = essential & {s.uri for s in self.optional_skills}
        if both:
            raise ValueError(f"skills both essential and optional: {sorted(both)}")
        return self
