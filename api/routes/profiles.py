"""Jobseeker profiles: CRUD, CV upload, skills, consent, export, matches, transitions, gaps."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from pydantic import TypeAdapter, ValidationError

from api.deps import PrincipalDep, ServicesDep, VersionDep
from api.routes.paging import LangQuery, MatchLimitQuery, OffsetQuery, match_page_response
from api.schemas import (
    ConsentUpdate,
    MatchPageOut,
    ProfileCreate,
    ProfileFromText,
    ProfileList,
    ProfileOut,
    SkillConfirm,
)
from api.services.consent import ConsentGrant
from api.services.principal import Purpose
from api.services.profiles import ProfileView
from matcher.records import Profile
from taxonomy.concepts import label_langs
from taxonomy.errors import BadInputError

router = APIRouter(prefix="/v1/profiles", tags=["profiles"])

_GRANTS = TypeAdapter(list[ConsentGrant])
PurposeQuery = Annotated[Purpose, Query(description="Why you look (must be in the consent)")]


def _out(view: ProfileView, response: Response | None = None) -> ProfileOut:
    stored = view.stored
    if response is not None:
        response.headers["ETag"] = f'"{stored.version}"'
    return ProfileOut(
        id=stored.id,
        version=stored.version,
        updated_at=stored.updated_at.isoformat(),
        profile=stored.record,
        consent=view.consent,
    )


@router.post("", response_model=ProfileOut, status_code=201)
def create_profile(
    body: ProfileCreate, who: PrincipalDep, services: ServicesDep, response: Response
) -> ProfileOut:
    """A profile from JSON. Consultants must include their organisation in the consent."""
    return _out(services.profiles.create(who, body.profile, body.consent), response)


@router.post("/from-text", response_model=ProfileOut, status_code=201)
def create_profile_from_text(
    body: ProfileFromText, who: PrincipalDep, services: ServicesDep, response: Response
) -> ProfileOut:
    """A profile from a CV pasted as text: skills extracted with evidence, occupation guessed."""
    view = services.profiles.create_from_text(
        who, body.text, body.consent, keep_text=body.keep_text
    )
    return _out(view, response)


@router.post("/from-cv", response_model=ProfileOut, status_code=201)
def create_profile_from_cv(
    who: PrincipalDep,
    services: ServicesDep,
    response: Response,
    file: Annotated[UploadFile, File(description="CV as PDF, DOCX or TXT")],
    consent: Annotated[
        str,
        Form(description='JSON list, e.g. [{"organisation": "WSP X", "purposes": ["matching"]}]'),
    ] = "[]",
    keep_text: Annotated[bool, Form()] = False,
) -> ProfileOut:
    """A profile from an uploaded CV (size, pages and parse time are bounded)."""
    grants = _parse_grants(consent)
    services.profiles.check_can_create(who, grants)
    data = file.file.read(services.settings.max_upload_bytes + 1)
    document = services.documents.parse(data, file.filename or "")
    view = services.profiles.create_from_text(who, document.text, grants, keep_text=keep_text)
    return _out(view, response)


def _parse_grants(text: str) -> list[ConsentGrant]:
    try:
        return _GRANTS.validate_python(json.loads(text))
    except (json.JSONDecodeError, ValidationError) as err:
        raise BadInputError(f"consent: not a valid consent list ({str(err)[:200]})") from None


@router.get("", response_model=ProfileList)
def list_profiles(
    who: PrincipalDep,
    services: ServicesDep,
    purpose: PurposeQuery = Purpose.MATCHING,
    after: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ProfileList:
    """The profiles you may see (consultants: consented for `purpose`), ordered by id."""
    page = services.profiles.list(who, purpose=purpose, after=after, limit=limit)
    grants = services.consent.grants_of([s.id for s in page])
    items = [_out(ProfileView(s, grants[s.id])) for s in page]
    return ProfileList(items=items, next_after=items[-1].id if len(items) == limit else None)


@router.get("/{profile_id}", response_model=ProfileOut)
def get_profile(
    profile_id: str,
    who: PrincipalDep,
    services: ServicesDep,
    response: Response,
    purpose: PurposeQuery = Purpose.MATCHING,
) -> ProfileOut:
    return _out(services.profiles.get(who, profile_id, purpose), response)


@router.put("/{profile_id}", response_model=ProfileOut)
def update_profile(
    profile_id: str,
    body: Profile,
    who: PrincipalDep,
    services: ServicesDep,
    version: VersionDep,
    response: Response,
) -> ProfileOut:
    """Replace the profile; `If-Match` must carry the version you read (else 409/428)."""
    return _out(services.profiles.update(who, profile_id, body, version), response)


@router.post("/{profile_id}/skills", response_model=ProfileOut)
def confirm_skill(
    profile_id: str,
    body: SkillConfirm,
    who: PrincipalDep,
    services: ServicesDep,
    version: VersionDep,
    response: Response,
) -> ProfileOut:
    """Confirm an extracted skill, or add one by hand (source `manual`)."""
    view = services.profiles.confirm_skill(who, profile_id, body.uri, version, level=body.level)
    return _out(view, response)


@router.delete("/{profile_id}/skills", response_model=ProfileOut)
def remove_skill(
    profile_id: str,
    uri: Annotated[str, Query(min_length=1, max_length=300)],
    who: PrincipalDep,
    services: ServicesDep,
    version: VersionDep,
    response: Response,
) -> ProfileOut:
    """Remove a skill (e.g. a wrongly extracted one)."""
    return _out(services.profiles.remove_skill(who, profile_id, uri, version), response)


@router.put("/{profile_id}/consent", response_model=list[ConsentGrant])
def set_consent(
    profile_id: str, body: ConsentUpdate, who: PrincipalDep, services: ServicesDep
) -> list[ConsentGrant]:
    """The person (or an admin) decides which organisations may see the profile."""
    return services.profiles.set_consent(who, profile_id, body.consent)


@router.get("/{profile_id}/export")
def export_profile(profile_id: str, who: PrincipalDep, services: ServicesDep) -> dict:
    """Everything stored about the person, including who accessed the profile (AVG art. 15)."""
    return services.profiles.export(who, profile_id)


@router.delete("/{profile_id}", status_code=204)
def delete_profile(profile_id: str, who: PrincipalDep, services: ServicesDep) -> Response:
    """Right to be forgotten: removes the profile from the database, the index and disk."""
    services.profiles.delete(who, profile_id)
    return Response(status_code=204)


@router.get("/{profile_id}/vacancies", response_model=MatchPageOut)
def vacancies_for_profile(
    profile_id: str,
    who: PrincipalDep,
    services: ServicesDep,
    offset: OffsetQuery = 0,
    limit: MatchLimitQuery = 10,
    lang: LangQuery = "nl",
) -> Response:
    """Vacancies for this person, best first, each explained."""
    page = services.matching.vacancies(who, profile_id, offset=offset, limit=limit)
    return match_page_response(page, lang)


@router.get("/{profile_id}/transitions")
def transitions_for_profile(
    profile_id: str,
    who: PrincipalDep,
    services: ServicesDep,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    lang: LangQuery = "nl",
) -> dict:
    """Overstapberoepen for this person (purpose `career_advice`)."""
    langs = label_langs(lang)
    ranking = services.advice.transitions_for_profile(who, profile_id, top=top, langs=langs)
    return ranking.as_dict(lang)


@router.get("/{profile_id}/gap")
def gap_for_profile(
    profile_id: str,
    who: PrincipalDep,
    services: ServicesDep,
    occupation: Annotated[str | None, Query(max_length=300)] = None,
    vacancy: Annotated[str | None, Query(max_length=64)] = None,
    lang: LangQuery = "nl",
) -> dict:
    """What the person has, nearly has and lacks for an occupation URI or a stored vacancy."""
    langs = label_langs(lang)
    gap = services.advice.gap(
        who, profile_id, occupation=occupation, vacancy_id=vacancy, langs=langs
    )
    return gap.as_dict(lang)
