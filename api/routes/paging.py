"""Shared query parameters and response shaping of ranked result pages."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Response
from pydantic_core import to_json

from matcher.ranking.explanation import MatchPage

#: Query parameters shared by the ranked-result endpoints.
LangQuery = Annotated[Literal["nl", "en"], Query()]
OffsetQuery = Annotated[int, Query(ge=0, le=10_000)]
MatchLimitQuery = Annotated[int, Query(ge=1, le=100)]


def match_page_response(page: MatchPage, lang: str) -> Response:
    """The page as ``MatchPageOut`` JSON, serialised once.

    The explanations are built by the matcher and already have the schema's shape; building
    MatchOut models and letting FastAPI validate and dump them again took 13% of the samples
    that held the GIL in a service worker (py-spy --gil, 8 clients, 100k profiles).
    ``tests/api`` checks the bodies against the OpenAPI schema (schemathesis) and field by field.
    """
    body = {
        "matches": [m.as_dict(lang) for m in page.matches],
        "offset": page.offset,
        "limit": page.limit,
        "total": page.total,
        "n_excluded": page.n_excluded,
        "excluded": dict(page.excluded),
    }
    return Response(to_json(body), media_type="application/json")
