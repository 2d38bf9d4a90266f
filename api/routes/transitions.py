"""Overstapberoepen from an occupation (no personal data; any role)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import PrincipalDep, ServicesDep
from api.routes.paging import LangQuery
from taxonomy.concepts import label_langs

router = APIRouter(prefix="/v1/transitions", tags=["transitions"])


@router.get("")
def transitions_from_occupation(
    who: PrincipalDep,
    services: ServicesDep,
    occupation: Annotated[str, Query(min_length=1, max_length=300, description="ESCO URI")],
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    lang: LangQuery = "nl",
) -> dict:
    """Where workers of an occupation can go, ranked by feasibility, with what carries over."""
    langs = label_langs(lang)
    ranking = services.advice.transitions_from_occupation(occupation, top=top, langs=langs)
    return ranking.as_dict(lang)
