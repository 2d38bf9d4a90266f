"""One occupation from what a user typed: an ESCO occupation URI, or a job title to search.

A URI must name an occupation of the active taxonomy (``NotFoundError`` otherwise, also for the
URI of a skill or an ISCO group). Anything else is a title, resolved to the best hit of the
occupation search; the result keeps the label that matched and the search score so that a
surprising resolution can be seen. An empty title is a ``BadInputError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from matcher.search.occupation_search import OccupationSearch
from taxonomy.concepts import DEFAULT_LANGS, ESCO_BASE
from taxonomy.errors import BadInputError, NotFoundError
from taxonomy.taxonomy import Taxonomy


@dataclass(frozen=True)
class ResolvedOccupation:
    """The occupation an input names and how it was found."""

    uri: str
    label: str
    resolved_by: Literal["uri", "search"]
    matched_label: str | None = None
    search_score: float | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "uri": self.uri,
            "label": self.label,
            "resolved_by": self.resolved_by,
        }
        if self.resolved_by == "search":
            out |= {"matched_label": self.matched_label, "search_score": self.search_score}
        return out


def resolve_occupation(
    text: str,
    taxonomy: Taxonomy,
    search: OccupationSearch | None,
    *,
    langs: tuple[str, ...] = DEFAULT_LANGS,
) -> ResolvedOccupation:
    """The occupation ``text`` names (URI) or the best search hit for it (title)."""
    query = text.strip()
    if not query:
        raise BadInputError("empty occupation: give an ESCO occupation URI or a job title")
    if query.startswith(ESCO_BASE):
        occupation = taxonomy.occupations.get(query)
        if occupation is None:
            raise NotFoundError(f"no occupation with URI {query} in taxonomy {taxonomy.version}")
        return ResolvedOccupation(query, occupation.label(langs).text, "uri")
    if search is None:
        raise BadInputError("a job title needs the occupation search; give an ESCO URI instead")
    hits = search.search([query], top=1, langs=langs)[0]
    if not hits:
        raise NotFoundError(f"no occupation found for {query!r}")
    hit = hits[0]
    return ResolvedOccupation(
        hit.uri,
        hit.label,
        "search",
        matched_label=hit.matched_label,
        search_score=round(hit.score, 6),
    )
