"""Shared query parameters and response shaping of ranked result pages."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

from api.schemas import MatchOut, MatchPageOut
from matcher.ranking.explanation import MatchPage

#: Query parameters shared by the ranked-result endpoints.
LangQuery = Annotated[Literal["nl", "en"], Query()]
OffsetQuery = Annotated[int, Query(ge=0, le=10_000)]
MatchLimitQuery = Annotated[int, Query(ge=1, le=100)]


def match_page_out(page: MatchPage, lang: str) -> MatchPageOut:
    return MatchPageOut(
        matches=[MatchOut(**m.as_dict(lang)) for m in page.matches],
        offset=page.offset,
        limit=page.limit,
        total=page.total,
        n_excluded=page.n_excluded,
        excluded=dict(page.excluded),
    )
