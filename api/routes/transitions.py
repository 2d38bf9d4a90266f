"""Overstapberoepen from an occupation (no personal data; any role)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import PrincipalDep, ServicesDep

router = APIRouter(prefix="/v1/transitions", tags=["transitions"])


@router.get("")
def transitions_from_occupation(
    who: PrincipalDep,
    services: ServicesDep,
    occupation: Annotated[str, Query(min_length=1, max_length=300, description="ESCO URI")],
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    lang: Annotated[Literal["nl", "en"], Query()] = "nl",
) -> dict:
    """Where workers of an occupation can go, ranked by feasibility, with what carries over."""
    langs = ("en", "nl") if lang == "en" else ("nl", "en")
    ranking = services.advice.transitions_from_occupation(occupation, top=top, langs=langs)
    return ranking.as_dict(lang)
