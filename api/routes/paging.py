"""Shared response shaping of ranked result pages."""

from __future__ import annotations

from api.schemas import MatchOut, MatchPageOut
from matcher.ranking.explanation import MatchPage


def match_page_out(page: MatchPage, lang: str) -> MatchPageOut:
    return MatchPageOut(
        matches=[MatchOut(**m.as_dict(lang)) for m in page.matches],
        offset=page.offset,
        limit=page.limit,
        total=page.total,
        n_excluded=page.n_excluded,
        excluded=dict(page.excluded),
    )
