"""The *kansrijk* (promising) component of a transition: labour-market demand mixed into the score.

With a user-supplied :class:`~matcher.transitions.labour_market.LabourMarketTable` every target
occupation
gets its demand in [0, 1] (the table's most specific row for its URI or ISCO code, and region),
and the score becomes::

    score = (1 - weight) * feasibility + weight * demand

``weight`` defaults to 0.25: demand should reorder occupations a person can reach, not lift one
they cannot (a target with feasibility 0.3 and top demand scores 0.475, below one with
feasibility 0.65 and no demand, 0.4875). An occupation the table does not cover counts as
``unknown_demand`` = 0.5, halfway, neither rewarded nor punished, and its result says the demand is
unknown. *Kansrijk* means demand ≥ ``kansrijk_threshold`` (0.5; a ja/nee flag gives 1 or 0);
the kansrijk-only filter drops every other target, including those with unknown demand.
Without a table the score is the feasibility itself and the ranking says it is skills-only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.transitions.labour_market import LabourMarketTable
from taxonomy.taxonomy import Taxonomy

SKILLS_ONLY = "skills-only"
SKILLS_AND_LABOUR_MARKET = "skills+labour-market"


@dataclass(frozen=True)
class DemandMix:
    """How demand enters the score (parameters: see the module docstring)."""

    weight: float = 0.25
    unknown_demand: float = 0.5
    kansrijk_threshold: float = 0.5

    def __post_init__(self) -> None:
        if not 0 <= self.weight <= 1:
            raise ValueError("weight must lie in [0, 1]")

    def demand(
        self,
        table: LabourMarketTable,
        taxonomy: Taxonomy,
        occupation_uris: Sequence[str],
        region: str | None = None,
    ) -> np.ndarray:
        """Demand per occupation, NaN where the table does not cover it."""
        out = np.full(len(occupation_uris), np.nan)
        for i, uri in enumerate(occupation_uris):
            row = table.demand(uri, taxonomy.occupations[uri].isco_code, region)
            if row is not None:
                out[i] = row.demand
        return out

    def combine(self, feasibility: np.ndarray, demand: np.ndarray) -> np.ndarray:
        known = np.where(np.isnan(demand), self.unknown_demand, demand)
        return (1.0 - self.weight) * feasibility + self.weight * known

    def kansrijk(self, demand: np.ndarray) -> np.ndarray:
        """True where demand is known and at least the threshold."""
        return np.nan_to_num(demand, nan=-1.0) >= self.kansrijk_threshold
