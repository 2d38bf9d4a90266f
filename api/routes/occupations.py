"""Occupation search."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.deps import RuntimeDep
from api.schemas import OccupationResult, OccupationSearchResponse
from matcher.search.occupation_search import MAX_QUERY_CHARS
from taxonomy.concepts import label_langs

router = APIRouter(prefix="/v1/occupations", tags=["occupations"])


@router.get("/search", response_model=OccupationSearchResponse)
async def search_occupations(
    runtime: RuntimeDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY_CHARS,
            description="Functietitel / job title",
            examples=["verpleegkundige"],
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    lang: Annotated[Literal["nl", "en"], Query(description="Label language of the results")] = "nl",
) -> OccupationSearchResponse:
    """Ranked ESCO occupations for a free-text job title (Dutch or English)."""
    langs = label_langs(lang)
    engine = await run_in_threadpool(runtime.occupation_search)
    [matches] = await run_in_threadpool(engine.search, [q], limit, langs)
    return OccupationSearchResponse(
        query=q, results=[OccupationResult(**m.as_dict()) for m in matches]
    )
