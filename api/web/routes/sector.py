"""Sectorbeeld: for an occupation (found by its title), where its workers can go, with the
skills that carry over, for bedrijf-A-naar-bedrijf-B conversations. No personal data."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from starlette.requests import Request
from starlette.responses import Response

from api.web.auth import ServicesDep, UserDep
from api.web.routes.common import web_router
from api.web.templating import render

router = web_router("/sector")

TRANSITIONS_SHOWN = 10
OCCUPATIONS_SHOWN = 8


@router.get("")
def sector(
    request: Request,
    user: UserDep,
    services: ServicesDep,
    q: Annotated[str, Query(max_length=200)] = "",
    beroep: Annotated[str, Query(max_length=300)] = "",
) -> Response:
    """Search an occupation by title; for a chosen one, its overstapberoepen."""
    found, ranking = [], None
    if q.strip() and not beroep:
        search = services.runtime.occupation_search()
        (found,) = search.search([q.strip()], OCCUPATIONS_SHOWN, user.langs)
    if beroep:
        ranking = services.advice.transitions_from_occupation(
            beroep, top=TRANSITIONS_SHOWN, langs=user.langs
        )
    context = {"q": q, "found": found, "ranking": ranking, "occupation_uri": beroep}
    return render(request, "sector.html", context)
