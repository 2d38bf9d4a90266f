"""Bulk import jobs: submit many CVs or vacancy texts, follow their progress."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import PrincipalDep, ServicesDep
from api.schemas import JobOut
from api.services.jobs import MAX_JOB_ITEMS, JobKind, ProfileItem, VacancyItem

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])


class ProfileImport(BaseModel):
    items: list[ProfileItem] = Field(min_length=1, max_length=MAX_JOB_ITEMS)


class VacancyImport(BaseModel):
    items: list[VacancyItem] = Field(min_length=1, max_length=MAX_JOB_ITEMS)


@router.post("/profiles", response_model=JobOut, status_code=202)
def import_profiles(body: ProfileImport, who: PrincipalDep, services: ServicesDep) -> JobOut:
    """Start a bulk import of CV texts; returns at once with the job id."""
    return JobOut(**services.jobs.submit(who, JobKind.PROFILES, body.items))


@router.post("/vacancies", response_model=JobOut, status_code=202)
def import_vacancies(body: VacancyImport, who: PrincipalDep, services: ServicesDep) -> JobOut:
    """Start a bulk import of vacancy texts; returns at once with the job id."""
    return JobOut(**services.jobs.submit(who, JobKind.VACANCIES, body.items))


@router.get("/{job_id}", response_model=JobOut)
def job_status(job_id: str, who: PrincipalDep, services: ServicesDep) -> JobOut:
    """Progress and result per item (its creator or an admin)."""
    return JobOut(**services.jobs.status(who, job_id))
