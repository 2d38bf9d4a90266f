"""Skill suggestions for the autocomplete of skill forms (JSON, Dutch labels first)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from starlette.responses import JSONResponse

from api.web.auth import ServicesDep, UserDep
from api.web.routes.common import web_router
from api.web.skill_groups import TYPE_NAMES

router = web_router("/suggesties")


@router.get("/skills")
def suggest_skills(
    user: UserDep, services: ServicesDep, q: Annotated[str, Query(max_length=100)] = ""
) -> JSONResponse:
    if not q.strip():
        return JSONResponse([])
    suggestions = services.runtime.skill_autocomplete.suggest(q, lang=user.lang, limit=8)
    return JSONResponse(
        [
            {"uri": s.uri, "label": s.label, "lang": s.lang, "type": user._(TYPE_NAMES[s.type])}
            for s in suggestions
        ]
    )
