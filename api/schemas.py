"""Typed request and response bodies of the HTTP API."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    version: str


class OccupationResult(BaseModel):
    uri: str = Field(
        examples=["http://data.europa.eu/esco/occupation/0b15375e-dfdd-4047-9efb-096e0aaee7d2"]
    )
    label: str = Field(examples=["winkelmedewerker"])
    lang: str = Field(
        examples=["nl"], description="Language of `label` (nl, or en where no Dutch label exists)."
    )
    score: float = Field(examples=[0.87], description="Fused lexical + embedding score in [0, 1].")
    isco_code: str = Field(examples=["5223"])
    matched_label: str = Field(
        description="The label of the occupation that matched the query best."
    )
    matched_lang: str


class OccupationSearchResponse(BaseModel):
    query: str
    results: list[OccupationResult]


class LabelOut(BaseModel):
    text: str
    lang: str


class SkillRef(BaseModel):
    uri: str
    label: str
    lang: str
    type: str


class ConceptOut(BaseModel):
    uri: str
    kind: str = Field(examples=["occupation", "skill", "isco_group", "skill_group"])
    label: LabelOut
    labels: list[LabelOut]
    description: str | None = None
    type: str | None = Field(None, description="kennis, vaardigheden or soft skills (skills only)")
    is_language: bool | None = None
    isco_code: str | None = None
    essential_skills: list[SkillRef] | None = None
    optional_skills: list[SkillRef] | None = None


class TaxonomyInfo(BaseModel):
    version: str
    checksum: str
    skills: int
    occupations: int
    stats: dict
