"""The routers of the web pages, one per area."""

from __future__ import annotations

from fastapi import APIRouter

from api.web.routes import consultant, jobseeker, sector, signin, suggest

router = APIRouter()
for _module in (signin, jobseeker, consultant, sector, suggest):
    router.include_router(_module.router)
