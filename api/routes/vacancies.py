"""Vacancies: CRUD, from text, and their candidates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile

from api.deps import PrincipalDep, ServicesDep, VersionDep
from api.routes.paging import LangQuery, MatchLimitQuery, OffsetQuery, match_page_response
from api.schemas import MatchPageOut, VacancyFromText, VacancyList, VacancyOut
from matcher.records import Vacancy
from matcher.storage.store import Stored

router = APIRouter(prefix="/v1/vacancies", tags=["vacancies"])


def _out(stored: Stored[Vacancy], response: Response | None = None) -> VacancyOut:
    if response is not None:
        response.headers["ETag"] = f'"{stored.version}"'
    return VacancyOut(
        id=stored.id,
        version=stored.version,
        updated_at=stored.updated_at.isoformat(),
        vacancy=stored.record,
    )


@router.post("", response_model=VacancyOut, status_code=201)
def create_vacancy(
    body: Vacancy, who: PrincipalDep, services: ServicesDep, response: Response
) -> VacancyOut:
    """A vacancy from JSON; without an occupation it is linked from the title."""
    return _out(services.vacancies.create(who, body), response)


@router.post("/from-text", response_model=VacancyOut, status_code=201)
def create_vacancy_from_text(
    body: VacancyFromText, who: PrincipalDep, services: ServicesDep, response: Response
) -> VacancyOut:
    """A vacancy from its text: essential and optional skills extracted (editable after)."""
    return _out(services.vacancies.create_from_text(who, body.title, body.text), response)


@router.post("/from-file", response_model=VacancyOut, status_code=201)
def create_vacancy_from_file(
    who: PrincipalDep,
    services: ServicesDep,
    response: Response,
    file: Annotated[UploadFile, File(description="The vacancy text as PDF, DOCX or TXT")],
    title: Annotated[str, Form(min_length=1, max_length=300)],
) -> VacancyOut:
    """A vacancy from an uploaded document (size, pages and parse time are bounded)."""
    data = file.file.read(services.settings.max_upload_bytes + 1)
    document = services.documents.parse(data, file.filename or "")
    return _out(services.vacancies.create_from_text(who, title, document.text), response)


@router.get("", response_model=VacancyList)
def list_vacancies(
    who: PrincipalDep,
    services: ServicesDep,
    after: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> VacancyList:
    page = services.vacancies.list(who, after=after, limit=limit)
    items = [_out(s) for s in page]
    return VacancyList(items=items, next_after=items[-1].id if len(items) == limit else None)


@router.get("/{vacancy_id}", response_model=VacancyOut)
def get_vacancy(
    vacancy_id: str, who: PrincipalDep, services: ServicesDep, response: Response
) -> VacancyOut:
    return _out(services.vacancies.get(who, vacancy_id), response)


@router.put("/{vacancy_id}", response_model=VacancyOut)
def update_vacancy(
    vacancy_id: str,
    body: Vacancy,
    who: PrincipalDep,
    services: ServicesDep,
    version: VersionDep,
    response: Response,
) -> VacancyOut:
    """Replace the vacancy (e.g. edited skills); `If-Match` carries the version you read.

    Only consultants of the organisation the vacancy belongs to (and admins) may change it."""
    return _out(services.vacancies.update(who, vacancy_id, body, version), response)


@router.delete("/{vacancy_id}", status_code=204)
def delete_vacancy(vacancy_id: str, who: PrincipalDep, services: ServicesDep) -> Response:
    """Delete the vacancy (consultants of the organisation it belongs to, and admins)."""
    services.vacancies.delete(who, vacancy_id, None)
    return Response(status_code=204)


@router.get("/{vacancy_id}/candidates", response_model=MatchPageOut)
def candidates_for_vacancy(
    vacancy_id: str,
    who: PrincipalDep,
    services: ServicesDep,
    offset: OffsetQuery = 0,
    limit: MatchLimitQuery = 10,
    lang: LangQuery = "nl",
) -> Response:
    """Candidates for the vacancy, best first, explained; only profiles whose consent lets your
    organisation see them for matching, filtered before ranking."""
    page = services.matching.candidates(who, vacancy_id, offset=offset, limit=limit)
    return match_page_response(page, lang)
