"""Typed request and response bodies of the HTTP API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.services.consent import ConsentGrant
from matcher.records import Profile, Vacancy


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


# -- records ------------------------------------------------------------------------------------


_COOK = "http://data.europa.eu/esco/skill/f3934441-4bff-4076-9945-e6c51a01c467"


class ProfileCreate(BaseModel):
    """A new profile and the person's consent choice (which organisations may see it)."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "profile": {
                        "skills": [{"uri": _COOK, "source": "manual", "level": 4}],
                        "languages": [{"language": "nl", "level": "B2"}],
                        "location": {"region": "Midden-Utrecht"},
                        "hours_per_week": 32,
                    },
                    "consent": [{"organisation": "WSP Midden-Utrecht", "purposes": ["matching"]}],
                }
            ]
        }
    }

    profile: Profile
    consent: list[ConsentGrant] = Field(default_factory=list, max_length=50)


class ProfileFromText(BaseModel):
    """A CV as plain text, with the consent choice."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "text": "Kok\n\nIk werk tien jaar als kok en ken HACCP en menuplanning.",
                    "consent": [{"organisation": "WSP Midden-Utrecht", "purposes": ["matching"]}],
                }
            ]
        }
    }

    text: str = Field(min_length=1, max_length=100_000)
    consent: list[ConsentGrant] = Field(default_factory=list, max_length=50)
    keep_text: bool = Field(False, description="Store the CV text with the profile")


class ProfileOut(BaseModel):
    id: str
    version: int = Field(description="Send it back as If-Match (the ETag) when you write")
    updated_at: str
    profile: Profile
    consent: list[ConsentGrant]


class ProfileList(BaseModel):
    items: list[ProfileOut]
    next_after: str | None = Field(None, description="Pass as `after` for the next page")


class ConsentUpdate(BaseModel):
    consent: list[ConsentGrant] = Field(max_length=50)


class SkillConfirm(BaseModel):
    uri: str = Field(min_length=1, max_length=300)
    level: int | None = Field(None, ge=1, le=5)


class VacancyFromText(BaseModel):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "title": "Zelfstandig werkend kok",
                    "text": "Wat vragen wij: ervaring met het bereiden van maaltijden, HACCP.",
                }
            ]
        }
    }

    title: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=100_000)


class VacancyOut(BaseModel):
    id: str
    version: int
    updated_at: str
    vacancy: Vacancy


class VacancyList(BaseModel):
    items: list[VacancyOut]
    next_after: str | None = None


class MatchOut(BaseModel):
    id: str
    kind: str
    title: str | None = None
    score: float
    te_maken: bool
    matched: list[dict]
    missing_essential: list[dict]
    missing_optional: list[dict]
    parts: dict
    unverified: list[str]
    summary: str


class MatchPageOut(BaseModel):
    matches: list[MatchOut]
    offset: int
    limit: int
    total: int = Field(description="Records that pass consent and the hard filters")
    n_excluded: int
    excluded: dict[str, int]


class JobOut(BaseModel):
    id: str
    kind: str
    status: str
    total: int
    done: int
    failed: int
    error: str | None = None
    created_at: str
    updated_at: str
    items: list[dict]


class KeyCreate(BaseModel):
    role: str = Field(examples=["consultant"])
    organisation: str | None = Field(None, max_length=200)
    name: str = Field("", max_length=200)


class KeyCreated(BaseModel):
    key_id: str
    key: str = Field(description="Shown once; store it now")
    role: str
    organisation: str | None = None


class ErrorDetail(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["no profile with id 1234"])
    details: dict = Field(default_factory=dict)


class ErrorBody(BaseModel):
    """The one error body of every endpoint."""

    error: ErrorDetail


#: Error responses every keyed endpoint may give (documented once for the OpenAPI schema).
COMMON_ERRORS: dict[int | str, dict] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in {
        401: "Missing, unknown or revoked API key",
        403: "The key's role may not do this",
        404: "Not found (or not visible to this key)",
        409: "Conflict: stale version or existing id",
        413: "Upload too large",
        422: "Invalid input",
        428: "If-Match required",
        429: "Too many requests (see Retry-After)",
    }.items()
}
